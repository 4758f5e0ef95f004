"""Resume: a re-run skips up-to-date outputs, redoes changed ones, and recovers from SIGKILL exactly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from tests.batch_support import (
    CLEANER,
    make_broken_files,
    make_good_tree,
    make_many_docs,
    report_without_timing,
    run_cli,
    seed_texts,
    tree_bytes,
)

# Outputs to wait for before killing the run: early enough that most of the work is still to do.
KILL_AFTER_OUTPUTS = 20


def _run(src: Path, out: Path, *extra: str) -> dict[str, object]:
    res = run_cli("batch", str(src), "-o", str(out), "-j", "2", *extra)
    assert res.returncode in (0, 1), res.stderr.decode()
    return json.loads((out / "report.json").read_text())


def test_rerun_reuses_every_up_to_date_output(tmp_path: Path) -> None:
    src, out = make_good_tree(tmp_path / "in"), tmp_path / "out"
    _run(src, out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.json") if p.name != "report.json"}
    report = _run(src, out)
    assert report["run"]["reused"] == len(report["inputs"]) and report["run"]["processed"] == 0  # type: ignore[index]
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def test_rerun_report_equals_first_report(tmp_path: Path) -> None:
    src, out = make_good_tree(tmp_path / "in"), tmp_path / "out"
    make_broken_files(src)
    first = _run(src, out)
    second = _run(src, out)
    first.pop("run"), second.pop("run")
    assert second == first


def test_changed_input_is_redone(tmp_path: Path) -> None:
    src, out = make_good_tree(tmp_path / "in"), tmp_path / "out"
    _run(src, out)
    (src / "news" / "a.txt").write_text("Advertisement\n\nThe harbour reopened on Monday after repairs.\n")
    report = _run(src, out)
    record = json.loads((out / "news" / "a.json").read_text())
    assert report["run"]["processed"] == 1  # type: ignore[index]
    assert record["articleBody"] == "The harbour reopened on Monday after repairs."


def test_touched_but_unchanged_input_is_reused(tmp_path: Path) -> None:
    src, out = make_good_tree(tmp_path / "in"), tmp_path / "out"
    _run(src, out)
    os.utime(src / "news" / "a.txt", ns=(1, 1))
    report = _run(src, out)
    assert report["run"]["processed"] == 0  # type: ignore[index]


def test_a_damaged_state_file_redoes_only_its_damaged_lines(tmp_path: Path) -> None:
    src, out = make_good_tree(tmp_path / "in"), tmp_path / "out"
    first = _run(src, out)
    state = out / ".cleaner-state.jsonl"
    lines = state.read_bytes().splitlines(keepends=True)
    # A line made undecodable (a bad sector), one that is not JSON, and a torn last line.
    state.write_bytes(b"\xff\xfe" + lines[0] + b"not json\n" + b"".join(lines[1:]) + lines[1][:25])
    outputs = tree_bytes(out, skip=("report.json", "report.html", ".cleaner-state.jsonl"))
    second = _run(src, out)
    assert second["run"]["processed"] == 1 and second["run"]["reused"] == len(lines) - 1  # type: ignore[index]
    assert tree_bytes(out, skip=("report.json", "report.html", ".cleaner-state.jsonl")) == outputs
    assert state.read_bytes() == b"".join(lines)  # rewritten whole, one line per input in input order
    first.pop("run"), second.pop("run")
    assert second == first


def test_changed_rules_redo_everything(tmp_path: Path) -> None:
    src, out = make_good_tree(tmp_path / "in"), tmp_path / "out"
    _run(src, out)
    report = _run(src, out, "--ignore", "captions")
    assert report["run"]["reused"] == 0  # type: ignore[index]


def test_force_redoes_everything(tmp_path: Path) -> None:
    src, out = make_good_tree(tmp_path / "in"), tmp_path / "out"
    _run(src, out)
    report = _run(src, out, "--force")
    assert report["run"]["reused"] == 0  # type: ignore[index]


def test_outputs_of_records_that_disappeared_are_removed(tmp_path: Path) -> None:
    src, out = make_good_tree(tmp_path / "in"), tmp_path / "out"
    _run(src, out)
    (src / "feed.jsonl").write_text(json.dumps({"id": "r0", "text": seed_texts()[0]}) + "\n")
    _run(src, out)
    assert sorted(p.name for p in (out / "feed.jsonl").iterdir()) == ["r0.json"]


def test_deleted_output_is_rewritten(tmp_path: Path) -> None:
    src, out = make_good_tree(tmp_path / "in"), tmp_path / "out"
    _run(src, out)
    (out / "page.json").unlink()
    report = _run(src, out)
    assert (out / "page.json").is_file() and report["run"]["processed"] == 1  # type: ignore[index]


def test_sigkill_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_many_docs(src)
    make_broken_files(src)
    reference, resumed = tmp_path / "reference", tmp_path / "resumed"
    _run(src, reference)

    cmd = [str(CLEANER), "batch", str(src), "-o", str(resumed), "-j", "2", "-q"]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if sum(1 for _ in resumed.rglob("*.json")) >= KILL_AFTER_OUTPUTS:
            break
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole group: the parent and its workers, mid-write
    proc.wait()
    assert not (resumed / "report.json").exists(), "the run finished before it could be killed"
    assert sum(1 for _ in resumed.rglob("*.json")) < 500

    _run(src, resumed)
    assert tree_bytes(resumed, skip=("report.json", "report.html")) == tree_bytes(
        reference, skip=("report.json", "report.html")
    )
    assert report_without_timing(resumed / "report.json") == report_without_timing(reference / "report.json")
