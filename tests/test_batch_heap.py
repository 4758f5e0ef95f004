"""The batch's own processes freeze the heap once the Cleaner is built and collect young objects less often.

A library call must leave its caller's collector alone, so each check runs in a process of its own: the pool's
workers (real ones, forked by a real batch), or a fresh interpreter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import subprocess
import sys
from pathlib import Path

from cleaner.batch import BatchOptions, run_batch
from cleaner.batch.heap import YOUNG_THRESHOLD
from cleaner.model import Article, Document
from cleaner.pipeline import Cleaner
from tests.batch_support import seed_texts


def _printed_by_fresh_interpreter(script: str) -> list[str]:
    """The words `script` prints, run in an interpreter of its own (its collector is not this test runner's)."""
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()


class CollectorReporting(Cleaner):
    """Cleans normally, then writes the collector's state in the worker into the record's text."""

    def clean_document(self, doc: Document, *, reference_date: str | dt.date | None = None) -> Article:
        article = super().clean_document(doc, reference_date=reference_date)
        return dataclasses.replace(article, body=f"frozen={gc.get_freeze_count()} young={gc.get_threshold()[0]}")


def test_pool_workers_clean_with_a_frozen_heap_and_the_raised_young_threshold(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"r{i}", "text": seed_texts()[i % 2]}) + "\n" for i in range(6)))
    target = tmp_path / "out.jsonl"
    before = (gc.get_freeze_count(), gc.get_threshold())
    mine = [[]]  # an object of the calling process's, which a freeze here would move out of the collector's sight
    run_batch(BatchOptions([str(src)], jsonl=str(target), jobs=2), CollectorReporting())
    texts = [json.loads(line)["articleBody"] for line in target.read_text().splitlines()]
    assert len(texts) == 6
    for text in texts:
        frozen, young = (int(part.split("=")[1]) for part in text.split())
        assert frozen > 0 and young == max(YOUNG_THRESHOLD, before[1][0])
    # The calling process is left as it was: nothing of its own frozen, its thresholds unchanged.
    assert any(o is mine for o in gc.get_objects()) and gc.get_threshold() == before[1]


def test_settle_heap_never_lowers_a_threshold_already_above_its_own() -> None:
    code = (
        "import gc\n"
        "from cleaner.batch.heap import YOUNG_THRESHOLD, settle_heap\n"
        "gc.set_threshold(YOUNG_THRESHOLD * 3, 7, 9)\n"
        "settle_heap()\n"
        "print(gc.get_freeze_count() > 0, gc.get_threshold() == (YOUNG_THRESHOLD * 3, 7, 9))\n"
    )
    assert _printed_by_fresh_interpreter(code) == ["True", "True"]


def test_settle_again_freezes_only_in_a_process_that_settled_its_heap() -> None:
    script = (
        "import gc\n"
        "from cleaner.batch.heap import settle_again, settle_heap\n"
        "settle_again()\n"
        "unsettled = gc.get_freeze_count()\n"
        "settle_heap()\n"
        "settled = gc.get_freeze_count()\n"
        "built = [[i] for i in range(1000)]\n"
        "settle_again()\n"
        "print(unsettled == 0, gc.get_freeze_count() >= settled + 1000)\n"
    )
    assert _printed_by_fresh_interpreter(script) == ["True", "True"]


def test_a_library_batch_after_an_in_process_batch_command_leaves_the_collector_alone(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "r0", "text": seed_texts()[0]}) + "\n")
    script = (
        "import gc, sys\n"
        "from typer.testing import CliRunner\n"
        "from cleaner.batch import BatchOptions, run_batch\n"
        "from cleaner.cli import app\n"
        "from cleaner.pipeline import Cleaner\n"
        f"src, out = {str(src)!r}, {str(tmp_path)!r}\n"
        "assert CliRunner().invoke(app, ['batch', src, '-o', out + '/cli', '-j', '1', '-q']).exit_code == 0\n"
        "settled = gc.get_freeze_count() > 0\n"
        "mine = [[]]\n"
        "run_batch(BatchOptions([src], jsonl=out + '/lib.jsonl', jobs=1), Cleaner())\n"
        "print(settled, any(o is mine for o in gc.get_objects()))\n"
    )
    assert _printed_by_fresh_interpreter(script) == ["True", "True"]
