"""`cleaner clean FILE [options]` without typer: the command users run most, started as fast as it can be.

Building the typer app costs a third of that command's start-up (typer converts each option through a
pydantic adapter it builds at run time: 0.2–0.3 s of CPU, as much as cleaning a page). So `parse`
reads the arguments itself, but only when they are plainly valid: one FILE, options from the
table below each given at most once (the list options as often as wanted), values that typer
would take as they are. Anything else (`--help`, a mistake, an unusual spelling) returns None and
the typer app handles it, so every message and every help text stays typer's own.

`run` then does what the typer path does for `clean`: read the project config into the options'
defaults, call the same `clean_run.clean`, and turn the same errors into the same stderr line and
exit code. tests/test_cli_fast.py checks that both paths make the same call for the same arguments.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from cleaner.batch.timeout import DEFAULT_TIMEOUT_SECONDS

# Each option of `clean` that takes a value, by every spelling click accepts, and its parameter.
VALUE_OPTIONS = {
    "--format": "fmt",
    "-f": "fmt",
    "--url": "url",
    "--reference-date": "reference_date",
    "--rules": "rules",
    "--select": "select",
    "--ignore": "ignore",
    "--heuristics": "heuristics",
    "--timeout": "timeout",
}
FLAG_OPTIONS = {"--explain": "show_explain"}
# Options that may be repeated, each value added to a list (typer's `list[...]` options).
LIST_PARAMS = ("rules", "select", "ignore")
# The options' defaults as cleaner/cli/clean_cmd.py declares them (the test compares the two paths).
DEFAULTS: dict[str, Any] = {
    "fmt": "json",
    "url": None,
    "reference_date": None,
    "rules": None,
    "select": None,
    "ignore": None,
    "heuristics": "auto",
    "timeout": DEFAULT_TIMEOUT_SECONDS,
    "show_explain": False,
}
# Config keys that are `clean` options (the config's other keys, `jobs` and `lang`, are batch's).
CONFIG_PARAMS = ("rules", "select", "ignore", "heuristics", "reference_date", "timeout")
# A --timeout value whose float is beyond doubt; typer's pydantic float also takes " 1", "1e3",
# "inf" and more, which are left to it.
PLAIN_NUMBER = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
# click runs shell completion instead of the command when this is set.
COMPLETE_VAR = "_CLEANER_COMPLETE"


def _plain(token: str) -> bool:
    """A value typer takes as it is: not option-like, and text that encodes (no undecodable bytes)."""
    if token.startswith("-") and token != "-":
        return False
    try:
        token.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse(argv: Sequence[str] | None) -> dict[str, Any] | None:
    """`clean`'s arguments as given on the command line, or None when typer must read them."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "clean" or COMPLETE_VAR in os.environ:
        return None
    given: dict[str, Any] = {}
    files: list[str] = []
    rest = args[1:]
    i = 0
    while i < len(rest):
        token = rest[i]
        i += 1
        if token in FLAG_OPTIONS:
            name = FLAG_OPTIONS[token]
            if name in given:
                return None
            given[name] = True
            continue
        if token.startswith("--") and "=" in token:
            token, value = token.split("=", 1)
            if token not in VALUE_OPTIONS:
                return None
        elif token in VALUE_OPTIONS:
            if i >= len(rest):
                return None
            value = rest[i]
            i += 1
        elif _plain(token):
            files.append(token)
            continue
        else:
            return None
        if not _plain(value):
            return None
        name = VALUE_OPTIONS[token]
        if name in LIST_PARAMS:
            given.setdefault(name, []).append(Path(value) if name == "rules" else value)
        elif name in given:
            return None
        elif name == "timeout":
            if not PLAIN_NUMBER.fullmatch(value):
                return None
            given[name] = float(value)
        else:
            given[name] = value
    if len(files) != 1:
        return None
    given["file"] = files[0]
    return given


def _from_config(values: dict[str, Any]) -> dict[str, Any]:
    """The config's values for `clean`'s options, as typer hands config defaults to the command."""
    out: dict[str, Any] = {}
    for name in CONFIG_PARAMS:
        if name not in values:
            continue
        value = values[name]
        if name in LIST_PARAMS:
            # typer passes an empty list default as None, and `rules` as paths.
            out[name] = [Path(v) for v in value] if name == "rules" and value else (value or None)
        elif name == "timeout":
            out[name] = float(value)
        else:
            out[name] = value
    return out


def run(given: dict[str, Any]) -> NoReturn:
    """Clean as `cleaner clean` does on the typer path, with its errors and exit codes."""
    from cleaner.cli import clean_run
    from cleaner.cli.common import INTERRUPTED_EXIT, CliError, fail
    from cleaner.config import ConfigError, default_map, load_config

    try:
        try:
            config = load_config()
        except ConfigError as exc:
            raise CliError(str(exc)) from None
        params = {**DEFAULTS, **_from_config(default_map(config)["clean"]), **given}
        clean_run.clean(
            params["file"],
            params["fmt"],
            params["url"],
            params["reference_date"],
            params["rules"],
            params["select"],
            params["ignore"],
            params["heuristics"],
            params["timeout"],
            params["show_explain"],
        )
    except CliError as exc:
        fail(str(exc), exc.code)
    except KeyboardInterrupt:
        _echo_err("cleaner: interrupted")
        sys.exit(INTERRUPTED_EXIT)
    except EOFError:
        _echo_err("")
        fail("aborted", 1)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        _pacify_pipes()
        sys.exit(1)
    sys.exit(0)


def _echo_err(message: str) -> None:
    """A line on stderr written as typer writes it (rare paths only: this loads typer)."""
    import typer

    typer.echo(message, err=True)


def _pacify_pipes() -> None:
    """What typer does when the reader of our output went away: later flushes must not fail."""
    try:  # typer >= 0.24 vendors click as typer._click; older releases use click itself.
        from typer._click.utils import PacifyFlushWrapper
    except ImportError:  # pragma: no cover - depends on the installed typer
        from click.utils import PacifyFlushWrapper  # type: ignore[no-redef]

    sys.stdout = PacifyFlushWrapper(sys.stdout)
    sys.stderr = PacifyFlushWrapper(sys.stderr)
