"""A batch cleans with the long-lived heap frozen (out of the collector's way) and hands the collector back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner.batch import BatchOptions, run_batch
from cleaner.batch.heap import frozen_heap
from cleaner.model import Article, Document
from cleaner.pipeline import Cleaner
from tests.batch_support import seed_texts


class ReportsFreeze(Cleaner):
    """Cleans normally, and writes into the body whether the collector skipped frozen objects while it did."""

    def clean_document(self, doc: Document, *, reference_date: str | dt.date | None = None) -> Article:
        article = super().clean_document(doc, reference_date=reference_date)
        return dataclasses.replace(article, body=f"frozen={gc.get_freeze_count() > 0}")


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """Each test starts from the collector as a program has it, and leaves it so."""
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_batch_cleans_frozen_and_unfreezes_after(tmp_path: Path, jobs: int, unfrozen: None) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i, text in enumerate(seed_texts()):
        (src / f"d{i}.txt").write_text(text, encoding="utf-8")
    res = run_batch(BatchOptions([str(src)], out_dir=str(tmp_path / "out"), jobs=jobs), ReportsFreeze())
    bodies = {json.loads(p.read_text(encoding="utf-8"))["articleBody"] for p in (tmp_path / "out").glob("d*.json")}
    assert res.exit_code == 0 and bodies == {"frozen=True"}
    assert gc.get_freeze_count() == 0


def test_a_callers_own_freeze_is_left_as_it_was(unfrozen: None) -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    with frozen_heap():
        assert gc.get_freeze_count() == frozen
    assert gc.get_freeze_count() == frozen
