"""The rough edges a new user hit: usage errors, flags, -V, completion, option names, Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.batch_support import run_cli
from tests.test_cli import run

# How long the interrupted batch may take to start its workers on a loaded 2-core machine.
STARTUP_WAIT_S = 60


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("clean",), "cleaner: error: Missing argument 'file'. (see `cleaner clean --help`)"),
        (("clean", "x.txt", "--formt", "md"), "cleaner: error: No such option: --formt"),
        (("clean", "a.txt", "b.txt"), "cleaner: error: Got unexpected extra argument(s) (b.txt)"),
        (("nope",), "cleaner: error: No such command 'nope'."),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: tuple[str, ...], message: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith(message)
    assert "╭" not in out.stderr and "Traceback" not in out.stderr


def test_explain_is_shown_and_used_as_a_flag() -> None:
    help_text = run("clean", "--help").stdout
    line = next(x for x in help_text.splitlines() if "--explain" in x)
    assert line.split()[:2] == ["--explain", "Show"]
    out = run("clean", "-", "--explain", stdin=b"Advertisement\n\nThe council met on Tuesday to agree the budget.")
    assert out.returncode == 0 and "ADS001" in out.stdout


def test_dash_capital_v_is_the_version() -> None:
    assert run("-V").stdout == run("--version").stdout != ""


def test_shell_completion_completes_commands() -> None:
    env: dict[str, str | None] = {"_CLEANER_COMPLETE": "complete_bash", "COMP_WORDS": "cleaner ba", "COMP_CWORD": "1"}
    out = run_cli(env=env)
    assert out.stdout.split() == [b"batch"]
    assert "--install-completion" in run("--help").stdout


def test_bad_heuristics_value_names_the_option() -> None:
    out = run("clean", "-", "--heuristics", "maybe", stdin=b"Some text.")
    assert out.returncode == 2
    assert out.stderr == "cleaner: error: --heuristics must be auto, on or off, not 'maybe'\n"


def test_rules_test_counts_rules_not_examples(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(
        "[[rule]]\nid='XX001'\nname='x'\naction='drop-line'\npattern='^Buy now$'\nwhy='w'\n"
        "examples.drop=['Buy now', 'Buy later']\nexamples.keep=['Buy now, pay later', 'b']\n"
        "[[rule]]\nid='XX002'\nname='y'\naction='drop-line'\npattern='^Sold out$'\nwhy='w'\n"
        "examples.drop=['Sold out']\nexamples.keep=['The show sold out']\n",
        encoding="utf-8",
    )
    out = run("rules", "test", str(mine))
    assert out.returncode == 1
    assert out.stdout.splitlines()[-1] == f"{mine}: 2 rules, 1 passed, 1 failed"


def _default_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see the batch's workers start")
def test_ctrl_c_during_batch_says_how_to_resume(tmp_path: Path) -> None:
    # A terminal's Ctrl-C reaches the whole process group: the batch and its workers.
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "batch", "-", "--jsonl", str(tmp_path / "out.jsonl"), "-j", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        # A terminal's shell gives the command the default Ctrl-C; a script's background job ignores it.
        preexec_fn=_default_ctrl_c,
    )
    try:
        assert proc.stdin is not None
        proc.stdin.write(b'{"id": "a", "text": "The council met on Tuesday."}\n')
        proc.stdin.flush()
        deadline = time.monotonic() + STARTUP_WAIT_S
        while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(_children(proc.pid)) >= 2, "the batch never started its workers"
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=STARTUP_WAIT_S)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert err.decode().strip().splitlines()[-1] == "cleaner: interrupted; re-run to resume"
    assert b"Traceback" not in err


def test_batch_summary_is_unpadded_and_a_rerun_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(2):
        (src / f"a{i}.txt").write_text(f"Advertisement\n\nStory {i}: the council met on Tuesday.", encoding="utf-8")
    args = ("batch", str(src), "-o", str(tmp_path / "out"), "-j", "1")
    first, second = run(*args), run(*args)
    assert first.returncode == second.returncode == 0
    for out in (first, second):
        assert all(line == line.rstrip() for line in out.stderr.splitlines())
    assert "documents      2 (2 written)" in first.stderr.splitlines()
    assert "documents      2 (0 written, 2 up to date)" in second.stderr.splitlines()


def test_package_ships_py_typed() -> None:
    from importlib import resources

    assert resources.files("cleaner").joinpath("py.typed").is_file()
    assert '"cleaner" = ["py.typed"]' in (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text()
