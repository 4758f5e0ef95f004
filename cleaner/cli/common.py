"""What every sub-command shares: one-line errors, option parsing helpers, Cleaner construction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import typer

from cleaner.batch.timeout import DEFAULT_TIMEOUT_SECONDS
from cleaner.pipeline import Cleaner
from cleaner.rules.schema import RuleError


class CliError(Exception):
    """An error the user can fix; shown as one line on stderr, never as a traceback."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `cleaner: error: …` on stderr and exit non-zero."""
    typer.echo(f"cleaner: error: {message}", err=True)
    raise SystemExit(code)


def split_tokens(values: Sequence[str] | None) -> list[str]:
    """--select/--ignore take repeated options and comma lists alike."""
    out: list[str] = []
    for v in values or []:
        out.extend(t.strip() for t in v.split(",") if t.strip())
    return out


def build_cleaner(
    rules: Sequence[Path] | None,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    heuristics: str = "auto",
    builtin: bool = True,
) -> Cleaner:
    """Load rules once for the whole command, translating rule errors into CLI errors."""
    from cleaner.heuristics import MODES
    from cleaner.rules.schema import load_rules

    if heuristics not in MODES:
        raise CliError(f"--heuristics must be {', '.join(MODES[:-1])} or {MODES[-1]}, not {heuristics!r}")

    try:
        ruleset = load_rules(rules or [], builtin=builtin)
        return Cleaner(ruleset, select=split_tokens(select), ignore=split_tokens(ignore), heuristics_mode=heuristics)
    except RuleError as exc:
        raise CliError(str(exc)) from None
    except ValueError as exc:
        raise CliError(str(exc)) from None


# Options that `clean` and `batch` share, declared once so their names and help cannot drift apart.
REFERENCE_DATE_OPTION = typer.Option(
    None,
    "--reference-date",
    metavar="YYYY-MM-DD",
    help="YYYY-MM-DD used when a date has no year (default: file mtime).",
)
RULES_OPTION = typer.Option(None, "--rules", metavar="PATH", help="Extra rule file or folder (repeatable).")
SELECT_OPTION = typer.Option(None, "--select", metavar="IDS", help="Only these rule ids, prefixes or categories.")
IGNORE_OPTION = typer.Option(None, "--ignore", metavar="IDS", help="Skip these rule ids, prefixes or categories.")
HEURISTICS_OPTION = typer.Option("auto", "--heuristics", metavar="auto|on|off", help="Block classifier for page dumps.")
TIMEOUT_OPTION = typer.Option(
    DEFAULT_TIMEOUT_SECONDS,
    "--timeout",
    metavar="SECONDS",
    help="Seconds per document (0: none); the error names the rule running.",
)


def check_reference_date(value: str | None) -> None:
    """Reject a malformed --reference-date before any work starts."""
    if value is None:
        return
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise CliError(f"--reference-date must be YYYY-MM-DD, not {value!r}") from None
