"""Project config: cleaner.toml or [tool.cleaner] sets option defaults; the command line wins."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from cleaner.config import ConfigError, load_config
from tests.batch_support import run_cli

TEXT = b"Advertisement\n\nThe council met on Tuesday to agree the budget."


def cli(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """`main()` in-process from the working directory `cwd`, where the config is looked up."""
    res = run_cli(*args, stdin=stdin, cwd=cwd)
    return subprocess.CompletedProcess(res.args, res.returncode, res.stdout.decode(), res.stderr.decode())


def _project(tmp_path: Path, name: str, body: str) -> Path:
    (tmp_path / name).write_text(body, encoding="utf-8")
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    return sub


def test_cleaner_toml_in_a_parent_sets_defaults_with_their_source(tmp_path: Path) -> None:
    sub = _project(tmp_path, "cleaner.toml", 'ignore = ["ads"]\njobs = 3\nrules = ["my-rules"]\n')
    out = cli(sub, "--show-config")
    assert out.returncode == 0
    lines = {line.split("=")[0].strip(): line for line in out.stdout.splitlines() if "=" in line}
    assert lines["ignore"].endswith(f'["ads"]  # {tmp_path / "cleaner.toml"}')
    assert lines["jobs"].endswith(f"3  # {tmp_path / 'cleaner.toml'}")
    assert lines["heuristics"].endswith('"auto"  # default')
    # Relative rule paths are read from the config file's folder, whatever the working directory.
    assert str(tmp_path / "my-rules") in lines["rules"]


def test_config_default_applies_and_the_command_line_wins(tmp_path: Path) -> None:
    sub = _project(tmp_path, "cleaner.toml", 'ignore = ["ads"]\n')
    kept = json.loads(cli(sub, "clean", "-", stdin=TEXT).stdout)
    assert kept["articleBody"].startswith("Advertisement")
    overridden = json.loads(cli(sub, "clean", "-", "--ignore", "captions", stdin=TEXT).stdout)
    assert overridden["articleBody"] == "The council met on Tuesday to agree the budget."


def test_pyproject_tool_table_is_read_and_a_nearer_cleaner_toml_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nheuristics = "off"\ntimeout = 5\n', encoding="utf-8")
    sub = tmp_path / "pkg"
    sub.mkdir()
    assert load_config(sub).values["heuristics"] == "off"
    assert load_config(sub).values["timeout"] == 5.0
    (sub / "cleaner.toml").write_text('select = "ADS,CAP"\n', encoding="utf-8")
    nearer = load_config(sub)
    assert nearer.values["select"] == ["ADS", "CAP"] and nearer.values["heuristics"] == "auto"


def test_pyproject_without_a_cleaner_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "cleaner.toml").write_text("jobs = 2\n", encoding="utf-8")
    sub = tmp_path / "pkg"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_config(sub).values["jobs"] == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("colour = true\n", "colour: unknown key"),
        ("jobs = -1\n", "jobs must be a whole number"),
        ("ignore = [1]\n", "ignore must be a list of strings"),
        ("jobs = \n", "invalid TOML"),
    ],
)
def test_bad_config_is_one_line_naming_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    sub = _project(tmp_path, "cleaner.toml", body)
    with pytest.raises(ConfigError, match=message):
        load_config(sub)
    out = cli(sub, "clean", "-", stdin=TEXT)
    assert out.returncode == 2
    assert out.stderr.startswith(f"cleaner: error: {tmp_path / 'cleaner.toml'}") and out.stderr.count("\n") == 1


def test_batch_takes_jobs_from_config(tmp_path: Path) -> None:
    sub = _project(tmp_path, "cleaner.toml", "jobs = 1\n")
    (sub / "a.txt").write_bytes(TEXT)
    out = cli(sub, "batch", "a.txt", "-o", str(tmp_path / "out"), "-q")
    assert out.returncode == 0, out.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["run"]["jobs"] == 1
    cli(sub, "batch", "a.txt", "-o", str(tmp_path / "out2"), "-q", "-j", "2")
    assert json.loads((tmp_path / "out2" / "report.json").read_text(encoding="utf-8"))["run"]["jobs"] == 2
