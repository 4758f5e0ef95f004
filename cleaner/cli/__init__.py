"""The `cleaner` command: a thin layer over the library.

`main` sends a plain `cleaner clean FILE` (options it parses exactly as typer would, no help, no
mistakes) straight to the cleaning code (cleaner/cli/fast.py): building the typer app and its
pydantic adapters cost about a third of that command's start-up. Everything else, every error
in the arguments included, goes to the typer app (cleaner/cli/typer_app.py), so help, usage
errors and every other command behave as they always did.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    app: typer.Typer


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: every expected error is one stderr line and a non-zero exit code."""
    from cleaner.cli import fast

    call = fast.parse(argv)
    if call is not None:
        fast.run(call)
    from cleaner.cli.typer_app import run

    run(argv)


def __getattr__(name: str) -> Any:
    """`cleaner.cli.app`, the typer app, built only when asked for."""
    if name == "app":
        from cleaner.cli.typer_app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
