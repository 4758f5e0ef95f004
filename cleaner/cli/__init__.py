"""The `cleaner` command: a thin typer layer over the library.

Each sub-command lives in its own module and registers itself on `app`; this module only
builds the app, handles --version, and turns expected errors into one line on stderr.
"""

from __future__ import annotations

import sys

import typer

from cleaner import __version__
from cleaner.cli.common import CliError, fail

app = typer.Typer(
    name="cleaner",
    help="Strip boilerplate from scraped news text; keep the article, its metadata and an audit trail.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cleaner {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Strip boilerplate from scraped news text."""


# Sub-commands register themselves on `app` when imported.
from cleaner.cli import batch_cmd, clean_cmd, learn_cmd, rules_cmd  # noqa: E402,F401


def main() -> None:
    """Console-script entry point: expected errors become one stderr line and exit code 2."""
    try:
        app()
    except CliError as exc:
        fail(str(exc), exc.code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        sys.exit(0)
