"""`cleaner batch IN... -o OUT`: many inputs, in parallel, resumable; `cleaner batch -` streams JSONL."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from cleaner.cli.common import CliError, build_cleaner, check_reference_date, split_tokens
from cleaner.cli.options import (
    HEURISTICS_OPTION,
    IGNORE_OPTION,
    REFERENCE_DATE_OPTION,
    RULES_OPTION,
    SELECT_OPTION,
    TIMEOUT_OPTION,
)
from cleaner.cli.typer_app import app
from cleaner.io.formats import FORMAT_ALIASES
from cleaner.io.readers import FieldNames

ENGINES = ("local", "dask")


def _fields(default: tuple[str, ...], given: list[str] | None) -> tuple[str, ...]:
    tokens = split_tokens(given)
    return tuple(tokens) if tokens else default


@app.command("batch")
def batch_command(
    inputs: list[str] = typer.Argument(..., help="Folders (recursive), files, or - for JSONL on stdin."),
    output: str | None = typer.Option(None, "--output", "-o", help="Output folder mirroring the input tree."),
    jsonl: str | None = typer.Option(None, "--jsonl", help="Write all records to one JSONL file (.gz ok; - = stdout)."),
    fmt: str = typer.Option("json", "--format", "-f", help="Body of each output file: json, txt or md."),
    include: list[str] | None = typer.Option(None, "--include", help="Only files matching this glob (repeatable)."),
    exclude: list[str] | None = typer.Option(None, "--exclude", help="Skip files matching this glob (repeatable)."),
    text_field: list[str] | None = typer.Option(
        None, "--text-field", help="JSON key(s) for text (default: text, content, body)."
    ),
    html_field: list[str] | None = typer.Option(None, "--html-field", help="JSON key(s) for HTML (default: html)."),
    url_field: list[str] | None = typer.Option(None, "--url-field", help="JSON key(s) for the URL (default: url)."),
    id_field: list[str] | None = typer.Option(None, "--id-field", help="JSON key(s) for the id (default: id)."),
    jobs: int = typer.Option(0, "--jobs", "-j", "--parallel", help="Worker processes (default: all cores)."),
    timeout: float = TIMEOUT_OPTION,
    force: bool = typer.Option(False, "--force", help="Redo every input, even when its output is up to date."),
    fail_fast: bool = typer.Option(False, "--fail-fast", help="Stop at the first input with an error."),
    report: str | None = typer.Option(None, "--report", help="Where to write the report (default: OUT/report.json)."),
    report_html: str | None = typer.Option(
        None, "--report-html", metavar="FILE", help="Audit page (default with -o: OUT/report.html)."
    ),
    parquet: str | None = typer.Option(
        None, "--parquet", metavar="FILE", help="Write all records to one Parquet file (the parquet extra)."
    ),
    lang: list[str] | None = typer.Option(
        None, "--lang", metavar="CODES", help="Keep only these languages (en,de); others are reported as skipped."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    engine: str = typer.Option("local", "--engine", help="local (process pool) or dask."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address (default: a local cluster)."
    ),
    reference_date: str | None = REFERENCE_DATE_OPTION,
    rules: list[Path] | None = RULES_OPTION,
    select: list[str] | None = SELECT_OPTION,
    ignore: list[str] | None = IGNORE_OPTION,
    heuristics: str = HEURISTICS_OPTION,
    learn: bool = typer.Option(
        False, "--learn", help="Learn each site's template from the batch first, then apply it."
    ),
    learn_out: str | None = typer.Option(None, "--learn-out", help="With --learn: keep the learned rule files here."),
    site_field: list[str] | None = typer.Option(None, "--site-field", help="With --learn: JSON key naming the site."),
) -> None:
    """Clean many documents: folders, files or JSONL on stdin, into a folder or one JSONL stream."""
    # The runner, pool and report load only when a batch runs, not on every `cleaner` command.
    from cleaner.batch import BatchError, BatchOptions, run_batch
    from cleaner.batch.progress import NullProgress, RichProgress
    from cleaner.batch.report import print_summary

    if fmt not in FORMAT_ALIASES:
        raise CliError(f"--format must be json, txt or md, not {fmt!r}")
    if engine not in ENGINES:
        raise CliError(f"--engine must be local or dask, not {engine!r}")
    if scheduler and engine != "dask":
        raise CliError("--scheduler needs --engine dask")
    if jobs < 0:
        raise CliError("--jobs must be 0 (all cores) or more")
    check_reference_date(reference_date)
    cleaner = build_cleaner(rules, select, ignore, heuristics)
    defaults = FieldNames()
    opts = BatchOptions(
        inputs=list(inputs),
        out_dir=output,
        jsonl=jsonl,
        fmt=fmt,
        fields=FieldNames(
            _fields(defaults.text, text_field),
            _fields(defaults.html, html_field),
            _fields(defaults.url, url_field),
            _fields(defaults.id, id_field),
        ),
        include=tuple(include or ()),
        exclude=tuple(exclude or ()),
        jobs=jobs,
        timeout=timeout,
        force=force,
        fail_fast=fail_fast,
        report=report,
        reference_date=reference_date,
        report_html=report_html,
        parquet=parquet,
        lang=tuple(t.lower() for t in split_tokens(lang)),
    )
    interactive = sys.stderr.isatty() and not quiet
    progress = RichProgress() if interactive else NullProgress()

    def warn(message: str) -> None:
        if not quiet:
            typer.echo(f"cleaner: warning: {message}", err=True)

    if learn_out and not learn:
        raise CliError("--learn-out needs --learn")
    from cleaner.batch.job import check_output_locations, resolve_mode
    from cleaner.batch.output_lock import hold_output

    try:
        # The outputs are checked before anything is made there, then held from learning to the report's last rewrite
        # (`add_to_report`); the runner's own hold nests in this one.
        _, target = resolve_mode(opts)
        check_output_locations(opts, target)
        with hold_output(opts.out_dir, target):
            learned = None
            if learn:
                from cleaner.cli.learn_cmd import learn_for_batch

                cleaner, learned = learn_for_batch(
                    list(inputs),
                    cleaner,
                    learn_out,
                    fields=opts.fields,
                    include=opts.include,
                    exclude=opts.exclude,
                    site_field=site_field,
                    rules=rules,
                    select=select,
                    ignore=ignore,
                    heuristics=heuristics,
                    engine=engine,
                    scheduler=scheduler,
                    workers=jobs,
                )
            if engine == "dask":
                try:
                    from cleaner.integrations.dask import run_batch_dask
                except ImportError as exc:
                    raise CliError(f"--engine dask needs the dask extra: pip install 'cleaner[dask]' ({exc})") from None
                result = run_batch_dask(opts, cleaner, scheduler=scheduler, progress=progress, on_warning=warn)
            else:
                from cleaner.batch.heap import settled_for_batch

                with settled_for_batch():  # this process (-j 1) and the workers it forks clean documents one by one
                    result = run_batch(opts, cleaner, progress=progress, on_warning=warn)
            if learned is not None:
                from cleaner.cli.learn_cmd import add_to_report

                add_to_report(result, learned)
    except BatchError as exc:
        raise CliError(str(exc)) from None
    if not quiet:
        print_summary(result.report, color=interactive and os.environ.get("NO_COLOR") is None)
        if result.report_path:
            typer.echo(f"report: {result.report_path}", err=True)
    if result.report_error:
        typer.echo(f"cleaner: error: {result.report_error}", err=True)
    elif result.report.get("fatal"):
        typer.echo(f"cleaner: error: {result.report['fatal']}", err=True)
    raise typer.Exit(result.exit_code)
