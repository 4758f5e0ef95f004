"""Parquet output: JSON Schema -> Arrow types, and records written then read back with pyarrow."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

import pyarrow as pa
import pyarrow.parquet as pq

from cleaner import Cleaner
from cleaner.io.parquet import ParquetRecordWriter, SchemaError, arrow_schema, record_json_schema
from tests.conftest import FIXTURES
from tests.test_cli import run as run_cli

SMALL = {
    "type": "object",
    "properties": {
        "version": {"const": "1.0"},
        "title": {"type": ["string", "null"]},
        "words": {"type": "integer"},
        "score": {"type": "number"},
        "ok": {"type": "boolean"},
        "when": {"$ref": "#/$defs/date"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "origin": {"enum": ["text", "html"]},
        "raw": {
            "oneOf": [
                {"type": "null"},
                {"type": "object", "properties": {"text": {"type": "string"}, "inferred": {"type": "boolean"}}},
            ]
        },
        "anything": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
    },
    "$defs": {"date": {"oneOf": [{"type": "null"}, {"type": "string", "pattern": "^\\d{4}"}]}},
}


def test_small_schema_types() -> None:
    schema = arrow_schema(SMALL)
    assert schema.field("version").type == pa.string()
    assert schema.field("title").type == pa.string()
    assert schema.field("words").type == pa.int64()
    assert schema.field("score").type == pa.float64()
    assert schema.field("ok").type == pa.bool_()
    assert schema.field("when").type == pa.string()
    assert schema.field("tags").type == pa.list_(pa.string())
    assert schema.field("counts").type == pa.map_(pa.string(), pa.int64())
    assert schema.field("origin").type == pa.string()
    assert schema.field("raw").type == pa.struct([("text", pa.string()), ("inferred", pa.bool_())])
    # A union of two types has no single Arrow type: it is kept as JSON text.
    assert schema.field("anything").type == pa.string()
    assert schema.field("anything").metadata == {b"cleaner.encoding": b"json"}


def test_remote_refs_are_refused() -> None:
    with pytest.raises(SchemaError, match="cannot follow"):
        arrow_schema({"type": "object", "properties": {"a": {"$ref": "https://example.org/x.json"}}})


def test_small_schema_round_trip(tmp_path: Path) -> None:
    rows = [
        {
            "version": "1.0",
            "title": "A",
            "words": 3,
            "score": 0.5,
            "ok": True,
            "when": "2026-01-16",
            "tags": ["x", "y"],
            "counts": {"ads": 2},
            "origin": "html",
            "raw": {"text": "16 Jan", "inferred": True, "extra": "dropped"},
            "anything": 7,
        },
        {"version": "1.0", "words": 0, "raw": None, "anything": "seven"},
    ]
    target = tmp_path / "small.parquet"
    with ParquetRecordWriter(target, SMALL) as writer:
        for row in rows:
            writer.add(row)
    back = pq.read_table(target).to_pylist()
    assert back[0]["counts"] == [("ads", 2)]
    assert back[0]["raw"] == {"text": "16 Jan", "inferred": True}
    assert back[0]["anything"] == "7" and back[1]["anything"] == '"seven"'
    assert back[1]["title"] is None and back[1]["tags"] is None


def test_cleaned_records_read_back_typed(tmp_path: Path, default_cleaner: Cleaner) -> None:
    articles = [
        default_cleaner.clean(p.read_text(encoding="utf-8"), url=f"https://{p.stem}/a", id=p.stem)
        for p in sorted((FIXTURES / "sites").glob("*.txt"))
    ]
    target = tmp_path / "out" / "records.parquet"
    with ParquetRecordWriter(target) as writer:
        # The batch hands over JSONL text, in arbitrary chunks; error records stay in the report.
        text = "".join(json.dumps(a.to_dict()) + "\n" for a in articles)
        text += json.dumps({"id": "broken", "source": "x", "error": "timed out"}) + "\n"
        for i in range(0, len(text), 1000):
            writer.write(text[i : i + 1000])
    table = pq.read_table(target)
    assert table.num_rows == len(articles)
    assert table.schema.field("articleBody").type == pa.string()
    assert pa.types.is_list(table.schema.field("removed").type)
    back = table.to_pylist()
    for art, row in zip(articles, back, strict=True):
        assert row["id"] == art.id
        assert row["articleBody"] == art.body
        assert [r["rule"] for r in row["removed"]] == [r.rule for r in art.removed]
        assert dict(row["stats"]["removed_by_category"]) == art.stats["removed_by_category"]
    assert not list(target.parent.glob(".*cleaner-tmp*"))


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "records.parquet"
    with pytest.raises(RuntimeError), ParquetRecordWriter(target) as writer:
        writer.add({"articleBody": "x"})
        raise RuntimeError("interrupted")
    assert not target.exists()
    assert not list(tmp_path.iterdir())


def test_packaged_record_schema_converts() -> None:
    """Once cleaner/schema/record.schema.json ships, every one of its properties becomes a column."""
    try:
        text = resources.files("cleaner.schema").joinpath("record.schema.json").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pytest.skip("cleaner/schema/record.schema.json is not in this tree yet (metadata branch)")
    schema = json.loads(text)
    assert record_json_schema() == schema
    assert arrow_schema(schema).names == list(schema["properties"])


def test_batch_parquet_output_reads_back(tmp_path: Path) -> None:
    target = tmp_path / "records.parquet"
    res = run_cli("batch", str(FIXTURES / "sites"), "--parquet", str(target), "-j", "1")
    assert res.returncode == 0, res.stderr
    table = pq.read_table(target)
    expected = sorted(p.name for p in (FIXTURES / "sites").glob("*.txt"))
    assert sorted(Path(s).name for s in table.column("source").to_pylist()) == expected
    assert table.schema.field("stats").type.field("removed_chars").type == pa.int64()
