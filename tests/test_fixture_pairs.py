"""Snapshot pairs: every fixtures/**/NAME.txt with a NAME.expected.json beside it must clean to that record.

Regenerate after a deliberate change with `CLEANER_UPDATE_FIXTURES=1 pytest tests/test_fixture_pairs.py`,
then read the diff: the snapshot is the review surface for rule changes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cleaner import Document, clean_document
from tests.conftest import FIXTURES

PAIRS = sorted(p for p in FIXTURES.rglob("*.txt") if p.with_suffix(".expected.json").exists())


def _record(path: Path) -> dict:  # type: ignore[type-arg]
    doc = Document(text=path.read_text(encoding="utf-8"), source=str(path.relative_to(FIXTURES)))
    return clean_document(doc).to_dict()


def test_there_are_fixture_pairs() -> None:
    assert len(PAIRS) >= 2


@pytest.mark.parametrize("path", PAIRS, ids=[str(p.relative_to(FIXTURES)) for p in PAIRS])
def test_fixture_pair(path: Path) -> None:
    expected_path = path.with_suffix(".expected.json")
    record = _record(path)
    if os.environ.get("CLEANER_UPDATE_FIXTURES"):
        expected_path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert record == json.loads(expected_path.read_text(encoding="utf-8"))
