"""Workers: a document that hangs or kills its worker is reported, and the batch goes on.

The misbehaving documents need a cleaner that misbehaves on cue, so these tests run the library
with a Cleaner subclass; the pool, the workers and the processes are the real ones.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import json
import os
import signal
import time
from pathlib import Path

import pytest

from cleaner.batch import BatchOptions, run_batch
from cleaner.model import Article, Document
from cleaner.pipeline import Cleaner
from tests.batch_support import seed_texts

HANG = "HANG-IN-PYTHON"
HANG_HARD = "HANG-WITH-SIGNALS-BLOCKED"
CRASH = "KILL-MY-WORKER"
# Generous for a real document even on a machine shared with other jobs (a seed cleans in ~20 ms),
# so only the hanging one hits it.
TIMEOUT = 5.0


class Misbehaving(Cleaner):
    """Cleans normally, except for three marker texts that hang or kill the process."""

    def clean_document(self, doc: Document, *, reference_date: str | dt.date | None = None) -> Article:
        text = doc.text or ""
        if HANG in text:
            time.sleep(600)
        if HANG_HARD in text:
            # A hang in C code never returns to the interpreter: SIGALRM cannot end it, only SIGKILL.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(600)
        if CRASH in text:
            # pytest's faulthandler, inherited by the forked worker, would print "Fatal Python
            # error: Segmentation fault" to the test log for a crash that is the point of the test.
            faulthandler.disable()
            os.kill(os.getpid(), signal.SIGSEGV)
        return super().clean_document(doc, reference_date=reference_date)


def _folder(tmp_path: Path, bad: dict[int, str]) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        (src / f"d{i:02d}.txt").write_text(bad.get(i, f"Story {i}.\n\n" + seed_texts()[i % 2]), encoding="utf-8")
    return src


def _reasons(report: dict[str, object]) -> dict[str, str]:
    return {Path(e["input"]).name: e.get("reason", "") for e in report["inputs"]}  # type: ignore[attr-defined]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_hanging_document_times_out_and_the_batch_goes_on(tmp_path: Path, jobs: int) -> None:
    src = _folder(tmp_path, {3: HANG})
    opts = BatchOptions([str(src)], out_dir=str(tmp_path / "out"), jobs=jobs, timeout=TIMEOUT)
    res = run_batch(opts, Misbehaving())
    reasons = _reasons(res.report)
    assert reasons["d03.txt"] == f"timed out after {TIMEOUT:g}s in tests.test_batch_workers.clean_document"
    assert res.report["summary"]["written"] == 39 and res.exit_code == 1


def test_a_document_that_kills_its_worker_is_reported(tmp_path: Path) -> None:
    src = _folder(tmp_path, {5: CRASH, 30: CRASH})
    res = run_batch(BatchOptions([str(src)], out_dir=str(tmp_path / "out"), jobs=2), Misbehaving())
    reasons = _reasons(res.report)
    assert reasons["d05.txt"] == reasons["d30.txt"] == "worker process crashed (SIGSEGV)"
    assert res.report["summary"]["written"] == 38 and res.report["run"]["worker_restarts"] == 2


@pytest.mark.slow
def test_a_hang_that_ignores_the_alarm_is_killed_by_the_watchdog(tmp_path: Path) -> None:
    src = _folder(tmp_path, {7: HANG_HARD})
    opts = BatchOptions([str(src)], out_dir=str(tmp_path / "out"), jobs=2, timeout=TIMEOUT)
    res = run_batch(opts, Misbehaving())
    assert _reasons(res.report)["d07.txt"] == f"timed out after {TIMEOUT:g}s (worker did not respond; killed)"
    assert res.report["summary"]["written"] == 39


def test_a_crash_in_a_jsonl_stream_keeps_one_output_line_per_input_line(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": CRASH if i == 4 else seed_texts()[i % 2]}) for i in range(12)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    target = tmp_path / "out.jsonl"
    run_batch(BatchOptions([str(src)], jsonl=str(target), jobs=2), Misbehaving())
    records = [json.loads(x) for x in target.read_text().splitlines()]
    assert [r.get("error") is not None for r in records] == [i == 4 for i in range(12)]


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signals cannot be blocked on this platform")
def test_a_ctrl_c_while_a_worker_starts_is_delivered_once_it_has_started() -> None:
    from cleaner.batch.pool import _sigint_held

    # Ignoring SIGINT across the start lost a Ctrl-C that landed there, and the batch ran on to exit 0.
    # Python's own handler, in case pytest was started with SIGINT ignored (a background job of a script).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            with _sigint_held():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)  # held: nothing is raised inside the block
            time.sleep(0.05)
    finally:
        signal.signal(signal.SIGINT, previous)
