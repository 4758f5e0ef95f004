"""The record has one shape: every key always present, valid against the shipped JSON Schema, one Arrow schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import cleaner
from cleaner import Document, clean_document, heuristics, load_rules, stages
from cleaner.categories import CATEGORIES, OTHER, RULE_CATEGORIES, STAGE_CATEGORIES
from cleaner.model import SCHEMA_VERSION
from cleaner.schema import record_schema
from tests.conftest import FIXTURES

jsonschema = pytest.importorskip("jsonschema")

HTML_PAGE = (FIXTURES / "scrapy" / "harbour.html").read_text(encoding="utf-8")


def _documents() -> Iterator[Document]:
    """Inputs of every kind: seeds, site pages, negative examples, an HTML page, an empty text, dated text."""
    for path in sorted(FIXTURES.rglob("*.txt")):
        yield Document(text=path.read_text(encoding="utf-8"), source=str(path.relative_to(FIXTURES)))
    yield Document(html=HTML_PAGE, url="https://harbour.example/news/2024/03/12/ferry", id="harbour")
    yield Document(text="", id="empty")
    yield Document(
        text="Veröffentlicht am 23.06.2016 um 16:14 Uhr\n\nVon Anna Müller und Peter Schmidt\n\nDer Rat tagte.",
        url="https://example.de/politik/rat",
    )


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return [clean_document(doc).to_dict() for doc in _documents()]


def _shape(value: Any) -> Any:
    """The nested key structure of a record (dict keys, recursively), ignoring values and list contents."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items() if not isinstance(v, dict | type(None))} | {
            k: "dict-or-null" for k, v in value.items() if isinstance(v, dict | type(None))
        }
    return type(value).__name__ if not isinstance(value, int | float | str | type(None)) else "scalar"


def test_every_record_validates_against_the_shipped_schema(records: list[dict[str, Any]]) -> None:
    validator = jsonschema.Draft202012Validator(record_schema())
    errors = {rec["source"] or rec["id"]: [e.message for e in validator.iter_errors(rec)] for rec in records}
    assert {k: v for k, v in errors.items() if v} == {}


def test_schema_rejects_a_record_missing_a_key(records: list[dict[str, Any]]) -> None:
    broken = dict(records[0])
    del broken["raw"]
    assert not jsonschema.Draft202012Validator(record_schema()).is_valid(broken)


def test_every_record_has_the_same_keys(records: list[dict[str, Any]]) -> None:
    assert len({repr(sorted(r)) for r in records}) == 1
    assert len({repr(sorted(r["stats"]["removed_by_category"])) for r in records}) == 1
    assert len({repr(sorted(r["raw"])) for r in records}) == 1


def test_schema_pins_the_version_and_the_categories() -> None:
    schema = record_schema()
    assert schema["properties"]["schemaVersion"]["const"] == SCHEMA_VERSION
    by_cat = schema["properties"]["stats"]["properties"]["removed_by_category"]
    assert tuple(by_cat["required"]) == CATEGORIES == tuple(by_cat["propertyNames"]["enum"])


def test_categories_cover_every_shipped_rule_and_stage() -> None:
    assert {r.category for r in load_rules().rules} <= set(RULE_CATEGORIES)
    assert heuristics.CATEGORY in STAGE_CATEGORIES
    assert {s.category for s in stages.STAGES if s.category} <= set(STAGE_CATEGORIES)


def test_a_user_category_counts_as_other(tmp_path: Path) -> None:
    house = tmp_path / "house.toml"
    house.write_text(
        "category = 'housepromo'\n[[rule]]\nid = 'HSE001'\nname = 'promo'\naction = 'drop-line'\n"
        "pattern = 'Get the app'\nwhy = 'Our promo.'\nexamples.drop = ['Get the app']\n"
        "examples.keep = ['Get the apples.']\n",
        encoding="utf-8",
    )
    article = cleaner.Cleaner(rule_paths=[house]).clean("Get the app\n\nThe ferry runs twice a day.")
    assert [r.category for r in article.removed] == ["housepromo"]
    assert article.to_dict()["stats"]["removed_by_category"][OTHER] == 1


def test_arrow_reads_mixed_records_as_one_table(records: list[dict[str, Any]]) -> None:
    pa = pytest.importorskip("pyarrow")
    from cleaner.schema.arrow import record_arrow_schema

    assert pa.Table.from_pylist(records).num_rows == len(records)
    schema = record_arrow_schema()
    # Every record on its own fits the one shipped schema: no key or type depends on the document.
    for rec in records:
        assert pa.Table.from_pylist([rec], schema=schema).to_pylist() == [rec]


def test_datasets_map_returns_records(records: list[dict[str, Any]]) -> None:
    datasets = pytest.importorskip("datasets")
    from cleaner.schema.arrow import record_features

    texts = [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.rglob("*.txt"))]
    ds = datasets.Dataset.from_dict({"text": texts})
    c = cleaner.Cleaner()
    # writer_batch_size=2 writes many Arrow batches, so a key or type that varied would fail here.
    out = ds.map(
        lambda ex: c.clean(ex["text"]).to_dict(),
        writer_batch_size=2,
        remove_columns=["text"],
        features=record_features(),
    )
    assert out.num_rows == len(texts)
    assert out[0] == c.clean(texts[0]).to_dict()
