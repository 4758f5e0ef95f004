"""What every sub-command shares: one-line errors, option parsing helpers, Cleaner construction.

No typer here: `cleaner clean FILE` runs without it (cleaner/cli/fast.py), and only an error that
is printed loads it, so the message is written exactly as on the typer path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from cleaner.pipeline import Cleaner
from cleaner.rules.schema import RuleError

# Exit code for Ctrl-C, as shells report a process ended by SIGINT (128 + 2).
INTERRUPTED_EXIT = 130
# What the user is told on Ctrl-C, per sub-command: batch keeps its state, so a re-run resumes.
INTERRUPT_MESSAGES = {"batch": "interrupted; re-run to resume"}


class CliError(Exception):
    """An error the user can fix; shown as one line on stderr, never as a traceback."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `cleaner: error: …` on stderr and exit non-zero."""
    import typer

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


def check_reference_date(value: str | None) -> None:
    """Reject a malformed --reference-date before any work starts."""
    if value is None:
        return
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise CliError(f"--reference-date must be YYYY-MM-DD, not {value!r}") from None
