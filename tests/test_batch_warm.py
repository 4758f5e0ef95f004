"""A batch warms only the paths its documents need, before their clocks start: the text path in the parent (its
workers share it), the HTML path in each process before its first HTML document, never for a text-only run.

The checks count, in each process, the documents its Cleaner cleaned before each record's: real forked workers, real
files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import ClassVar

from cleaner.batch import BatchOptions, run_batch
from cleaner.model import Article, Document
from cleaner.pipeline import Cleaner
from tests.batch_support import seed_texts

PAGE = "<html><body><article><h1>A headline</h1><p>{}</p></article></body></html>"


class CountingCleaner(Cleaner):
    """Cleans normally, then writes into the record how many text and HTML documents this process cleaned before."""

    seen: ClassVar[dict[str, int]] = {}

    def clean_document(self, doc: Document, *, reference_date: str | dt.date | None = None) -> Article:
        kind = "text" if doc.html is None else "html"
        before = dict(self.seen)
        self.seen[kind] = self.seen.get(kind, 0) + 1
        article = super().clean_document(doc, reference_date=reference_date)
        return dataclasses.replace(article, body=json.dumps(before))


def _counts_before(target: Path) -> list[dict[str, int]]:
    return [json.loads(json.loads(line)["articleBody"]) for line in target.read_text().splitlines()]


def test_a_pooled_text_run_warms_only_the_text_path_and_only_in_the_workers(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"r{i}", "text": seed_texts()[i % 2]}) + "\n" for i in range(6)))
    target = tmp_path / "out.jsonl"
    CountingCleaner.seen = {}
    run_batch(BatchOptions([str(src)], jsonl=str(target), jobs=2, timeout=30.0), CountingCleaner())
    assert CountingCleaner.seen == {"text": 1}  # the parent warmed the text path only, for the workers to share
    counts = _counts_before(target)
    assert len(counts) == 6
    assert all(c.get("text", 0) >= 1 and c.get("html", 0) == 0 for c in counts)


def test_the_html_path_is_warmed_before_the_first_html_document(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    records = [{"id": "t0", "text": seed_texts()[0]}, *({"id": f"h{i}", "html": PAGE.format(i)} for i in range(2))]
    src.write_text("".join(json.dumps(r) + "\n" for r in records))
    target = tmp_path / "out.jsonl"
    CountingCleaner.seen = {}
    run_batch(BatchOptions([str(src)], jsonl=str(target), jobs=1, timeout=30.0), CountingCleaner())
    text, first_html, second_html = _counts_before(target)
    assert text == {"text": 1}  # the text warm-up only
    assert first_html == {"text": 2, "html": 1}  # the HTML warm-up ran before it, outside its clock
    assert second_html == {"text": 2, "html": 2}
