"""--lang keeps only records in the given languages; the others are counted as skipped, never dropped silently."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_cli import run

PAGES = {
    "en": FIXTURES / "sites" / "bbc.co.uk.txt",
    "de": FIXTURES / "negative" / "comments_newsletter_de.txt",
    "fr": FIXTURES / "negative" / "paywall_press_fr.txt",
    "es": FIXTURES / "negative" / "hackers_telegram_es.txt",
}


def test_lang_keeps_listed_languages_and_reports_the_rest(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps({"id": k, "text": p.read_text(encoding="utf-8")}) + "\n" for k, p in PAGES.items()),
        encoding="utf-8",
    )
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    html = tmp_path / "audit.html"
    res = run(
        "batch", str(src), "--jsonl", str(out), "--lang", "en,DE", "--report", str(report), "--report-html", str(html)
    )
    assert res.returncode == 0, res.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r.get("inLanguage"), r.get("skipped")) for r in lines] == [
        ("en", "en", None),
        ("de", "de", None),
        ("fr", None, "language fr"),
        ("es", None, "language es"),
    ]
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    assert summary["skipped"] == {"language es": 1, "language fr": 1}
    assert summary["written"] == 2
    assert "skipped: language fr" in res.stderr
    # --report-html works in --jsonl mode, and lists the skips.
    assert "skipped: language es" in html.read_text(encoding="utf-8")
