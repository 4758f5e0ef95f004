"""`cleaner batch --engine dask`: a real 2-worker LocalCluster gives local batch mode's records and report.

The cluster is the session's (the `dask_scheduler` fixture), reached through --scheduler.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.batch_support import make_broken_files, make_good_tree, run_cli

pytest.importorskip("dask.bag", reason="the dask extra is not installed (pip install 'cleaner[dask]')")
pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'cleaner[dask]')")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, dask_scheduler: str) -> dict[str, Path]:
    """One local run and one Dask run over the same folder of good and broken files."""
    root = tmp_path_factory.mktemp("dask")
    src = make_good_tree(root / "in")
    make_broken_files(src)
    local = run_cli(
        "batch", str(src), "--jsonl", str(root / "local.jsonl"), "--report", str(root / "local-report.json"), "-j", "2"
    )
    dask = run_cli(
        "batch", str(src), "-o", str(root / "dask"), "--engine", "dask", "-j", "2", "--scheduler", dask_scheduler
    )
    assert local.returncode == dask.returncode == 1, dask.stderr.decode()
    return {
        "src": src,
        "local": root / "local.jsonl",
        "local_report": root / "local-report.json",
        "dask": root / "dask",
    }


def test_dask_records_equal_local_records(runs: dict[str, Path]) -> None:
    shards = sorted(runs["dask"].glob("part-*.jsonl"))
    dask_records = [json.loads(line) for s in shards for line in s.read_text().splitlines()]
    local_records = [json.loads(line) for line in runs["local"].read_text().splitlines()]
    assert len(shards) > 1 and dask_records == local_records


def test_dask_report_lists_the_broken_files(runs: dict[str, Path]) -> None:
    report = json.loads((runs["dask"] / "report.json").read_text())
    failed = {
        Path(e["input"]).relative_to(runs["src"]).as_posix(): e["status"]
        for e in report["inputs"]
        if e["status"] != "ok"
    }
    assert failed == {
        "broken/bad.json": "failed",
        "broken/empty.txt": "failed",
        "broken/image.txt": "failed",
        "broken/mixed.jsonl": "partial",
    }


def test_dask_report_equals_local_report(runs: dict[str, Path]) -> None:
    dask = json.loads((runs["dask"] / "report.json").read_text())
    local = json.loads(runs["local_report"].read_text())
    assert (dask["inputs"], dask["summary"]) == (local["inputs"], local["summary"])


def test_dask_refuses_stdin_in_one_line() -> None:
    res = run_cli("batch", "-", "--engine", "dask", stdin=b'{"text": "x"}\n')
    assert res.returncode == 2 and res.stderr.decode().count("\n") == 1


def test_dask_without_scheduler_starts_its_own_cluster(tmp_path: Path) -> None:
    """The default users hit: no --scheduler, so cleaner starts (and stops) a LocalCluster of -j workers."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Advertisement\n\nThe council met on Tuesday to agree the budget.\n", encoding="utf-8")
    res = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "--engine", "dask", "-j", "1")
    assert res.returncode == 0, res.stderr.decode()
    records = [json.loads(line) for s in (tmp_path / "out").glob("part-*.jsonl") for line in s.read_text().splitlines()]
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert [r["articleBody"] for r in records] == ["The council met on Tuesday to agree the budget."]
    assert "LocalCluster" in json.dumps(report)
