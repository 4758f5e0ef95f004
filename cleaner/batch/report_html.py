"""The audit page: what a batch removed, by category, rule and site, with sampled spans, as one HTML file.

A reviewer of 200,000 cleaned pages wants to see what was lost without reading JSON. The page is
generated from report.json alone (its `summary`, `inputs` and `audit` sections), so it can be
rebuilt from any report; the samples are in its `run` section, because they come from the
documents this run cleaned (a resumed run samples only what it redid). It is one self-contained
file: inline CSS, an inline SVG chart, no scripts and nothing fetched, so it opens offline and
from an archive. Every number is printed as text beside its bar and every table has headers,
so it reads the same without colour.

The batch side of this module collects the audit data: `doc_audit` runs in the worker and keeps
one short sample per rule per document; `AuditTally` sums a per-input entry (so a resumed run's
report keeps the counts of inputs it skipped); `Samples` keeps a few samples per rule for the page.
"""

from __future__ import annotations

import html
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.model import Article

# Samples kept per rule, from different documents: enough to judge a rule, few enough that a
# report of a large batch stays small (the page must open quickly).
SAMPLES_PER_RULE = 3
# Sampled spans are cut to this many characters; a drop-tail span can be a whole comment section.
SAMPLE_CHARS = 300
# Rules shown with samples, and rows in the by-rule and per-site tables: the page stays one screen
# of sections a person reads, the full counts remain in report.json.
TOP_RULES_WITH_SAMPLES = 10
MAX_TABLE_ROWS = 50
# Documents with no body left, and errors, listed per input and on the page.
MAX_LISTED = 100
NO_SITE = "(no site detected)"
# Chart geometry: label column, bar area, row height (px); text sits beside each bar.
CHART_LABEL_PX = 130
CHART_BAR_PX = 420
CHART_VALUE_PX = 190
CHART_ROW_PX = 22


def doc_audit(article: Article) -> dict[str, Any]:
    """One document's removals per rule ([category, spans, chars, first span]) and its site."""
    rules: dict[str, list[Any]] = {}
    for r in article.removed:
        entry = rules.get(r.rule)
        if entry is None:
            rules[r.rule] = [r.category, 1, len(r.text), r.text[:SAMPLE_CHARS]]
        else:
            entry[1] += 1
            entry[2] += len(r.text)
    return {"site": article.site, "rules": rules, "id": article.id}


@dataclass(slots=True)
class AuditTally:
    """Per-input sums of document audits; becomes part of the input's report entry."""

    rules: dict[str, list[Any]] = field(default_factory=dict)  # rule -> [category, spans, chars]
    sites: Counter[str] = field(default_factory=Counter)
    no_body: list[str] = field(default_factory=list)

    def add(self, audit: dict[str, Any] | None, where: str, empty_body: bool) -> None:
        """Count one cleaned document; `where` names it in the no-body list."""
        if audit is None:
            return
        self.sites[audit.get("site") or NO_SITE] += 1
        for rule, (category, spans, chars, _sample) in audit["rules"].items():
            entry = self.rules.setdefault(rule, [category, 0, 0])
            entry[1] += spans
            entry[2] += chars
        if empty_body and len(self.no_body) < MAX_LISTED:
            self.no_body.append(where)

    def entry(self) -> dict[str, Any]:
        """The audit part of a report entry (left out when nothing was cleaned)."""
        if not self.sites:
            return {}
        return {
            "removed_by_rule": {k: self.rules[k] for k in sorted(self.rules)},
            "sites": dict(sorted(self.sites.items())),
            "no_body_documents": self.no_body,
        }


@dataclass(slots=True)
class Samples:
    """A few removed spans per rule, each from a different document, in input order."""

    by_rule: dict[str, list[dict[str, str | None]]] = field(default_factory=dict)

    def add(self, audit: dict[str, Any] | None, source: str) -> None:
        """Keep this document's span for each rule that still has room."""
        if audit is None:
            return
        for rule, (_category, _spans, _chars, text) in audit["rules"].items():
            kept = self.by_rule.setdefault(rule, [])
            if len(kept) < SAMPLES_PER_RULE:
                kept.append({"text": text, "source": source, "id": audit.get("id")})


def build_audit(entries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The report's `audit` section: totals by category, rule and site over all inputs."""
    rules: dict[str, list[Any]] = {}
    sites: Counter[str] = Counter()
    no_body: list[str] = []
    for e in entries:
        for rule, (category, spans, chars) in e.get("removed_by_rule", {}).items():
            entry = rules.setdefault(rule, [category, 0, 0])
            entry[1] += spans
            entry[2] += chars
        sites.update(e.get("sites", {}))
        no_body.extend(e.get("no_body_documents", [])[: max(0, MAX_LISTED - len(no_body))])
    categories: dict[str, dict[str, int]] = {}
    for category, spans, chars in rules.values():
        c = categories.setdefault(category, {"spans": 0, "chars": 0})
        c["spans"] += spans
        c["chars"] += chars
    by_chars = sorted(rules.items(), key=lambda kv: (-kv[1][2], kv[0]))
    return {
        "removed_by_category": dict(sorted(categories.items(), key=lambda kv: (-kv[1]["chars"], kv[0]))),
        "removed_by_rule": {rule: {"category": c, "spans": s, "chars": n} for rule, (c, s, n) in by_chars},
        "sites": dict(sorted(sites.items(), key=lambda kv: (-kv[1], kv[0]))),
        "no_body_documents": no_body,
    }


def top_samples(audit: dict[str, Any], samples: Samples) -> dict[str, list[dict[str, str | None]]]:
    """Samples of the rules that removed the most characters (those this run saw documents for)."""
    top = [rule for rule in audit["removed_by_rule"] if rule in samples.by_rule][:TOP_RULES_WITH_SAMPLES]
    return {rule: samples.by_rule[rule] for rule in top}


# ---------------------------------------------------------------------------------------------
# The page

CSS = """
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #999}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.2rem .5rem;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
blockquote{margin:.4rem 0 .8rem;padding:.3rem .6rem;border-left:4px solid #555;background:#f3f3f3;
white-space:pre-wrap;word-break:break-word}
.src{font-size:.85rem;color:#333}svg text{font:13px system-ui,sans-serif}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _table(headers: list[str], rows: list[list[Any]], numeric: set[int], table_id: str) -> str:
    head = "".join(f'<th{" class=n" if i in numeric else ""} scope="col">{_e(h)}</th>' for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f"<td{' class=n' if i in numeric else ''}>{_e(v)}</td>" for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def bar_chart(items: list[tuple[str, int, int]], chart_id: str, title: str) -> str:
    """Horizontal bars of removed characters, each labelled with its name, chars and spans as text."""
    if not items:
        return "<p>Nothing was removed.</p>"
    top = max(chars for _, chars, _ in items) or 1
    width = CHART_LABEL_PX + CHART_BAR_PX + CHART_VALUE_PX
    height = CHART_ROW_PX * len(items) + 4
    rows = []
    for i, (name, chars, spans) in enumerate(items):
        y = i * CHART_ROW_PX + 2
        w = max(1, round(CHART_BAR_PX * chars / top))
        rows.append(
            f'<text x="{CHART_LABEL_PX - 6}" y="{y + 15}" text-anchor="end">{_e(name)}</text>'
            f'<rect class="bar" x="{CHART_LABEL_PX}" y="{y + 3}" width="{w}" height="{CHART_ROW_PX - 6}" '
            f'fill="#444" data-chars="{chars}"><title>{_e(name)}: {chars:,} chars, {spans:,} spans</title></rect>'
            f'<text x="{CHART_LABEL_PX + w + 6}" y="{y + 15}">{chars:,} chars · {spans:,} spans</text>'
        )
    return (
        f'<svg id="{chart_id}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>'
        + "".join(rows)
        + "</svg>"
    )


def render_report_html(report: dict[str, Any]) -> str:
    """The whole page, from a report.json dict."""
    s = report.get("summary", {})
    run = report.get("run", {})
    audit = report.get("audit") or build_audit(report.get("inputs", []))
    cats = audit["removed_by_category"]
    rules = audit["removed_by_rule"]
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>cleaner batch report</title><style>{CSS}</style></head><body>",
        "<h1>cleaner batch report</h1>",
        f'<p class="src">cleaner {_e(report.get("cleaner", "?"))} · started {_e(run.get("started", "?"))} · '
        f"{_e(run.get('elapsed_seconds', '?'))} s · {_e(run.get('jobs', '?'))} jobs</p>",
        '<h2 id="totals">Totals</h2>',
        _table(
            ["", "count"],
            [
                ["inputs", s.get("inputs", 0)],
                ["documents", s.get("documents", 0)],
                ["written", s.get("written", 0)],
                ["errors", s.get("errors", 0)],
                ["documents with no body left", s.get("empty_body", 0)],
                ["removed spans", sum(c["spans"] for c in cats.values())],
                ["removed characters", sum(c["chars"] for c in cats.values())],
                *[[f"skipped: {k}", v] for k, v in sorted(s.get("skipped", {}).items())],
            ],
            {1},
            "totals-table",
        ),
        '<h2 id="categories">Removed by category</h2>',
        bar_chart(
            [(k, v["chars"], v["spans"]) for k, v in cats.items()], "chart-categories", "Removed characters by category"
        ),
        _table(
            ["category", "spans", "characters"],
            [[k, v["spans"], v["chars"]] for k, v in cats.items()],
            {1, 2},
            "categories-table",
        ),
        '<h2 id="rules">Removed by rule</h2>',
        _table(
            ["rule", "category", "spans", "characters"],
            [[k, v["category"], v["spans"], v["chars"]] for k, v in list(rules.items())[:MAX_TABLE_ROWS]],
            {2, 3},
            "rules-table",
        ),
    ]
    if len(rules) > MAX_TABLE_ROWS:
        parts.append(f"<p>… and {len(rules) - MAX_TABLE_ROWS} more rules (see report.json).</p>")
    parts.append('<h2 id="samples">Top rules by removed characters, with samples</h2>')
    sampled = run.get("samples", {})
    if not sampled:
        parts.append("<p>No samples: this run cleaned no documents (all up to date; --force redoes them).</p>")
    for rule, samples in sampled.items():
        info = rules.get(rule, {})
        parts.append(
            f'<h3 id="rule-{_e(rule)}">{_e(rule)} <span class="src">({_e(info.get("category", "?"))}, '
            f"{info.get('chars', 0):,} chars in {info.get('spans', 0):,} spans)</span></h3>"
        )
        for sample in samples:
            where = sample.get("source") or "?"
            if sample.get("id"):
                where += f" (id {sample['id']})"
            parts.append(f'<blockquote class="sample">{_e(sample.get("text", ""))}</blockquote>')
            parts.append(f'<p class="src">from {_e(where)}</p>')
    sites = list(audit["sites"].items())
    parts += [
        '<h2 id="sites">Documents per site</h2>',
        _table(["site", "documents"], [list(kv) for kv in sites[:MAX_TABLE_ROWS]], {1}, "sites-table"),
        '<h2 id="no-body">Documents with no body left</h2>',
    ]
    no_body = audit["no_body_documents"]
    parts.append(
        "<ul>" + "".join(f"<li>{_e(d)}</li>" for d in no_body) + "</ul>"
        if no_body
        else "<p>None: every document kept some body.</p>"
    )
    if s.get("empty_body", 0) > len(no_body):
        parts.append(f"<p>… and {s['empty_body'] - len(no_body)} more (see report.json).</p>")
    parts.append('<h2 id="errors">Errors</h2>')
    # Read as they come (the entries of a large batch are read back from a file): the first MAX_LISTED, then a count.
    failing = (e for e in report.get("inputs", []) if e.get("status") not in ("ok", "skipped"))
    failed = list(itertools.islice(failing, MAX_LISTED))
    if failed:
        parts.append(
            _table(
                ["input", "status", "errors", "reason"],
                [[e["input"], e["status"], e.get("errors", 0), e.get("reason", "")] for e in failed],
                {2},
                "errors-table",
            )
        )
        more = sum(1 for _ in failing)
        if more:
            parts.append(f"<p>… and {more} more (see report.json).</p>")
    else:
        parts.append("<p>None.</p>")
    parts.append("</body></html>\n")
    return "".join(parts)


def write_report_html(report: dict[str, Any], target: str | Path) -> None:
    """Write the page atomically, like every other output."""
    from cleaner.io.writers import atomic_write_text

    atomic_write_text(target, render_report_html(report))
