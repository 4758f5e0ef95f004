"""`cleaner clean FILE|-`: one document in, its record (or body) out.

The typer declaration (help, usage errors); the work is cleaner/cli/clean_run.py, which the fast
path for a plain `cleaner clean FILE` (cleaner/cli/fast.py) calls without loading typer.
"""

from __future__ import annotations

from pathlib import Path

import typer

from cleaner.cli import clean_run
from cleaner.cli.options import (
    HEURISTICS_OPTION,
    IGNORE_OPTION,
    REFERENCE_DATE_OPTION,
    RULES_OPTION,
    SELECT_OPTION,
    TIMEOUT_OPTION,
)
from cleaner.cli.typer_app import app


@app.command("clean")
def clean_command(
    file: str = typer.Argument(..., help="A text, HTML or JSON file (optionally compressed), or - for stdin."),
    fmt: str = typer.Option("json", "--format", "-f", help="json (the record), text (the body) or md."),
    url: str | None = typer.Option(None, "--url", help="The page's URL: picks site rules, fills `url`."),
    reference_date: str | None = REFERENCE_DATE_OPTION,
    rules: list[Path] | None = RULES_OPTION,
    select: list[str] | None = SELECT_OPTION,
    ignore: list[str] | None = IGNORE_OPTION,
    heuristics: str = HEURISTICS_OPTION,
    timeout: float = TIMEOUT_OPTION,
    show_explain: bool = typer.Option(False, "--explain", help="Show each removed span and the rule that removed it."),
) -> None:
    """Clean one document and print its record as JSON (or its body as text/Markdown)."""
    clean_run.clean(file, fmt, url, reference_date, rules, select, ignore, heuristics, timeout, show_explain)
