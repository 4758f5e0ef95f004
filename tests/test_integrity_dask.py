"""Issue 9, defect 14 under Dask: tasks run in threads, where SIGALRM cannot reach; --timeout must still hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.batch import BatchOptions
from cleaner.cli.common import build_cleaner
from tests.test_integrity_timeouts import SLOW_RULE, SLOW_TEXT

pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'cleaner[dask]')")


@pytest.mark.slow
def test_dask_enforces_the_timeout_and_names_the_rule(tmp_path: Path, dask_scheduler: str) -> None:
    from cleaner.integrations.dask import run_batch_dask

    rules = tmp_path / "slow.toml"
    rules.write_text(SLOW_RULE, encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    (src / "slow.txt").write_text(SLOW_TEXT, encoding="utf-8")
    (src / "fine.txt").write_text("The harbour reopened on Monday after repairs.\n", encoding="utf-8")
    opts = BatchOptions([str(src)], out_dir=str(tmp_path / "out"), jobs=1, timeout=1.0)
    res = run_batch_dask(opts, build_cleaner([rules], None, None), scheduler=dask_scheduler)
    reasons = {Path(e["input"]).name: e.get("reason") for e in res.report["inputs"]}
    assert reasons == {"fine.txt": None, "slow.txt": "timed out after 1s in rule USR001"}
