"""The `cleaner` command as a user runs it: real files, one-line errors.

Most tests run `main()` in-process (`run`); the smoke tests marked "process" start the real console
script, to hold the contract where only a real process shows it: its exit status and its stderr.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.batch_support import cleaner_cmd, run_cli
from tests.conftest import FIXTURES

SEED = FIXTURES / "seeds" / "003_0f6c405588e05927.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """`main()` in-process with the caller's environment (colour not turned off), its output as text."""
    res = run_cli(*args, stdin=stdin, env={"NO_COLOR": None})
    return subprocess.CompletedProcess(res.args, res.returncode, res.stdout.decode(), res.stderr.decode())


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("cleaner ")


def test_process_clean_prints_the_record_as_json() -> None:
    out = cleaner_cmd("clean", str(SEED))
    record = json.loads(out.stdout)
    assert out.returncode == 0 and record["publisher"] == "The Journal" and record["removed"]


def test_clean_reads_stdin() -> None:
    out = run("clean", "-", "--format", "text", stdin=b"Advertisement\n\nThe council met on Tuesday.")
    assert out.stdout == "The council met on Tuesday.\n"


def test_clean_markdown_has_title() -> None:
    out = run("clean", str(SEED), "--format", "md")
    assert out.stdout.startswith("# Ukraine and US officials")


def test_url_selects_site_rules(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("First paragraph here.\n\nSend Tip or Correction\n", encoding="utf-8")
    plain = json.loads(run("clean", str(page)).stdout)
    with_url = json.loads(run("clean", str(page), "--url", "https://www.thejournal.ie/x").stdout)
    assert "Send Tip" in plain["articleBody"] and with_url["articleBody"] == "First paragraph here."


def test_explain_names_rules_without_colour_when_piped() -> None:
    out = run("clean", str(SEED), "--explain")
    assert "TJI001" in out.stdout and "\x1b[" not in out.stdout


def test_ignore_turns_a_rule_off() -> None:
    out = run("clean", str(SEED), "--ignore", "CAP", "--format", "json")
    assert not any(r["rule"].startswith("CAP") for r in json.loads(out.stdout)["removed"])


def test_reference_date_fills_a_missing_year(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("Some text of the article body.\n\nUpdated: 16 Dec\n", encoding="utf-8")
    record = json.loads(run("clean", str(page), "--reference-date", "2026-01-05").stdout)
    assert record["dateModified"] == "2025-12-16"


def test_empty_file_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_bytes(b"")
    out = run("clean", str(tmp_path / "e.txt"))
    assert out.returncode == 1 and out.stderr.strip().count("\n") == 0 and "empty document" in out.stderr


def test_binary_file_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    out = run("clean", str(tmp_path / "b.png"))
    assert out.returncode == 1 and "binary data" in out.stderr and "Traceback" not in out.stderr


def test_invalid_utf8_is_cleaned_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "l.txt").write_bytes("Caf\xe9 owners met on Tuesday.".encode("latin-1"))
    record = json.loads(run("clean", str(tmp_path / "l.txt")).stdout)
    assert record["articleBody"] == "Café owners met on Tuesday." and "not UTF-8" in record["warnings"][0]


def test_broken_rule_file_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        "[[rule]]\nid='XX001'\nname='x'\naction='drop-line'\npattern='(open'\nwhy='w'\n"
        "examples.drop=['a']\nexamples.keep=['b']\n",
        encoding="utf-8",
    )
    out = run("clean", str(SEED), "--rules", str(bad))
    assert out.returncode == 2 and "bad.toml: rule XX001" in out.stderr and "Traceback" not in out.stderr


def test_process_missing_file_is_one_line_error() -> None:
    out = cleaner_cmd("clean", "/nonexistent/file.txt")
    assert out.returncode == 2 and out.stderr == b"cleaner: error: /nonexistent/file.txt: no such file\n"


def test_rules_list_counts_rules() -> None:
    out = run("rules", "list")
    assert out.returncode == 0 and "ADS001" in out.stdout


def test_rules_show_prints_examples() -> None:
    out = run("rules", "show", "ADS001")
    assert "drop: 'Advertisement'" in out.stdout


def test_rules_test_reports_a_failing_example(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(
        "[[rule]]\nid='XX001'\nname='x'\naction='drop-line'\npattern='Buy now'\nwhy='w'\n"
        "examples.drop=['Buy now', 'Buy later']\nexamples.keep=['b']\n",
        encoding="utf-8",
    )
    out = run("rules", "test", str(mine))
    assert out.returncode == 1 and "FAIL XX001 did not remove its drop example 'Buy later'" in out.stdout
