"""report.html: generated from a real batch run's report, rendered by a real headless Chromium."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.batch import BatchOptions, run_batch
from cleaner.batch.report_html import MAX_LISTED, SAMPLE_CHARS, SAMPLES_PER_RULE, render_report_html
from tests.conftest import FIXTURES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _batch(tmp_path: Path) -> tuple[Path, dict]:
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted((FIXTURES / "sites").glob("*.txt")):
        shutil.copy(p, src / p.name)
    shutil.copy(FIXTURES / "scrapy" / "boilerplate-only.txt", src / "nothing-left.txt")
    out = tmp_path / "out"
    res = run_batch(BatchOptions([str(src)], out_dir=str(out), jobs=1), Cleaner())
    assert res.exit_code == 0
    return out, json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_report_json_holds_the_audit_and_the_page_is_small_and_self_contained(tmp_path: Path) -> None:
    out, report = _batch(tmp_path)
    audit = report["audit"]
    cats = audit["removed_by_category"]
    assert sum(c["spans"] for c in cats.values()) == report["summary"]["removed_spans"]
    assert sum(r["chars"] for r in audit["removed_by_rule"].values()) == sum(c["chars"] for c in cats.values())
    assert audit["no_body_documents"] == [str(tmp_path / "in" / "nothing-left.txt")]
    assert audit["sites"]["thejournal.ie"] >= 1
    assert report["run"]["samples"]
    for samples in report["run"]["samples"].values():
        assert 1 <= len(samples) <= SAMPLES_PER_RULE
        assert all(len(s["text"]) <= SAMPLE_CHARS for s in samples)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page == render_report_html(report)  # the page is a function of report.json alone
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert len(page.encode()) < 100_000


@pytest.mark.parametrize("where", ["jsonl", "out"])
def test_report_html_cannot_overwrite_an_output(tmp_path: Path, where: str, default_cleaner: Cleaner) -> None:
    from cleaner.batch import BatchError

    src = tmp_path / "a.txt"
    src.write_text("The council met on Tuesday.\n", encoding="utf-8")
    if where == "jsonl":
        opts = BatchOptions([str(src)], jsonl=str(tmp_path / "o.jsonl"), report_html=str(tmp_path / "o.jsonl"))
    else:
        opts = BatchOptions([str(src)], out_dir=str(tmp_path / "out"), report_html=str(tmp_path / "out" / "a.json"))
    with pytest.raises(BatchError, match="--report-html"):
        run_batch(opts, default_cleaner)


def test_html_escapes_removed_text() -> None:
    report = {
        "summary": {"inputs": 1, "documents": 1},
        "inputs": [],
        "audit": {
            "removed_by_category": {"ads": {"spans": 1, "chars": 9}},
            "removed_by_rule": {"ADS001": {"category": "ads", "spans": 1, "chars": 9}},
            "sites": {},
            "no_body_documents": [],
        },
        "run": {"samples": {"ADS001": [{"text": "<script>alert(1)</script>", "source": "a.txt", "id": None}]}},
    }
    page = render_report_html(report)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_errors_list_the_first_failed_inputs_and_count_the_rest() -> None:
    failed = [
        {"input": f"f{k}.txt", "status": "failed", "errors": 1, "reason": "cannot read"} for k in range(MAX_LISTED + 5)
    ]
    report = {
        "summary": {"inputs": MAX_LISTED + 6, "documents": 1},
        "inputs": [{"input": "ok.txt", "status": "ok"}, *failed],
        "audit": {"removed_by_category": {}, "removed_by_rule": {}, "sites": {}, "no_body_documents": []},
        "run": {"samples": {}},
    }
    page = render_report_html(report)
    assert f"f{MAX_LISTED - 1}.txt" in page and f"f{MAX_LISTED}.txt" not in page
    assert "… and 5 more (see report.json)" in page


@pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does it as root)"
)
def test_chromium_renders_chart_tables_and_samples(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    out, report = _batch(tmp_path)
    audit = report["audit"]
    top_rule, samples = next(iter(report["run"]["samples"].items()))
    requests: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            page.on("request", lambda r: requests.append(r.url))
            page.goto((out / "report.html").as_uri())
            widths = page.eval_on_selector_all(
                "#chart-categories rect.bar", "els => els.map(e => e.getBoundingClientRect().width)"
            )
            table_rows = {
                t: page.locator(f"#{t} tbody tr").count() for t in ("categories-table", "rules-table", "sites-table")
            }
            rules_box = page.locator("#rules-table").bounding_box()
            sample_texts = page.eval_on_selector_all(
                f'h3[id="rule-{top_rule}"] ~ blockquote.sample', "els => els.map(e => e.textContent)"
            )
            body_text = page.inner_text("body")
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    # One bar per category, drawn to scale: the largest category has the full-width bar.
    assert len(widths) == len(audit["removed_by_category"])
    assert all(w > 0 for w in widths) and widths == sorted(widths, reverse=True)
    assert table_rows["categories-table"] == len(audit["removed_by_category"])
    assert table_rows["rules-table"] == min(50, len(audit["removed_by_rule"]))
    assert table_rows["sites-table"] == len(audit["sites"])
    assert rules_box is not None and rules_box["height"] > 0
    assert samples[0]["text"] in sample_texts
    assert "nothing-left.txt" in body_text
    assert requests == [(out / "report.html").as_uri()]  # nothing fetched besides the page itself
    assert (tmp_path / "report.png").stat().st_size > 10_000
