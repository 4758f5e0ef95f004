"""The `cleaner` command as a typer app: every command, its help and its usage errors.

Each sub-command lives in its own module and registers itself on `app`; this module only
builds the app, handles --version and --show-config, reads the project config into the
options' defaults, and turns every expected error (usage errors included) into one line on
stderr. `cleaner.cli.main` comes here for everything but a plain `cleaner clean FILE`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import typer

try:  # typer >= 0.24 vendors click as typer._click; older releases use click itself.
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as click_exceptions  # type: ignore[no-redef]

from cleaner import __version__
from cleaner.cli.common import INTERRUPT_MESSAGES, INTERRUPTED_EXIT, CliError, fail

app = typer.Typer(
    name="cleaner",
    help="Strip boilerplate from scraped news text; keep the article, its metadata and an audit trail.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain click help: flags show as flags (rich mode prints `--explain <bool>`), and nothing in
    # the help depends on the terminal's colours.
    rich_markup_mode=None,
)
_invoked: dict[str, str | None] = {"command": None}


def _version(value: bool) -> None:
    if value:
        from cleaner.build import describe

        typer.echo(f"cleaner {__version__} ({describe()})")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    show_config: bool = typer.Option(
        False, "--show-config", help="Print the settings from cleaner.toml / [tool.cleaner] with their source."
    ),
) -> None:
    """Strip boilerplate from scraped news text."""
    from cleaner.config import ConfigError, default_map, describe, load_config

    _invoked["command"] = ctx.invoked_subcommand
    try:
        config = load_config()
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    if show_config:
        typer.echo(describe(config))
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()
    # Config values become the sub-commands' option defaults: an option given on the command
    # line always wins, and each command validates the value as it does its own options.
    ctx.default_map = {**(ctx.default_map or {}), **default_map(config)}


# Sub-commands register themselves on `app` when imported.
from cleaner.cli import batch_cmd, clean_cmd, learn_cmd, rules_cmd  # noqa: E402, F401


def usage_message(exc: click_exceptions.UsageError) -> str:
    """A click usage error as one line, with where to look for help."""
    message = " ".join(exc.format_message().split())
    path = exc.ctx.command_path if exc.ctx is not None else "cleaner"
    return f"{message} (see `{path} --help`)"


def run(argv: Sequence[str] | None = None) -> None:
    """Run the app: every expected error is one stderr line and a non-zero exit code."""
    command = typer.main.get_command(app)
    try:
        rv = command.main(args=list(argv) if argv is not None else None, prog_name="cleaner", standalone_mode=False)
    except click_exceptions.NoArgsIsHelpError as exc:
        # `cleaner` or `cleaner rules` alone: the help is what the user asked for, on stdout.
        typer.echo(exc.ctx.get_help() if exc.ctx is not None else "")
        sys.exit(0)
    except click_exceptions.UsageError as exc:
        fail(usage_message(exc), exc.exit_code)
    except click_exceptions.ClickException as exc:
        fail(" ".join(exc.format_message().split()), exc.exit_code)
    except typer.Abort:
        fail("aborted", 1)
    except CliError as exc:
        fail(str(exc), exc.code)
    except KeyboardInterrupt:
        rv = INTERRUPTED_EXIT
    except BrokenPipeError:
        sys.exit(0)
    if rv == INTERRUPTED_EXIT:
        # typer turns Ctrl-C into a bare exit 130; say what happened and what to do.
        typer.echo(f"cleaner: {INTERRUPT_MESSAGES.get(_invoked['command'] or '', 'interrupted')}", err=True)
        sys.exit(INTERRUPTED_EXIT)
    sys.exit(rv if isinstance(rv, int) else 0)
