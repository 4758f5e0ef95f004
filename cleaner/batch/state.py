"""Resume: which outputs are already up to date with their input and the rule set.

The state is a JSONL file in the output folder, one line appended after each input's outputs are
all written. A run killed at any moment leaves at worst a torn last line (ignored) and inputs
without a line (redone), so a re-run converges on exactly the output of an uninterrupted run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from cleaner.batch.discovery import InputFile
from cleaner.batch.spool import LineSpool
from cleaner.io.record_json import compact_bytes, loads
from cleaner.io.writers import atomic_bytes_stream
from cleaner.pipeline import Cleaner

STATE_VERSION = 1
# Read inputs in 1 MB blocks when hashing: large enough to be I/O bound, small enough to stay flat.
HASH_BLOCK_BYTES = 1 << 20


def rules_fingerprint(cleaner: Cleaner) -> str:
    """A hash of everything that decides a record: the version, every rule and site, and the heuristics."""
    from cleaner import __version__

    h = hashlib.sha256(__version__.encode())
    for rule in cleaner.ruleset.rules:
        # source_file is where a rule came from, not what it does: moving a rule file must not redo a batch.
        h.update(repr(dataclasses.replace(rule, source_file="")).encode())
    for site in cleaner.ruleset.sites:
        h.update(repr(dataclasses.replace(site, source_file="")).encode())
    h.update(repr((cleaner.heuristics_mode, sorted(cleaner.heuristic_ids))).encode())
    return h.hexdigest()


def config_fingerprint(cleaner: Cleaner, **options: Any) -> str:
    """The rules fingerprint plus the options that change an output (format, fields, reference date)."""
    payload = json.dumps({"rules": rules_fingerprint(cleaner), **options}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def file_sha1(path: str | Path) -> str:
    """Content hash of an input, so a touched-but-unchanged file is still recognised as done."""
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        while block := fh.read(HASH_BLOCK_BYTES):
            h.update(block)
    return h.hexdigest()


class StateStore:
    """Per-input records of the last completed run, keyed by the input's path in the output tree."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        # Each input's record as its state-file line, spooled to a temporary file (batch/spool.py), and the number of
        # its line there: kept as dicts, then as str, the records were the parent's largest cost per input over
        # 50,000 files (BENCHMARKS.md, forty-third and forty-fourth rounds).
        self._lines = LineSpool()
        self._numbers: dict[str, int] = {}
        self._fh: IO[bytes] | None = None
        self._torn = False

    def record(self, key: str) -> dict[str, Any] | None:
        """The record last kept for the input `key`, or None."""
        number = self._numbers.get(key)
        if number is None:
            return None
        rec: dict[str, Any] = loads(self._lines[number])
        return rec

    def remember(self, rec: dict[str, Any]) -> bytes:
        """Keep `rec` (with the state's version) as the input's record, without writing it; its line is returned."""
        rec = {"v": STATE_VERSION, **rec}
        # Keys sorted, so the same record is the same line; a key from a file name that is not UTF-8 holds
        # surrogates, which `compact_bytes` writes as escapes.
        line = compact_bytes(rec)
        self._numbers[rec["key"]] = self._lines.append(line)
        return line

    def load(self) -> None:
        """Read every complete line; the last line for an input wins, a torn or foreign line is skipped, and so is
        one that is not UTF-8 (a damaged file must not stop the batch: its inputs are simply redone). A line is
        kept as read (this package writes each in `remember`'s one form): written again, 50,000 lines took 0.4 s."""
        self._lines, self._numbers = LineSpool(), {}
        try:
            fh = open(self.path, "rb")  # noqa: SIM115 - closed by the with below
        except OSError:
            return
        with fh:
            for raw in fh:
                try:
                    rec = loads(raw)
                except ValueError:  # not JSON, or not UTF-8
                    continue
                if isinstance(rec, dict) and rec.get("v") == STATE_VERSION and isinstance(rec.get("key"), str):
                    self._numbers[rec["key"]] = self._lines.append(raw.rstrip(b"\r\n"))

    def fresh(self, inp: InputFile, config: str, out_dir: Path) -> dict[str, Any] | None:
        """The stored record when `inp` is unchanged, the config is the same and every output exists."""
        rec = self.record(inp.key)
        if rec is None or inp.path is None or rec.get("config") != config:
            return None
        if rec.get("entry", {}).get("status") != "ok":
            return None  # failed, partial, killed or timed out: always retried
        if inp.error is not None or inp.skipped is not None:
            return None
        if not all(os.path.isfile(os.path.join(out_dir, o)) for o in rec.get("outputs", [])):
            return None
        try:
            st = os.stat(inp.path)
        except OSError:
            return None
        if rec.get("size") != st.st_size:
            return None
        if rec.get("mtime_ns") != st.st_mtime_ns and rec.get("sha1") != file_sha1(inp.path):
            return None
        return rec

    def append(self, rec: dict[str, Any]) -> None:
        """Record one finished input; a single write of one line, flushed, so a kill cannot split it.

        A write that fails (a full disk) may leave a torn line: the handle is dropped, and the next
        append starts on a fresh line, so only the input whose line failed is redone next run.
        """
        line = self.remember(rec) + b"\n"
        try:
            if self._fh is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fh = open(self.path, "ab")  # noqa: SIM115 - closed in close()/compact()
                if self._torn:
                    line = b"\n" + line
            self._fh.write(line)
            self._fh.flush()  # in the OS once flushed: a SIGKILL of this process cannot lose it
            self._torn = False
        except OSError:
            self._torn = True
            self._drop()
            raise

    def _drop(self) -> None:
        fh, self._fh = self._fh, None
        if fh is not None:
            with contextlib.suppress(OSError):
                fh.close()

    def close(self) -> None:
        """Close the append handle (compact() does this too)."""
        self._drop()

    def compact(self, keys: Iterable[str]) -> None:
        """Rewrite the state with one line per current input, in input order (deterministic bytes)."""
        self.close()
        with atomic_bytes_stream(self.path) as out:
            for key in keys:
                number = self._numbers.get(key)
                if number is not None:
                    out.write(self._lines[number] + b"\n")


def input_signature(inp: InputFile) -> dict[str, Any]:
    """Size and mtime of an input as seen now, the cheap half of the freshness check."""
    if inp.path is None:
        return {}
    try:
        st = os.stat(inp.path)
    except OSError:
        return {}
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}
