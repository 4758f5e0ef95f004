"""`cleaner batch -`: JSONL in on stdin, JSONL out on stdout, one record per input record, in order."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import threading
from pathlib import Path

from tests.batch_support import CLEANER, run_cli, seed_texts


def _stdin(n: int, broken: dict[int, str] | None = None) -> bytes:
    lines = [json.dumps({"id": f"s{i}", "text": seed_texts()[i % 2]}) for i in range(n)]
    for i, raw in (broken or {}).items():
        lines[i] = raw
    return ("\n".join(lines) + "\n").encode()


def test_one_record_per_input_record_in_input_order() -> None:
    res = run_cli("batch", "-", "-j", "2", stdin=_stdin(60))
    records = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert res.returncode == 0, res.stderr.decode()
    assert [r["id"] for r in records] == [f"s{i}" for i in range(60)]
    assert records[7]["source"] == "<stdin>:8"


def test_broken_lines_become_error_records_in_place() -> None:
    res = run_cli("batch", "-", stdin=_stdin(6, {2: "{oops", 4: json.dumps({"id": "e", "text": ""})}))
    records = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert res.returncode == 1
    assert [("error" in r) for r in records] == [False, False, True, False, True, False]


def test_an_error_record_names_the_record_by_its_own_id() -> None:
    res = run_cli("batch", "-", stdin=_stdin(3, {1: json.dumps({"id": "e7", "text": 7})}))
    records = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert records[1] == {"id": "e7", "source": "<stdin>:2", "error": "text field is a JSON int, not a string"}


def test_stdout_carries_only_records() -> None:
    res = run_cli("batch", "-", "-j", "2", stdin=_stdin(20))
    assert all(json.loads(line)["articleBody"] for line in res.stdout.decode().splitlines())
    assert b"removed spans" in res.stderr


def test_stream_can_also_write_a_report(tmp_path: Path) -> None:
    run_cli("batch", "-", "--report", str(tmp_path / "r.json"), stdin=_stdin(3, {1: "[1, 2]"}))
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["inputs"][0]["problems"] == [{"line": 2, "reason": "record is a JSON list, not an object"}]


def test_clean_dash_still_reads_one_document() -> None:
    res = run_cli("clean", "-", stdin=_stdin(2))
    record = json.loads(res.stdout)
    assert res.returncode == 0 and record["source"] == "<stdin>"


def _run_with_tty_stderr(args: list[str], stdin: bytes) -> tuple[bytes, bytes]:
    """Run with stderr on a pseudo-terminal (as for a person watching) and stdout on a pipe."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [str(CLEANER), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=slave,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
    )
    os.close(slave)
    chunks: list[bytes] = []

    def drain() -> None:  # read the terminal while the run goes on, so the child never blocks on it
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    out, _ = proc.communicate(stdin, timeout=300)
    reader.join(timeout=10)
    os.close(master)
    return out, b"".join(chunks)


def test_progress_bar_on_a_terminal_never_mixes_with_stdout() -> None:
    out, err = _run_with_tty_stderr(["batch", "-", "-j", "2"], _stdin(400))
    assert b"cleaning" in err and b"docs/s" in err
    assert [json.loads(line)["id"] for line in out.decode().splitlines()] == [f"s{i}" for i in range(400)]


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    res = run_cli("batch", "-", "-j", "2", stdin=_stdin(50))
    assert b"cleaning" not in res.stderr and b"removed spans" in res.stderr
