"""`cleaner learn --engine dask`: per-partition counts merged give the rules local mode learns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.batch_support import run_cli
from tests.test_templates import page_text

pytest.importorskip("dask.bag")


def _rules_without_drop_examples(folder: Path) -> dict[str, list[str]]:
    # A drop example is one page's copy of the line; on Dask it may be another page's (other numbers).
    return {
        p.name: [line for line in p.read_text().splitlines() if not line.startswith("examples.drop")]
        for p in sorted(folder.glob("*.toml"))
    }


def test_dask_learning_gives_the_rules_local_learning_gives(tmp_path: Path, dask_scheduler: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    # Four files, each site's pages spread over all of them: no file alone shows a line on 3 pages,
    # so the Dask run needs its second pass to find the texts.
    for f in range(4):
        with (src / f"part{f}.jsonl").open("w") as fh:
            for s in range(2):
                for n in range(2):
                    i = f * 4 + s * 2 + n
                    fh.write(json.dumps({"url": f"https://site{s}.example/a/{i}", "text": page_text(i)}) + "\n")
    local = run_cli("learn", str(src), "-o", str(tmp_path / "local"), "-q")
    dask = run_cli(
        "learn",
        str(src),
        "-o",
        str(tmp_path / "dask"),
        "-q",
        "--engine",
        "dask",
        "-j",
        "2",
        "--scheduler",
        dask_scheduler,
    )
    assert local.returncode == dask.returncode == 0, dask.stderr.decode()
    rules = _rules_without_drop_examples(tmp_path / "local")
    assert sorted(rules) == ["site0.example.toml", "site1.example.toml"]
    assert _rules_without_drop_examples(tmp_path / "dask") == rules
