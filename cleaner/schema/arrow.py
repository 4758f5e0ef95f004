"""The record's Arrow schema and `datasets` Features, derived from the JSON Schema file.

Arrow infers a column's type from the values it sees: a batch whose records all lack a date infers
`null`, the next batch `string`, and `datasets.Dataset.map` then fails to cast one to the other.
Passing these types up front gives every batch the same schema. They are computed from
record.schema.json, so the two can never disagree. pyarrow and datasets are optional: import this
module only where they are installed (`pip install cleaner[parquet]` brings pyarrow).
"""

from __future__ import annotations

from typing import Any

from cleaner.schema import record_schema


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    if "oneOf" in node:
        non_null = [n for n in node["oneOf"] if n.get("type") != "null"]
        node = _resolve(non_null[0], root)
    return node


def _arrow_type(node: dict[str, Any], root: dict[str, Any]) -> Any:
    import pyarrow as pa

    node = _resolve(node, root)
    types = node.get("type")
    kinds = [types] if isinstance(types, str) else [t for t in (types or []) if t != "null"]
    kind = kinds[0] if kinds else "string"  # const / enum nodes hold strings here
    if kind == "object":
        if "properties" in node:
            return pa.struct([pa.field(k, _arrow_type(v, root)) for k, v in node["properties"].items()])
        value = _arrow_type(node.get("additionalProperties") or {"type": "integer"}, root)
        return pa.struct([pa.field(k, value) for k in node["required"]])
    if kind == "array":
        return pa.list_(_arrow_type(node["items"], root))
    return {"string": pa.string(), "integer": pa.int64(), "boolean": pa.bool_(), "number": pa.float64()}[kind]


def record_arrow_schema() -> Any:
    """A `pyarrow.Schema` for records, in the record's key order."""
    import pyarrow as pa

    root = record_schema()
    return pa.schema([pa.field(k, _arrow_type(v, root)) for k, v in root["properties"].items()])


def record_features() -> Any:
    """`datasets.Features` for records: pass as `features=` to `Dataset.map` or `from_list`."""
    from datasets import Features

    return Features.from_arrow_schema(record_arrow_schema())
