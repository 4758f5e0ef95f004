"""One batch at a time per output (`cleaner/batch/output_lock.py`): the other run stops at once and touches nothing."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.batch_support import make_good_tree, run_cli

# A real second process holds the output as a running batch would, until its stdin closes.
HOLDER = """
import sys
import threading
from pathlib import Path
from cleaner.batch.output_lock import lock_path, output_lock
with output_lock(lock_path(sys.argv[1], sys.argv[2] or None), "held"):
    print("held", flush=True)
    sys.stdin.read()
"""


@contextmanager
def _held_by_another_process(out_dir: str, jsonl: str = "") -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, out_dir, jsonl], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_a_second_run_into_a_held_folder_stops_at_once_and_writes_nothing(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    out = tmp_path / "out"
    with _held_by_another_process(str(out)) as holder:
        res = run_cli("batch", str(src), "-o", str(out))
    assert res.returncode == 2
    assert res.stderr.decode() == (
        f"cleaner: error: another cleaner batch (process {holder.pid}) is writing to {out}; wait for it, "
        "or choose another output\n"
    )
    assert sorted(p.name for p in out.iterdir()) == [".cleaner.lock"]


def test_a_jsonl_output_is_held_as_a_folder_is(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    target = tmp_path / "all.jsonl"
    with _held_by_another_process("", str(target)):
        res = run_cli("batch", str(src), "--jsonl", str(target))
    assert res.returncode == 2 and b"another cleaner batch" in res.stderr
    assert not target.exists()


def test_a_run_killed_while_holding_the_output_leaves_no_lock_behind(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    out = tmp_path / "out"
    with _held_by_another_process(str(out)):
        pass  # killed on leaving the block
    res = run_cli("batch", str(src), "-o", str(out))
    assert res.returncode == 0, res.stderr.decode()
    assert (out / "report.json").is_file()


def test_the_library_run_refuses_a_held_output_too(tmp_path: Path) -> None:
    from cleaner.batch import BatchError, BatchOptions, run_batch
    from cleaner.pipeline import Cleaner

    src = make_good_tree(tmp_path / "in")
    out = tmp_path / "out"
    with _held_by_another_process(str(out)), pytest.raises(BatchError, match="another cleaner batch"):
        run_batch(BatchOptions([str(src)], out_dir=str(out), jobs=1), Cleaner())


def test_a_run_on_another_thread_of_the_same_process_is_stopped_too(tmp_path: Path) -> None:
    from cleaner.batch import BatchError
    from cleaner.batch.output_lock import lock_path, output_lock

    path = lock_path(str(tmp_path / "out"), None)
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with output_lock(path, "out"):
            holding.set()
            done.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(30)
        with (
            pytest.raises(BatchError, match="another cleaner batch in this process is writing to out"),
            output_lock(path, "out"),
        ):
            pass
    finally:
        done.set()
        thread.join()
    with output_lock(path, "out"), output_lock(path, "out"):  # free again, and nested on one thread
        pass
