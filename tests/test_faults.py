"""Fault injection: real kills, a real full disk and a real read-only folder, checked against the Guarantees.

After every fault: inputs are unchanged, every input is in the report, nothing is written outside
OUT, and a plain re-run completes the batch with exactly the output of an uninterrupted run.
The disk faults need a tmpfs, so they run as root (as CI does) and skip with the reason otherwise.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner.batch import BatchError, BatchOptions, run_batch
from cleaner.pipeline import Cleaner
from tests.batch_support import (
    CLEANER,
    make_broken_files,
    make_many_docs,
    report_without_timing,
    run_cli,
    snapshot,
    tree_bytes,
)

# Documents in the test tree: enough that a run lasts a few seconds on 2 cores, so a kill lands mid-run.
FILES, RECORDS = 60, 40
# Seeds for the kill points; each picks how many outputs to wait for before SIGKILL.
KILL_SEEDS = (11, 29)
MAX_KILL_AFTER_OUTPUTS = 60
# How long a worker may take to notice its parent died (PR_SET_PDEATHSIG is immediate; polling takes 1 s).
WORKER_EXIT_SECONDS = 10.0
# A tmpfs this small fills up after a few dozen records.
FULL_DISK_BYTES = 256 * 1024
SKIP_REPORT = ("report.json", "report.html")  # both show the run's timings; report.json is compared without them


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory, cleaner: Cleaner) -> dict[str, Path]:
    """The input tree and the output of one uninterrupted run, shared by every fault below."""
    root = tmp_path_factory.mktemp("faults")
    src = make_many_docs(root / "in", files=FILES, records=RECORDS)
    make_broken_files(src)
    reference = root / "reference"
    res = run_batch(BatchOptions([str(src)], out_dir=str(reference), jobs=1), cleaner)
    assert res.exit_code == 1  # the broken files fail; the rest is written
    jsonl = root / "reference.jsonl"
    run_batch(BatchOptions([str(src)], jsonl=str(jsonl), report=str(root / "reference-jsonl.json"), jobs=1), cleaner)
    return {"src": src, "reference": reference, "jsonl": jsonl, "jsonl_report": root / "reference-jsonl.json"}


def _outputs(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.json")) if out.is_dir() else 0


def _children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return []


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that will never reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _start(src: Path, out: Path) -> subprocess.Popen[bytes]:
    cmd = [str(CLEANER), "batch", str(src), "-o", str(out), "-j", "2", "-q"]
    return subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for_outputs(proc: subprocess.Popen[bytes], out: Path, n: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and _outputs(out) < n:
        time.sleep(0.005)
    assert proc.poll() is None, "the run finished before the fault could be injected"


def _assert_guarantees(
    tree: dict[str, Path], out: Path, before: dict[str, tuple[bytes, int]], cleaner: Cleaner
) -> None:
    """Re-run, then: same bytes as the uninterrupted run, same report, inputs untouched, nothing outside OUT."""
    res = run_batch(BatchOptions([str(tree["src"])], out_dir=str(out), jobs=2), cleaner)
    assert res.exit_code == 1
    assert tree_bytes(out, skip=SKIP_REPORT) == tree_bytes(tree["reference"], skip=SKIP_REPORT)
    assert report_without_timing(out / "report.json") == report_without_timing(tree["reference"] / "report.json")
    assert snapshot(tree["src"]) == before
    assert not [p for p in out.parent.iterdir() if p.name not in ("in", "reference", out.name) and p.is_file()]


@pytest.mark.slow
@pytest.mark.parametrize("seed", KILL_SEEDS)
def test_kill_at_random_points_then_rerun_completes(
    tree: dict[str, Path], tmp_path: Path, seed: int, cleaner: Cleaner
) -> None:
    before = snapshot(tree["src"])
    out = tmp_path / "out"
    kill_after = random.Random(seed).randint(1, MAX_KILL_AFTER_OUTPUTS)
    proc = _start(tree["src"], out)
    _wait_for_outputs(proc, out, kill_after)
    workers = _children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)  # the parent only: its workers must notice on their own
    proc.wait()
    deadline = time.monotonic() + WORKER_EXIT_SECONDS
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    assert workers and not [w for w in workers if _alive(w)], "workers outlived the killed batch"
    assert not (out / "report.json").exists()
    _assert_guarantees(tree, out, before, cleaner)


@pytest.mark.slow
def test_worker_killed_mid_record_is_reported_and_retried(
    tree: dict[str, Path], tmp_path: Path, cleaner: Cleaner
) -> None:
    before = snapshot(tree["src"])
    out = tmp_path / "out"
    proc = _start(tree["src"], out)
    _wait_for_outputs(proc, out, 10)
    workers = _children(proc.pid)
    os.kill(workers[0], signal.SIGKILL)
    assert proc.wait(timeout=300) == 1
    report = json.loads((out / "report.json").read_text())
    crashed = [e for e in report["inputs"] if "worker process crashed (SIGKILL)" in e.get("reason", "")]
    # A worker killed between two chunks had no record in hand: nothing is lost, nothing to report.
    assert len(crashed) <= 1 and report["run"]["worker_restarts"] == 1
    assert len(report["inputs"]) == len(json.loads((tree["reference"] / "report.json").read_text())["inputs"])
    _assert_guarantees(tree, out, before, cleaner)


@contextlib.contextmanager
def _tmpfs(where: Path, size: int) -> Iterator[Path]:
    """A real, small file system mounted at `where` (root only), unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (CI runs as root)")
    where.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


def test_full_disk_reports_unwritten_documents_and_rerun_completes(
    tree: dict[str, Path], tmp_path: Path, cleaner: Cleaner
) -> None:
    before = snapshot(tree["src"])
    with _tmpfs(tmp_path / "disk", FULL_DISK_BYTES) as disk:
        out = disk / "out"
        res = run_batch(BatchOptions([str(tree["src"])], out_dir=str(out), jobs=1), cleaner)
        entries = res.report["inputs"]
        unwritten = [e for e in entries if "No space left on device" in e.get("reason", "")]
        assert res.exit_code == 1 and unwritten
        assert len(entries) == len(json.loads((tree["reference"] / "report.json").read_text())["inputs"])
        _remount(disk, "size=64m")  # space freed
        _assert_guarantees(tree, out, before, cleaner)


def test_full_disk_under_jsonl_output_leaves_no_half_file(
    tree: dict[str, Path], tmp_path: Path, cleaner: Cleaner
) -> None:
    with _tmpfs(tmp_path / "disk", FULL_DISK_BYTES) as disk:
        target = disk / "all.jsonl"
        res = run_batch(BatchOptions([str(tree["src"])], jsonl=str(target), jobs=1), cleaner)
        assert res.exit_code == 1 and "No space left on device" in res.report["fatal"]
        assert not target.exists()
        assert {e["status"] for e in res.report["inputs"]} >= {"skipped"}
        _remount(disk, "size=64m")
        again = run_batch(BatchOptions([str(tree["src"])], jsonl=str(target), jobs=1), cleaner)
        assert target.read_bytes() == tree["jsonl"].read_bytes()
        assert again.report["inputs"] == json.loads(tree["jsonl_report"].read_text())["inputs"]


def test_read_only_output_folder_is_one_line_error(tree: dict[str, Path], tmp_path: Path, cleaner: Cleaner) -> None:
    with _tmpfs(tmp_path / "disk", FULL_DISK_BYTES) as disk:
        (disk / "out").mkdir()
        _remount(disk, "ro")
        with pytest.raises(BatchError, match=r"cannot write to output folder .*: Read-only file system"):
            run_batch(BatchOptions([str(tree["src"])], out_dir=str(disk / "out"), jobs=1), cleaner)
        res = run_cli("batch", str(tree["src"]), "-o", str(disk / "out"))
        assert res.returncode == 2 and res.stderr.decode().count("\n") == 1
        assert list((disk / "out").iterdir()) == []
