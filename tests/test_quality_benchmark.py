"""The quality benchmark's metric, table and gate, on tiny corpora written to tmp_path."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED, load_script, require_corpus, require_source

quality = load_script("quality_benchmark", ROOT / "benchmarks" / "quality.py")

GOLD = (
    "The harbour authority said on Monday that the new ferry terminal would open in spring, two years later "
    "than planned, because of delays in delivering the steel for the pier."
)
BOILERPLATE = "Sign up for our newsletter to get the best stories in your inbox every morning"


def write_page(corpus: Path, src: str, pid: str, gold: dict[str, object], text: str) -> None:
    """One page folder with its gold and a trafilatura.txt rendering."""
    d = corpus / src / pid
    d.mkdir(parents=True)
    (d / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (d / "trafilatura.txt").write_text(text, encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """One sh page and one tf page whose rendering is the article plus a line of boilerplate."""
    root = tmp_path / "corpus"
    write_page(root, "sh", "p1", {"articleBody": GOLD}, f"{GOLD}\n\n{BOILERPLATE}")
    write_page(
        root,
        "tf",
        "p1",
        {"with": ["new ferry terminal would open"], "without": [BOILERPLATE]},
        f"{GOLD}\n\n{BOILERPLATE}",
    )
    return root


def run(corpus: Path, *extra: str) -> int:
    return int(
        quality.main(["--corpus", str(corpus), "--renderings", "trafilatura", "--workers", "1", "--no-peer", *extra])
    )


def test_identical_text_scores_f1_one() -> None:
    score = quality.aggregate_sh([quality.score_sh_page(GOLD, GOLD)])
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_boilerplate_line_lowers_precision_not_recall() -> None:
    score = quality.aggregate_sh([quality.score_sh_page(GOLD, f"{GOLD}\n{BOILERPLATE}")])
    assert score.recall == 1.0
    assert score.precision < 1.0


def test_text_shorter_than_a_shingle_is_one_shingle() -> None:
    assert quality.shingles("two words") == {("two", "words"): 1}


def test_empty_output_is_left_out_of_the_precision_mean() -> None:
    score = quality.aggregate_sh([quality.score_sh_page(GOLD, ""), quality.score_sh_page(GOLD, GOLD)])
    assert (score.precision, score.recall) == (1.0, 0.5)


def test_tf_snippets_ignore_whitespace() -> None:
    page = quality.score_tf_page(["ferry  terminal\nwould"], [], GOLD)
    assert page.lost == ()


def test_tf_lost_snippet_counts_as_dropped_content() -> None:
    score = quality.aggregate_tf([quality.score_tf_page(["not in the text"], [BOILERPLATE], BOILERPLATE)])
    assert (score.dropped_content, score.kept_boilerplate, score.recall) == (1, 1, 0.0)


def test_table_has_one_row_per_rendering_and_source(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(corpus) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| trafilatura.txt |")]
    assert [r.split("|")[2].strip() for r in rows] == ["sh", "tf"]


def test_cleaner_output_beats_raw_on_boilerplate(corpus: Path) -> None:
    pages = quality.load_pages(corpus)
    scores = quality.score_runs(
        pages, quality.run_corpus(pages, ["trafilatura"], workers=1, with_peer=False), ["trafilatura"]
    )
    tf = scores["trafilatura"]["tf"]
    assert (tf["raw"].kept_boilerplate, tf["ours"].kept_boilerplate) == (1, 0)


def write_baseline(path: Path, rows: dict[str, dict[str, float]]) -> Path:
    path.write_text(json.dumps({"rows": rows}), encoding="utf-8")
    return path


def test_gate_passes_when_floors_are_met(corpus: Path, tmp_path: Path) -> None:
    base = write_baseline(
        tmp_path / "b.json", {"trafilatura": {"sh_f1_floor": 0.5, "tf_f1_floor": 0.5, "tf_dropped_content_max": 0}}
    )
    assert run(corpus, "--gate", "--baseline", str(base)) == 0


def test_gate_fails_when_an_f1_floor_is_not_met(corpus: Path, tmp_path: Path) -> None:
    base = write_baseline(tmp_path / "b.json", {"trafilatura": {"sh_f1_floor": 1.01}})
    assert run(corpus, "--gate", "--baseline", str(base)) == 1


def test_gate_fails_when_dropped_content_rises(corpus: Path, tmp_path: Path) -> None:
    (corpus / "tf" / "p1" / "gold.json").write_text(json.dumps({"with": ["absent from the page"], "without": []}))
    base = write_baseline(tmp_path / "b.json", {"trafilatura": {"tf_dropped_content_max": 0}})
    assert run(corpus, "--gate", "--baseline", str(base)) == 1


def test_gate_fails_without_floors(corpus: Path, tmp_path: Path) -> None:
    assert run(corpus, "--gate", "--baseline", str(tmp_path / "absent.json")) == 1


def test_update_baseline_never_lowers_a_floor(corpus: Path, tmp_path: Path) -> None:
    base = write_baseline(tmp_path / "b.json", {"trafilatura": {"sh_f1_floor": 0.999}})
    assert run(corpus, "--update-baseline", "--baseline", str(base)) == 0
    rows = json.loads(base.read_text())["rows"]["trafilatura"]
    assert rows["sh_f1_floor"] == 0.999
    assert 0 < rows["tf_f1_floor"] <= 1 - quality.FLOOR_TOLERANCE


def test_lower_floor_requires_a_reason(corpus: Path, tmp_path: Path) -> None:
    base = write_baseline(tmp_path / "b.json", {"trafilatura": {"sh_f1_floor": 0.999}})
    assert run(corpus, "--lower-floor", "--baseline", str(base)) == 2
    assert json.loads(base.read_text())["rows"]["trafilatura"]["sh_f1_floor"] == 0.999


def test_lower_floor_with_reason_lowers_and_records_it(corpus: Path, tmp_path: Path) -> None:
    base = write_baseline(tmp_path / "b.json", {"trafilatura": {"sh_f1_floor": 0.999}})
    assert run(corpus, "--lower-floor", "--reason", "gold fixed upstream", "--baseline", str(base)) == 0
    data = json.loads(base.read_text())
    assert data["rows"]["trafilatura"]["sh_f1_floor"] < 0.999
    assert data["lowered"][-1]["reason"] == "gold fixed upstream"


def test_floor_sits_below_the_measured_value() -> None:
    assert quality.floor_for(0.95) == pytest.approx(0.95 - quality.FLOOR_TOLERANCE)


def test_metric_matches_reference_scorer_on_dev_corpus() -> None:
    corpus = require_corpus()
    scorer = SHARED / "corpus" / "score.py"
    if not scorer.is_file():
        pytest.skip(f"reference scorer missing at {scorer}")
    reference = load_script("corpus_score", scorer).score(corpus, "article.txt")
    pages = quality.load_pages(corpus)
    for src in ("sh", "tf"):
        group = [p for p in pages if p.src == src]
        mine = quality.aggregate(src, [quality.score_page(p, (p.path / "article.txt").read_text()) for p in group])
        assert (mine.precision, mine.recall, mine.f1) == pytest.approx(
            (reference[src]["P"], reference[src]["R"], reference[src]["F1"]), abs=1e-12
        )


def test_diff_names_the_rule_behind_a_worse_page(corpus: Path) -> None:
    pages = [p for p in quality.load_pages(corpus) if p.src == "tf"]
    now = {pages[0].key: {"trafilatura": quality.Output(raw=None, ours="", removed=[("XYZ001", GOLD)])}}
    report = quality.diff_report(pages, now, {pages[0].key: {"trafilatura": GOLD}}, ["trafilatura"], "OLD")
    assert "0 better, 1 worse than OLD" in report
    assert "removed [XYZ001] (content)" in report


def test_gate_script_skips_without_corpus(tmp_path: Path) -> None:
    env = {**os.environ, "QUALITY_CORPUS": str(tmp_path / "absent")}
    done = subprocess.run([str(require_source(".ci/quality_gate.sh"))], env=env, capture_output=True, text=True)
    assert (done.returncode, "skipped" in done.stdout) == (0, True)
