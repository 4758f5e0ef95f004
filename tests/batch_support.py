"""Builders shared by the batch tests: real input trees in tmp_path, and the real console script.

(No tests here; the name keeps it beside the batch tests it serves.)
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, ROOT

SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
CLEANER = Path(sys.executable).parent / "cleaner"


def seed_texts() -> list[str]:
    """Real scraped news texts shipped with the project."""
    return [p.read_text(encoding="utf-8") for p in SEEDS]


def cleaner_cmd(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed `cleaner` console script (falls back to `python -m cleaner`) as its own process.

    Only for tests about the real process (exit status, stderr of the interpreter, signals, workers);
    `run_cli` answers everything else without an interpreter start-up.
    """
    cmd = [str(CLEANER)] if CLEANER.exists() else [sys.executable, "-m", "cleaner"]
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([*cmd, *args], input=stdin, capture_output=True, timeout=timeout, cwd=cwd or ROOT, env=env)


def run_cli(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The console script's `main()` run in this process: its exit code, stdout and stderr, apart.

    For tests about a command's answer rather than its process: no interpreter start-up per call.
    It goes through `main()` itself, so usage errors and CliErrors become the same one stderr line as
    in the real process, and an exception `main()` lets escape (a traceback for a user) fails the test.
    NO_COLOR=1 as for `cleaner_cmd` unless env says otherwise (None unsets a variable). click's ANSI
    stripping is off (`color=True`): colour the command writes shows up here.
    """
    from typer.testing import CliRunner

    from cleaner.cli import main

    code: int | str | None = 0
    with (
        CliRunner().isolation(input=stdin, env={"NO_COLOR": "1", **(env or {})}, color=True) as (out, err, _),
        contextlib.chdir(cwd or ROOT),
    ):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    returncode = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess(["cleaner", *args], returncode, stdout, stderr)


def cli(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `run_cli`, as text."""
    res = run_cli(*args, stdin=stdin)
    return res.returncode, res.stdout.decode(), res.stderr.decode()


def make_good_tree(root: Path) -> Path:
    """A folder of every readable kind: txt, html, gz, json record, json list, jsonl, in subfolders."""
    texts = seed_texts()
    (root / "news" / "deep").mkdir(parents=True)
    (root / "news" / "a.txt").write_text(texts[0], encoding="utf-8")
    (root / "news" / "deep" / "b.txt.gz").write_bytes(gzip.compress(texts[1].encode()))
    (root / "page.html").write_text(
        "<html><head><title>Harbour plan</title></head><body><nav>Home | News | Sport</nav><article>"
        "<h1>Harbour plan approved</h1><p>The council approved the harbour plan on Tuesday after a long debate "
        "about costs and the environment, and work will start in spring.</p><p>Residents said they welcomed "
        "the decision but wanted more detail on traffic during construction.</p></article>"
        "<footer>Copyright 2024</footer></body></html>",
        encoding="utf-8",
    )
    (root / "one.json").write_text(
        json.dumps({"id": "rec-1", "url": "https://example.org/x", "text": texts[0]}), encoding="utf-8"
    )
    (root / "many.json").write_text(
        json.dumps([{"id": "m1", "content": texts[1]}, {"body": texts[0]}]), encoding="utf-8"
    )
    lines = [json.dumps({"id": f"r{i}", "text": texts[i % 2]}) for i in range(5)]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def make_broken_files(root: Path) -> list[str]:
    """Broken inputs beside good ones: binary, empty, malformed JSON, a JSONL with one bad line."""
    (root / "broken").mkdir(parents=True, exist_ok=True)
    (root / "broken" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (root / "broken" / "empty.txt").write_bytes(b"   \n\n")
    (root / "broken" / "bad.json").write_text('{"id": "x", "text": "unterminated', encoding="utf-8")
    good = json.dumps({"id": "ok-1", "text": seed_texts()[0]})
    (root / "broken" / "mixed.jsonl").write_text(
        good + "\n{not json}\n" + json.dumps({"id": "e"}) + "\n", encoding="utf-8"
    )
    return ["broken/image.txt", "broken/empty.txt", "broken/bad.json", "broken/mixed.jsonl"]


def make_many_docs(src: Path, files: int = 300, records: int = 200) -> Path:
    """Hundreds of small documents: loose files in two folders plus one JSONL file of records."""
    texts = seed_texts()
    for i in range(files):
        folder = src / f"part{i % 2}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"doc{i:04d}.txt").write_text(f"Story {i}.\n\n" + texts[i % 2], encoding="utf-8")
    with open(src / "records.jsonl", "w", encoding="utf-8") as fh:
        for i in range(records):
            fh.write(json.dumps({"id": f"rec{i}", "text": texts[i % 2]}) + "\n")
    return src


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and mtime of every file under root: equal snapshots mean nothing was modified."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()
    }


def tree_bytes(root: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file under root by relative path, for byte-for-byte comparisons of two runs."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).as_posix() not in skip
    }


def report_without_timing(path: Path) -> dict[str, object]:
    """report.json minus its `run` section, the only part allowed to differ between equal runs."""
    report = json.loads(path.read_text(encoding="utf-8"))
    report.pop("run")
    return report
