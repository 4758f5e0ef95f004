"""The fast `cleaner clean FILE` path makes the same call as the typer path, or leaves the arguments to it.

`cleaner.cli.fast` reads `clean`'s arguments without typer. These tests run both paths on the same
arguments and compare what reaches `clean_run.clean`, with and without a project config, and check
that everything the fast path must not judge (help, mistakes, unusual spellings) goes to typer.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cleaner.cli import clean_run, fast
from cleaner.cli.typer_app import run as typer_run
from tests.batch_support import run_cli
from tests.conftest import FIXTURES

SEED = FIXTURES / "seeds" / "003_0f6c405588e05927.txt"

# Arguments the fast path takes; each must reach `clean` exactly as typer delivers them.
FAST_ARGS = [
    ["clean", "page.txt"],
    ["clean", "-"],
    ["clean", "page.txt", "--format", "text"],
    ["clean", "-f", "md", "page.txt"],
    ["clean", "page.txt", "--format=json", "--explain"],
    ["clean", "page.txt", "--url", "https://www.thejournal.ie/x", "--reference-date", "2020-01-31"],
    ["clean", "page.txt", "--url="],
    ["clean", "page.txt", "--rules", "a.toml", "--rules=b", "--select", "MET,CAP", "--select", "X"],
    ["clean", "page.txt", "--ignore", "CAP", "--heuristics", "off"],
    ["clean", "page.txt", "--timeout", "0"],
    ["clean", "page.txt", "--timeout", "2.5"],
    ["clean", "page.txt", "--format", "nonsense"],
    ["clean", "page.txt", "--reference-date", "not-a-date"],
]
# Arguments the fast path must leave to typer: help, usage errors, and spellings typer reads its own way.
TYPER_ARGS = [
    [],
    ["--version"],
    ["clean"],
    ["clean", "--help"],
    ["clean", "a", "b"],
    ["clean", "a", "--bogus"],
    ["clean", "a", "--format"],
    ["clean", "a", "--format", "json", "--format", "text"],
    ["clean", "a", "--explain", "--explain"],
    ["clean", "a", "--explain=yes"],
    ["clean", "a", "-ftext"],
    ["clean", "a", "--url", "--explain"],
    ["clean", "a", "--timeout", " 1"],
    ["clean", "a", "--timeout", "1e3"],
    ["clean", "a", "--timeout", "-1"],
    ["clean", "--", "a"],
    ["clean", "a\udcff"],
    ["--show-config", "clean", "a"],
    ["batch", "a", "-o", "b"],
]
# A project config that sets every option `clean` takes from it, an empty list among them.
CONFIG = """rules = ["r.toml"]
select = []
ignore = "CAP, VID"
heuristics = "on"
reference_date = "2021-02-03"
timeout = 7
jobs = 2
"""


class Called(Exception):
    """Carries the arguments `clean_run.clean` was called with out of either path."""

    def __init__(self, *args: Any) -> None:
        super().__init__()
        self.call = args


def _record(*args: Any) -> None:
    raise Called(*args)


def _call_via(path: str, argv: list[str]) -> tuple[Any, ...]:
    with pytest.raises(Called) as caught:
        if path == "typer":
            typer_run(argv)
        else:
            given = fast.parse(argv)
            assert given is not None, argv
            fast.run(given)
    return caught.value.call


@pytest.mark.parametrize("with_config", [False, True], ids=["no-config", "config"])
@pytest.mark.parametrize("argv", FAST_ARGS, ids=" ".join)
def test_fast_path_makes_the_typer_paths_call(
    argv: list[str], with_config: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if with_config:
        (tmp_path / "cleaner.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(clean_run, "clean", _record)
    assert _call_via("fast", argv) == _call_via("typer", argv)


@pytest.mark.parametrize("argv", TYPER_ARGS, ids=repr)
def test_arguments_the_fast_path_cannot_judge_go_to_typer(argv: list[str]) -> None:
    assert fast.parse(argv) is None


def test_shell_completion_goes_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fast.COMPLETE_VAR, "bash_complete")
    assert fast.parse(["clean", "a"]) is None


@pytest.mark.parametrize(
    "args",
    [("clean", "no-such-file.txt"), ("clean", str(SEED), "--format", "xml"), ("clean", str(SEED), "--timeout", "0")],
    ids=["missing file", "bad format", "no timeout"],
)
def test_both_paths_print_the_same(args: tuple[str, ...]) -> None:
    fast_out = run_cli(*args)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fast, "parse", lambda argv: None)
        typer_out = run_cli(*args)
    assert (fast_out.returncode, fast_out.stdout, fast_out.stderr) == (
        typer_out.returncode,
        typer_out.stdout,
        typer_out.stderr,
    )


def test_bad_config_is_the_same_error_on_both_paths(tmp_path: Path) -> None:
    (tmp_path / "cleaner.toml").write_text("timeout = -1\n", encoding="utf-8")
    fast_out = run_cli("clean", str(SEED), cwd=tmp_path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fast, "parse", lambda argv: None)
        typer_out = run_cli("clean", str(SEED), cwd=tmp_path)
    assert fast_out.returncode == typer_out.returncode == 2
    assert fast_out.stderr == typer_out.stderr and b"timeout" in fast_out.stderr


def test_process_fast_path_loads_neither_typer_nor_pydantic() -> None:
    """The point of the fast path: a plain clean never builds the typer app (0.2-0.3 s of CPU)."""
    code = (
        "import atexit, sys\n"
        "loaded = lambda: sorted(m for m in ('typer', 'pydantic') if m in sys.modules)\n"
        "atexit.register(lambda: print(loaded(), file=sys.stderr))\n"
        "from cleaner.cli import main\n"
        f"main(['clean', {str(SEED)!r}, '-f', 'text'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout
    assert out.stderr.strip().splitlines()[-1] == "[]"
