"""Options that `clean` and `batch` share, declared once so their names and help cannot drift apart.

Kept apart from cleaner/cli/common.py because declaring them needs typer, which the fast
`cleaner clean FILE` path (cleaner/cli/fast.py) never loads.
"""

from __future__ import annotations

import typer

from cleaner.batch.timeout import DEFAULT_TIMEOUT_SECONDS

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
