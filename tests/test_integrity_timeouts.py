"""Issue 9, defect 14: `clean` has a --timeout like `batch`, and every timeout names the rule running.

The slow part is real: a user rule with nested alternation, `(a|aa)+$`, backtracks exponentially
on lines of `a`s ending in `b` (the engine's per-line match limit turns each line into 0.25 s).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest

from cleaner.batch import BatchOptions, run_batch
from cleaner.cli.common import build_cleaner
from tests.batch_support import cli

SLOW_RULE = """\
category = "ads"

[[rule]]
id = "USR001"
name = "user-rule-with-nested-alternation"
action = "drop-line"
pattern = '(a|aa)+$'
why = "Stands for a user's rule that backtracks catastrophically; it must be stopped and named."
examples.drop = ["aaaa"]
examples.keep = ["abc"]
"""
# Lines the rule backtracks on, each distinct (the engine remembers a line it has matched once),
# each taking the engine's full per-line limit: 80 x 0.25 s, far past the test's timeout.
SLOW_LINES = 80
SLOW_TEXT = "\n".join(f"{'a' * (40 + i)}b" for i in range(SLOW_LINES)) + "\n"
TIMEOUT = "1"


@pytest.fixture
def slow_input(tmp_path: Path) -> tuple[Path, Path]:
    rules = tmp_path / "slow.toml"
    rules.write_text(SLOW_RULE, encoding="utf-8")
    doc = tmp_path / "slow.txt"
    doc.write_text(SLOW_TEXT, encoding="utf-8")
    return rules, doc


def test_clean_stops_at_its_timeout_and_names_the_rule(slow_input: tuple[Path, Path]) -> None:
    rules, doc = slow_input
    t0 = time.monotonic()
    code, out, err = cli("clean", str(doc), "--rules", str(rules), "--timeout", TIMEOUT)
    assert (code, out) == (1, "")
    assert err == f"cleaner: error: {doc}: timed out after {TIMEOUT}s in rule USR001\n"
    assert time.monotonic() - t0 < 10


def test_batch_timeout_reason_names_the_rule(slow_input: tuple[Path, Path], tmp_path: Path) -> None:
    rules, doc = slow_input
    cleaner = build_cleaner([rules], None, None)
    res = run_batch(BatchOptions([str(doc)], out_dir=str(tmp_path / "out"), jobs=1, timeout=float(TIMEOUT)), cleaner)
    assert res.report["inputs"][0]["reason"] == f"timed out after {TIMEOUT}s in rule USR001"


def _limited_in_a_thread(fn: Callable[[], object], seconds: float) -> tuple[str | None, float]:
    """`fn` under a time limit in a thread other than main: the limit's reason (None if none hit) and the seconds."""
    from cleaner.batch.timeout import DocumentTimeout, call_with_timeout

    outcome: dict[str, object] = {}

    def run() -> None:
        t0 = time.monotonic()
        try:
            call_with_timeout(fn, seconds)
        except DocumentTimeout as exc:
            outcome["reason"] = exc.reason
        outcome["seconds"] = time.monotonic() - t0

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=30)
    return cast("str | None", outcome.get("reason")), cast("float", outcome.get("seconds", float("inf")))


def test_timeout_in_a_thread_other_than_main_is_enforced_too() -> None:
    """Dask runs tasks in threads, where SIGALRM cannot reach: the limit must still hold there."""

    def busy() -> None:
        while True:  # pure Python: stops only if the exception is raised inside it
            pass

    reason, seconds = _limited_in_a_thread(busy, 0.5)
    assert reason == "timed out after 0.5s in tests.test_integrity_timeouts.busy"
    assert seconds < 5


def test_a_slow_rule_in_a_thread_other_than_main_is_stopped_in_time_and_named(slow_input: tuple[Path, Path]) -> None:
    """The timer thread's exception lands only where bytecode runs: the compiled engine runs some before each match
    (rules/running.py), else the slow rule ran on over all its lines (~40 s) and the limit named `propose`."""
    rules, doc = slow_input
    cleaner = build_cleaner([rules], None, None)
    text = doc.read_text()
    reason, seconds = _limited_in_a_thread(lambda: cleaner.clean(text), float(TIMEOUT))
    assert reason == f"timed out after {TIMEOUT}s in rule USR001"
    assert seconds < 5


def test_a_record_that_times_out_leaves_the_next_one_alone(slow_input: tuple[Path, Path], tmp_path: Path) -> None:
    rules, doc = slow_input
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "slow", "text": doc.read_text()}) + "\n" + json.dumps({"id": "fast", "text": "abc"}) + "\n"
    )
    cleaner = build_cleaner([rules], None, None)
    target = tmp_path / "out.jsonl"
    run_batch(BatchOptions([str(src)], jsonl=str(target), jobs=1, timeout=float(TIMEOUT)), cleaner)
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r.get("error", "") for r in records] == [f"timed out after {TIMEOUT}s in rule USR001", ""]
