"""Comparing trees on their perturbed retrains reads the table `threshold_spread.py` prints and judges the means."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import spread_compare as P
import threshold_spread as S

Cells = dict[tuple[str, str], list[tuple[float, int | None]]]


def log(sites: list[float], tf_lost: list[int]) -> str:
    """A retrains log as `threshold_spread.py` writes it: progress lines, then its summary table."""
    cells: Cells = {
        ("fulltext", "tf"): [(0.885, lost) for lost in tf_lost],
        ("fulltext", "sites"): [(f, None) for f in sites],
    }
    return "retrain 0 (0 rows unlabelled): threshold 0.79 | ...\n" + S.retrains_table(cells, [0.79] * len(sites))


def test_the_summary_table_reads_back_as_printed() -> None:
    spread = P.read_spread(log([0.84, 0.85, 0.86], [28, 29, 28]))
    assert spread.thresholds == (0.79, 0.79, 0.79)
    assert spread.cells[("fulltext", "sites")] == P.Cell((0.84, 0.85, 0.86), None)
    assert spread.cells[("fulltext", "tf")].lost == (28, 29, 28)


def test_a_candidate_fails_on_a_lower_mean_or_a_higher_mean_loss_but_not_on_one_bad_draw() -> None:
    base = P.read_spread(log([0.84, 0.85, 0.86], [28, 28, 28]))
    # Its draw 0 is the worst of all, but the mean is higher: one draw is not the tree.
    assert P.failures(base, P.read_spread(log([0.83, 0.87, 0.87], [28, 28, 28]))) == []
    lower = P.failures(base, P.read_spread(log([0.84, 0.845, 0.85], [28, 28, 28])))
    assert lower == ["fulltext sites: mean F1 0.8450 < 0.8500"]
    lossier = P.failures(base, P.read_spread(log([0.84, 0.85, 0.86], [28, 29, 28])))
    assert lossier == ["fulltext tf: mean lost 28.3 > 28.0"]


def test_an_unfinished_log_is_an_error_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done = tmp_path / "main.log"
    done.write_text(log([0.84, 0.85, 0.86], [28, 28, 28]), encoding="utf-8")
    running = tmp_path / "mine.log"
    running.write_text("retrain 0 (0 rows unlabelled): threshold 0.79 | ...\n", encoding="utf-8")
    assert P.main([f"main={done}", f"mine={running}"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == f"spread_compare: {running}: no retrains table (is the run finished, and was it run with --retrains?)"
    )


def test_the_exit_code_says_whether_every_candidate_passes(tmp_path: Path) -> None:
    paths = {}
    for name, sites in (("main", [0.84, 0.85, 0.86]), ("same", [0.85, 0.85, 0.85]), ("worse", [0.80, 0.80, 0.80])):
        paths[name] = tmp_path / f"{name}.log"
        paths[name].write_text(log(sites, [28, 28, 28]), encoding="utf-8")
    assert P.main([f"main={paths['main']}", f"same={paths['same']}"]) == 0
    assert P.main([f"main={paths['main']}", f"same={paths['same']}", f"worse={paths['worse']}"]) == 1
