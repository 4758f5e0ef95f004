"""Parquet output typed from the record's JSON Schema, so every file of a corpus has one Arrow schema.

Letting pyarrow infer types from the records would give each file (even each row group) its own
schema: a batch with no dates makes `datePublished` a null column, one with a new removal
category grows a struct field. Typing the columns from the JSON Schema that ships with the
package gives one schema for every file, which pandas, Polars, DuckDB and `datasets` can union.

`arrow_schema()` is a generic JSON-Schema -> Arrow converter (types, nullable unions, `$ref`,
`const`, `enum`, nested objects and arrays, maps for objects with only `additionalProperties`).
A node it cannot type as one Arrow type (a union of two non-null types, an object with no
declared shape) becomes a string column holding that value as JSON, so nothing is lost.

Needs the `parquet` extra: `pip install 'cleaner[parquet]'`.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

# Records per row group: ~1,000 cleaned articles is a few MB, large enough for good compression
# and column statistics, small enough that a streaming batch holds little in memory.
ROW_GROUP_RECORDS = 1000
SCALARS: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
}
# A value stored as a JSON string because the schema gives it no single Arrow type.
JSON_FIELD_METADATA = {b"cleaner.encoding": b"json"}
# The schema the metadata branch ships; until it lands, FALLBACK_RECORD_SCHEMA (the record as
# Article.to_dict() writes it today) types the columns.
RECORD_SCHEMA_RESOURCE = ("cleaner.schema", "record.schema.json")

_NULLABLE_STRING: dict[str, Any] = {"type": ["string", "null"]}
_REMOVAL: dict[str, Any] = {
    "type": "object",
    "properties": {
        "rule": {"type": "string"},
        "category": {"type": "string"},
        "text": {"type": "string"},
        "line": {"type": "integer"},
        "field": _NULLABLE_STRING,
    },
}
FALLBACK_RECORD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": _NULLABLE_STRING,
        "url": _NULLABLE_STRING,
        "source": _NULLABLE_STRING,
        "headline": _NULLABLE_STRING,
        "description": _NULLABLE_STRING,
        "author": _NULLABLE_STRING,
        "datePublished": _NULLABLE_STRING,
        "datePublishedRaw": _NULLABLE_STRING,
        "dateModified": _NULLABLE_STRING,
        "dateModifiedRaw": _NULLABLE_STRING,
        "publisher": _NULLABLE_STRING,
        "inLanguage": _NULLABLE_STRING,
        "articleBody": {"type": "string"},
        "image": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"caption": _NULLABLE_STRING, "credit": _NULLABLE_STRING, "alt": _NULLABLE_STRING},
            },
        },
        "removed": {"type": "array", "items": _REMOVAL},
        "extracted": {"type": "array", "items": _REMOVAL},
        "warnings": {"type": "array", "items": {"type": "string"}},
        "stats": {
            "type": "object",
            "properties": {
                "input_chars": {"type": "integer"},
                "body_chars": {"type": "integer"},
                "removed_spans": {"type": "integer"},
                "removed_chars": {"type": "integer"},
                "removed_by_category": {"type": "object", "additionalProperties": {"type": "integer"}},
                "images": {"type": "integer"},
            },
        },
    },
}


class SchemaError(ValueError):
    """A JSON Schema construct the converter cannot read (a remote `$ref`, say)."""


def record_json_schema() -> dict[str, Any]:
    """The packaged record schema, or the current record shape until that file ships."""
    package, name = RECORD_SCHEMA_RESOURCE
    try:
        text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return FALLBACK_RECORD_SCHEMA
    loaded: dict[str, Any] = json.loads(text)
    return loaded


class _Converter:
    """Walks one JSON Schema document; `$ref`s resolve against its root."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        seen: set[str] = set()
        while "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
                raise SchemaError(f"cannot follow $ref {ref!r} (only local, non-circular refs)")
            seen.add(ref)
            target: Any = self.root
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def variants(self, node: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        """The non-null alternatives of a node: `type` lists, oneOf/anyOf, with nulls removed."""
        node = self.resolve(node)
        for key in ("oneOf", "anyOf"):
            if key in node:
                out: list[Mapping[str, Any]] = []
                for alt in node[key]:
                    out.extend(self.variants(alt))
                return out
        types = node.get("type")
        if isinstance(types, list):
            return [{**node, "type": t} for t in types if t != "null"]
        if types == "null":
            return []
        return [node]

    def arrow_type(self, node: Mapping[str, Any]) -> pa.DataType | None:
        """The Arrow type of a node, or None when it needs the JSON-string fallback."""
        alts = self.variants(node)
        if len(alts) != 1:
            if not alts:
                return pa.null()
            types = {self.arrow_type(a) for a in alts}
            return types.pop() if len(types) == 1 else None
        alt = alts[0]
        kind = alt.get("type")
        if kind is None and "const" in alt:
            kind = _json_type(alt["const"])
        if kind is None and "enum" in alt:
            kinds = {_json_type(v) for v in alt["enum"] if v is not None}
            kind = kinds.pop() if len(kinds) == 1 else None
        if kind in SCALARS:
            return SCALARS[kind]
        if kind == "array":
            items = alt.get("items")
            item_type = self.arrow_type(items) if isinstance(items, Mapping) else None
            return pa.list_(self._field("item", items) if item_type is not None else _json_field("item"))
        if kind == "object":
            props = alt.get("properties")
            if props:
                return pa.struct([self._field(name, sub) for name, sub in props.items()])
            extra = alt.get("additionalProperties")
            if isinstance(extra, Mapping):
                value_type = self.arrow_type(extra)
                if value_type is not None:
                    return pa.map_(pa.string(), value_type)
        return None

    def _field(self, name: str, node: Any) -> pa.Field:
        typ = self.arrow_type(node) if isinstance(node, Mapping) else None
        return _json_field(name) if typ is None else pa.field(name, typ, nullable=True)


def _json_type(value: Any) -> str | None:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return None


def _json_field(name: str) -> pa.Field:
    return pa.field(name, pa.string(), nullable=True, metadata=JSON_FIELD_METADATA)


def arrow_schema(json_schema: Mapping[str, Any]) -> pa.Schema:
    """The Arrow schema of an object-typed JSON Schema: one column per top-level property."""
    conv = _Converter(json_schema)
    top = conv.variants(json_schema)
    if len(top) != 1 or not top[0].get("properties"):
        raise SchemaError("the top level of a record schema must be an object with properties")
    return pa.schema([conv._field(name, node) for name, node in top[0]["properties"].items()])


Coerce = Callable[[Any], Any]


def _json_text(value: Any) -> Any:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _plan(field: pa.Field) -> Coerce | None:
    """How to shape a JSON value for this column, or None when pyarrow takes it as it is.

    Planned once per schema, not per value: pyarrow already ignores keys a struct lacks and
    fills missing ones with null, so only JSON-fallback nodes (and what contains them) need work.
    """
    typ = field.type
    if field.metadata == JSON_FIELD_METADATA:
        return _json_text
    if pa.types.is_struct(typ):
        subs = [(typ.field(i).name, _plan(typ.field(i))) for i in range(typ.num_fields)]
        active = [(name, plan) for name, plan in subs if plan is not None]
        if not active:
            return None

        def struct(value: Any) -> Any:
            if not isinstance(value, Mapping):
                return value
            out = dict(value)
            for name, plan in active:
                out[name] = plan(value.get(name))
            return out

        return struct
    if pa.types.is_list(typ) or pa.types.is_map(typ):
        inner = _plan(typ.value_field if pa.types.is_list(typ) else typ.item_field)
        if inner is None:
            return None
        if pa.types.is_list(typ):
            return lambda value: [inner(v) for v in value] if isinstance(value, list) else value
        return lambda value: {k: inner(v) for k, v in value.items()} if isinstance(value, Mapping) else value
    return None


def records_to_table(records: Iterable[Mapping[str, Any]], schema: pa.Schema) -> pa.Table:
    """Records to a table of exactly `schema`: missing keys are null, keys the schema lacks are left out."""
    plans = [(f.name, _plan(f)) for f in schema]
    rows = [{name: (plan(rec.get(name)) if plan else rec.get(name)) for name, plan in plans} for rec in records]
    return pa.Table.from_pylist(rows, schema=schema)


def is_error_record(record: Mapping[str, Any]) -> bool:
    """Batch stand-ins for failed or skipped documents ({id, source, error|skipped}) belong in the report."""
    return ("error" in record or "skipped" in record) and "articleBody" not in record


class ParquetRecordWriter:
    """Write records to one Parquet file in row groups; the file appears only when writing succeeded.

    It also accepts JSONL text through `write(str)`, so the batch can hand it the same lines it
    would write to a JSONL stream; error records are left to the report.
    """

    def __init__(
        self,
        target: str | Path,
        json_schema: Mapping[str, Any] | None = None,
        row_group_records: int = ROW_GROUP_RECORDS,
    ) -> None:
        self.target = Path(target)
        self.schema = arrow_schema(json_schema if json_schema is not None else record_json_schema())
        self.row_group_records = row_group_records
        self.written = 0
        self._buffer: list[Mapping[str, Any]] = []
        self._partial = ""
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.target.name}.cleaner-tmp-", dir=self.target.parent)
        os.close(fd)
        self._tmp = Path(tmp)
        self._writer = pq.ParquetWriter(str(self._tmp), self.schema)

    def add(self, record: Mapping[str, Any]) -> None:
        """Queue one record; a full row group is written out."""
        if is_error_record(record):
            return
        self._buffer.append(record)
        if len(self._buffer) >= self.row_group_records:
            self._flush_rows()

    def write(self, text: str) -> int:
        """Take JSONL text (whole or partial lines), as a text stream would."""
        data = self._partial + text
        *lines, self._partial = data.split("\n")
        for line in lines:
            if line.strip():
                self.add(json.loads(line))
        return len(text)

    def flush(self) -> None:
        """Row groups are cut by size, not by flushes: a flush per 256 lines would make tiny groups."""

    def _flush_rows(self) -> None:
        if self._buffer:
            self._writer.write_table(records_to_table(self._buffer, self.schema))
            self.written += len(self._buffer)
            self._buffer = []

    def close(self) -> None:
        """Write what is left, close the file and move it into place."""
        if self._partial.strip():
            self.add(json.loads(self._partial))
            self._partial = ""
        self._flush_rows()
        self._writer.close()
        os.chmod(self._tmp, 0o644)
        os.replace(self._tmp, self.target)

    def abort(self) -> None:
        """Drop the partial file: an interrupted run leaves no half-written Parquet behind."""
        self._writer.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> ParquetRecordWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
