"""The batch report: one entry per input, a summary, and the table printed at the end of a run.

Per-input entries and the summary hold no timings, so a resumed run's report equals an
uninterrupted one's except for the `run` section.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cleaner.batch.discovery import InputFile
from cleaner.batch.report_html import AuditTally
from cleaner.batch.work import DocOutcome
from cleaner.io.readers import display_path

# A file of a million broken lines must not make a million-line report: list this many problems
# per input and count the rest.
MAX_PROBLEMS_PER_INPUT = 100


@dataclass(slots=True)
class InputTally:
    """Counts for one input, built up as its documents come back in order."""

    inp: InputFile
    documents: int = 0
    written: int = 0
    errors: int = 0
    empty_body: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    template_sites: Counter[str] = field(default_factory=Counter)
    problems: list[dict[str, Any]] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    used_names: set[str] = field(default_factory=set)
    audit: AuditTally = field(default_factory=AuditTally)
    skipped: Counter[str] = field(default_factory=Counter)
    records: bool = False  # read as separate records (a JSONL file, a JSON list), not as one document

    def add(self, d: DocOutcome) -> None:
        """Count one document's outcome."""
        self.records = self.records or d.where is not None
        if d.skipped is not None:
            self.skipped[d.skipped] += 1
            return
        self.documents += 1
        if d.ok:
            self.written += 1
            self.empty_body += d.empty_body
            self.removed.update(d.removed)
            self.audit.add(d.audit, doc_label(self.inp.source, d), d.empty_body)
            self.template_sites.update(d.template_sites)
        else:
            self.errors += 1
            if len(self.problems) < MAX_PROBLEMS_PER_INPUT:
                p: dict[str, Any] = (
                    {"line" if self.inp.kind == "jsonl" else "index": d.where} if d.where is not None else {}
                )
                if d.id is not None and d.where is not None:
                    p["id"] = d.id
                p["reason"] = d.reason
                self.problems.append(p)

    def entry(self) -> dict[str, Any]:
        """The report entry: status, counts and, on error, a one-line reason."""
        status = "ok" if not self.errors else ("failed" if not self.written else "partial")
        e: dict[str, Any] = {
            "input": self.inp.source,
            "kind": self.inp.kind,
            "status": status,
            "documents": self.documents,
            "written": self.written,
            "errors": self.errors,
            "empty_body": self.empty_body,
            "removed": dict(sorted(self.removed.items())),
            **self.audit.entry(),
        }
        if self.skipped:
            e["skipped"] = dict(sorted(self.skipped.items()))
        if self.template_sites:
            e["template_removed_by_site"] = dict(sorted(self.template_sites.items()))
        if self.errors:
            first = self.problems[0] if self.problems else {"reason": "unknown"}
            where = (
                f"line {first['line']}: "
                if "line" in first
                else (f"record {first['index']}: " if "index" in first else "")
            )
            more = f" (+{self.errors - 1} more)" if self.errors > 1 else ""
            e["reason"] = f"{where}{first['reason']}{more}"
            e["problems"] = self.problems
        return e


def doc_label(source: str, d: DocOutcome) -> str:
    """Where a document came from, for the audit page: the input, its line or record, its id."""
    label = source if d.where is None else f"{source}:{d.where}"
    return f"{label} (id {d.id})" if d.id is not None and d.where is not None else label


def output_of(inp: InputFile, tally: InputTally) -> str | None:
    """Where an input's output went (or would have gone), under OUT: its file, or its records folder."""
    if inp.target is not None and not tally.records:
        return display_path(inp.target)
    return display_path(inp.target_dir) + "/" if inp.target_dir is not None else None


def skipped_entry(inp: InputFile, reason: str) -> dict[str, Any]:
    """The report entry of an input that was not read, with the same keys as any other."""
    return {
        "input": inp.source,
        "kind": inp.kind,
        "status": "skipped",
        "documents": 0,
        "written": 0,
        "errors": 0,
        "empty_body": 0,
        "removed": {},
        "reason": reason,
    }


def summarize(entries: Sequence[dict[str, Any]], unsupported: int = 0) -> dict[str, Any]:
    """Totals over all inputs: what the summary table and the exit code are computed from."""
    removed: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    template_sites: Counter[str] = Counter()
    status: Counter[str] = Counter()
    documents = written = errors = empty_body = 0
    # One pass: the entries of a large batch are read back from a file (batch/entries.py), a pass per total read
    # each of them twelve times.
    for e in entries:
        removed.update(e.get("removed", {}))
        skipped.update(e.get("skipped", {}))
        template_sites.update(e.get("template_removed_by_site", {}))
        status[e["status"]] += 1
        documents += e["documents"]
        written += e["written"]
        errors += e["errors"]
        empty_body += e["empty_body"]
    extra = {"template_removed_by_site": dict(sorted(template_sites.items()))} if template_sites else {}
    return {
        "inputs": len(entries),
        "inputs_ok": status["ok"],
        "inputs_partial": status["partial"],
        "inputs_failed": status["failed"],
        "inputs_skipped": status["skipped"],
        "documents": documents,
        "written": written,
        "errors": errors,
        "empty_body": empty_body,
        "removed_spans": sum(removed.values()),
        "removed_by_category": dict(sorted(removed.items(), key=lambda kv: (-kv[1], kv[0]))),
        "unsupported_files_skipped": unsupported,
        "skipped": dict(sorted(skipped.items())),
        **extra,
    }


def build_report(entries: Sequence[dict[str, Any]], summary: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    """report.json: version, summary, one entry per input in input order, then the run's timings."""
    from cleaner import __version__

    return {"cleaner": __version__, "summary": summary, "inputs": entries, "run": run}


def print_summary(report: dict[str, Any], *, color: bool) -> None:
    """The end-of-run table on stderr, so it never mixes with records on stdout."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(stderr=True, no_color=not color, highlight=False, soft_wrap=False)
    s, run = report["summary"], report["run"]
    t = Table(title="cleaner batch", title_justify="left", show_header=False, box=None, pad_edge=False)
    t.add_column(style="bold")
    t.add_column()
    t.add_row(
        "inputs",
        f"{s['inputs']} ({s['inputs_ok']} ok, {s['inputs_partial']} partial, "
        f"{s['inputs_failed']} failed, {s.get('inputs_skipped', 0)} skipped, {run.get('reused', 0)} up to date)",
    )
    # Documents of inputs skipped as up to date were not written by this run.
    fresh = s["written"] - run.get("reused_documents", 0)
    t.add_row(
        "documents",
        f"{s['documents']} ({fresh} written"
        + (f", {s['written'] - fresh} up to date)" if fresh != s["written"] else ")"),
    )
    t.add_row("removed spans", str(s["removed_spans"]))
    for cat, n in s["removed_by_category"].items():
        t.add_row(f"  {cat}", str(n))
    for reason, n in s.get("skipped", {}).items():
        t.add_row(f"skipped: {reason}", str(n))
    t.add_row("no body left", str(s["empty_body"]))
    t.add_row("errors", str(s["errors"]))
    if report.get("report_error"):
        t.add_row("report", f"not written: {report['report_error']}")
    if run.get("elapsed_seconds"):
        rate = s["documents"] / run["elapsed_seconds"] if run["elapsed_seconds"] else 0
        t.add_row("time", f"{run['elapsed_seconds']:.1f}s ({rate:.0f} docs/s, {run.get('jobs', 1)} jobs)")
    # Rendered, then written with each line's padding stripped: rich pads every table cell to
    # the column width, which leaves trailing spaces in logs and piped output.
    with console.capture() as cap:
        console.print(t)
    console.file.write("\n".join(line.rstrip() for line in cap.get().split("\n")))
    failed = [e for e in report["inputs"] if e["status"] != "ok"]
    for e in failed[:10]:
        console.print(Text.assemble((e["status"], "red"), f" {e['input']}: {e['reason']}"))
    if len(failed) > 10:
        console.print(f"... and {len(failed) - 10} more inputs with errors (see the report)")
