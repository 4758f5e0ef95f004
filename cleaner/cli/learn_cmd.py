"""`cleaner learn IN... -o RULES_DIR`: learn each site's template from a batch, as rule files to review."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cleaner.batch.discovery import BatchError
from cleaner.cli.common import CliError, build_cleaner, split_tokens
from cleaner.cli.options import HEURISTICS_OPTION, IGNORE_OPTION, RULES_OPTION, SELECT_OPTION
from cleaner.cli.typer_app import app
from cleaner.io.readers import FieldNames
from cleaner.pipeline import Cleaner
from cleaner.rules.schema import RuleError, RuleSet, load_rules
from cleaner.sites import SiteDetector
from cleaner.templates import stage as template_stage
from cleaner.templates.collect import DEFAULT_ERA, ERAS, Grouping
from cleaner.templates.counts import DEFAULT_MAX_ENTRIES
from cleaner.templates.learner import DEFAULT_MIN_PAGES, DEFAULT_MIN_SHARE, LearnOptions
from cleaner.templates.run import LearnRun, learn_batch

if TYPE_CHECKING:
    from cleaner.batch.runner import BatchResult

SITE_FIELD_OPTION = typer.Option(
    None, "--site-field", help="JSON key naming each record's site (default: group by URL host, else fingerprints)."
)
ERA_OPTION = typer.Option(
    DEFAULT_ERA, "--eras", help="Learn template eras apart: year (from the URL or a date field), or none."
)


def _fields(default: tuple[str, ...], given: list[str] | None) -> tuple[str, ...]:
    tokens = split_tokens(given)
    return tuple(tokens) if tokens else default


def field_names(
    text: list[str] | None, html: list[str] | None, url: list[str] | None, ids: list[str] | None
) -> FieldNames:
    """--text-field & co. as `cleaner batch` reads them."""
    d = FieldNames()
    return FieldNames(_fields(d.text, text), _fields(d.html, html), _fields(d.url, url), _fields(d.id, ids))


def run_learning(
    inputs: list[str],
    cleaner: Cleaner,
    out_dir: str | Path | None,
    *,
    fields: FieldNames,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    site_field: list[str] | None = None,
    eras: str = DEFAULT_ERA,
    options: LearnOptions | None = None,
    first_pages: int | None = None,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int = 0,
) -> LearnRun:
    """The learning pass both `learn` and `batch --learn` run; errors become CliErrors."""
    if eras not in ERAS:
        raise CliError(f"--eras must be {' or '.join(ERAS)}, not {eras!r}")
    try:
        return learn_batch(
            inputs,
            cleaner.detector,
            out_dir,
            fields=fields,
            include=include,
            exclude=exclude,
            grouping=Grouping(tuple(split_tokens(site_field)), eras),
            options=options,
            first_pages=first_pages,
            max_entries=max_entries,
            engine=engine,
            scheduler=scheduler,
            workers=workers,
        )
    except ImportError as exc:
        raise CliError(f"--engine dask needs the dask extra: pip install 'cleaner[dask]' ({exc})") from None
    except BatchError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"cannot write rules to {out_dir}: {exc.strerror or exc}") from None


def learn_for_batch(
    inputs: list[str],
    cleaner: Cleaner,
    keep_dir: str | None,
    *,
    fields: FieldNames,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    site_field: list[str] | None,
    rules: list[Path] | None,
    select: list[str] | None,
    ignore: list[str] | None,
    heuristics: str,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int = 0,
) -> tuple[Cleaner, LearnRun]:
    """`batch --learn`: learn into --learn-out (or a temporary folder), then a Cleaner with those rules."""
    with tempfile.TemporaryDirectory(prefix="cleaner-learn-") as tmp:
        out = keep_dir or tmp
        run = run_learning(
            inputs,
            cleaner,
            out,
            fields=fields,
            include=include,
            exclude=exclude,
            site_field=site_field,
            engine=engine,
            scheduler=scheduler,
            workers=workers,
        )
        if not run.written:
            return cleaner, run
        # The rules are compiled now; the temporary files are not needed once loaded.
        if select or ignore:
            return build_cleaner([*(rules or []), Path(out)], select, ignore, heuristics), run
        try:
            learned = load_rules([out], builtin=False)
        except RuleError as exc:
            raise CliError(str(exc)) from None
        known = {r.id for r in cleaner.ruleset.rules}
        if any(r.id in known for r in learned.rules):
            # An id clash (a learned folder passed with --rules too): let the loader name it.
            return build_cleaner([*(rules or []), Path(out)], select, ignore, heuristics), run
        return with_learned(cleaner, learned), run


def with_learned(cleaner: Cleaner, learned: RuleSet) -> Cleaner:
    """The cleaner plus learned template rules, reusing its compiled engine for the shipped rules.

    Recompiling every shipped rule for the second Cleaner cost ~2 s of CPU, a third of a plain
    batch of 500 documents (benchmarks/templates.py, speed).
    """
    new = copy.copy(cleaner)
    new.ruleset = RuleSet(
        cleaner.ruleset.rules + learned.rules,
        cleaner.ruleset.sites + learned.sites,
        cleaner.ruleset.files + learned.files,
    )
    new.detector = SiteDetector(new.ruleset.sites)
    _rest, template = template_stage.split(new.ruleset)
    new.template_engine = template_stage.TemplateEngine(template) if template is not None else None
    return new


def print_learned(run: LearnRun, out_dir: str | None) -> None:
    """Per site: pages seen, rules learned, characters they would remove."""
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=True, highlight=False, soft_wrap=False)
    t = Table(title="cleaner learn", title_justify="left", box=None, pad_edge=False)
    for col in ("site", "pages", "rules", "chars"):
        t.add_column(col, justify="left" if col == "site" else "right")
    learned = [s for s in run.sites if s.rule_count]
    for s in sorted(run.sites, key=lambda s: (-s.rule_count, -s.pages, s.site))[: max(20, len(learned))]:
        t.add_row(s.site, str(s.pages), str(s.rule_count), str(s.chars()))
    console.print(t)
    summary = run.summary()
    small = sum(1 for s in run.sites if not s.rule_count)
    console.print(
        f"{len(learned)} sites learned, {small} without rules; {summary['pages']} pages"
        + (f", {summary['ungrouped']} without a site" if summary["ungrouped"] else "")
        + (f", {summary['unreadable']} unreadable" if summary["unreadable"] else "")
        + (f"; counts pruned (undercount <= {summary['max_undercount']})" if summary["max_undercount"] else "")
    )
    if out_dir is not None:
        console.print(f"rules: {out_dir} ({len(run.written)} files)")


@app.command("learn")
def learn_command(
    inputs: list[str] = typer.Argument(..., help="Folders (recursive) or files, as for `cleaner batch`."),
    output: str = typer.Option(..., "--output", "-o", help="Folder for the rule files, one <site>.toml each."),
    include: list[str] | None = typer.Option(None, "--include", help="Only files matching this glob (repeatable)."),
    exclude: list[str] | None = typer.Option(None, "--exclude", help="Skip files matching this glob (repeatable)."),
    text_field: list[str] | None = typer.Option(None, "--text-field", help="JSON key(s) for text."),
    html_field: list[str] | None = typer.Option(None, "--html-field", help="JSON key(s) for HTML."),
    url_field: list[str] | None = typer.Option(None, "--url-field", help="JSON key(s) for the URL."),
    id_field: list[str] | None = typer.Option(None, "--id-field", help="JSON key(s) for the id."),
    site_field: list[str] | None = SITE_FIELD_OPTION,
    eras: str = ERA_OPTION,
    min_pages: int = typer.Option(DEFAULT_MIN_PAGES, "--min-pages", help="Sites with fewer pages learn nothing."),
    min_share: float = typer.Option(DEFAULT_MIN_SHARE, "--min-share", help="Share of a site's pages a line needs."),
    first_pages: int | None = typer.Option(None, "--first-pages", help="Learn from only the first N pages per site."),
    max_entries: int = typer.Option(DEFAULT_MAX_ENTRIES, "--max-entries", help="Cap on counted lines (memory)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No table."),
    engine: str = typer.Option("local", "--engine", help="local, or dask (counts per partition, then merged)."),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Dask scheduler address (default: local)."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Dask worker processes (default: 2)."),
    rules: list[Path] | None = RULES_OPTION,
    select: list[str] | None = SELECT_OPTION,
    ignore: list[str] | None = IGNORE_OPTION,
    heuristics: str = HEURISTICS_OPTION,
) -> None:
    """Learn each site's recurring chrome from the batch and write one reviewable rule file per site."""
    if engine not in ("local", "dask"):
        raise CliError(f"--engine must be local or dask, not {engine!r}")
    if min_pages < 1 or not 0 < min_share <= 1 or (first_pages is not None and first_pages < 1) or max_entries < 1:
        raise CliError("--min-pages, --first-pages and --max-entries must be positive, --min-share in (0, 1]")
    out = Path(output)
    if out.exists() and not out.is_dir():
        raise CliError(f"{output}: not a folder")
    cleaner = build_cleaner(rules, select, ignore, heuristics)
    run = run_learning(
        list(inputs),
        cleaner,
        out,
        fields=field_names(text_field, html_field, url_field, id_field),
        include=tuple(include or ()),
        exclude=tuple(exclude or ()),
        site_field=site_field,
        eras=eras,
        options=LearnOptions(min_pages=min_pages, min_share=min_share),
        first_pages=first_pages,
        max_entries=max_entries,
        engine=engine,
        scheduler=scheduler,
        workers=jobs,
    )
    if not quiet:
        print_learned(run, output)


def add_to_report(result: BatchResult, run: LearnRun) -> None:
    """Put what was learned beside what the template rules removed, per site, in report.json."""
    from cleaner.batch.report_json import write_report

    section = run.summary()
    removed = result.report.get("summary", {}).get("template_removed_by_site", {})
    for site, entry in section["sites"].items():
        entry["removed_spans"] = removed.get(site, 0)
    result.report["templates"] = section
    if result.report_path:
        write_report(result.report_path, result.report)
