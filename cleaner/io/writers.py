"""Atomic writes and safe output names, so an interrupted batch never leaves half a file behind."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

# Every temporary file carries this marker, so a later run can sweep the leftovers of a killed one.
TEMP_MARKER = ".cleaner-tmp-"
# Output names stay well under the 255-byte limit of ext4/APFS once an extension and a hash are added.
MAX_NAME_CHARS = 100
SAFE_NAME_RE = re.compile(r"[^A-Za-z0-9._-]+")
# Names Windows refuses whatever the extension; cheap to avoid everywhere.
RESERVED_STEMS = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def sanitize_name(raw: str) -> str:
    """A file name derived from an id that cannot leave its folder (`../../etc/x` stays one name).

    Unsafe characters become `_`; when anything had to change, a short hash of the original is
    appended so that two ids differing only in unsafe characters still get different files.
    """
    safe = SAFE_NAME_RE.sub("_", raw).strip("._-")[:MAX_NAME_CHARS]
    if not safe or safe.lower() in RESERVED_STEMS:
        safe = "id"
    if safe != raw:
        safe = f"{safe}-{hashlib.sha1(raw.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return safe


def _temp_path(target: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name[:MAX_NAME_CHARS]}{TEMP_MARKER}", dir=target.parent)
    os.close(fd)
    return Path(name)


def atomic_write_bytes(target: str | Path, data: bytes) -> None:
    """Write a whole file through a temp file and a rename: readers see the old file or the new one.

    No fsync: the guarantee wanted is against a killed process, not a power cut, and an fsync per
    document would cost more than cleaning it.
    """
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(path)
    try:
        tmp.write_bytes(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(target: str | Path, text: str) -> None:
    """`atomic_write_bytes` of the text as UTF-8 (newlines written as they are)."""
    atomic_write_bytes(target, text.encode("utf-8"))


@contextlib.contextmanager
def atomic_bytes_stream(target: str | Path) -> Iterator[IO[bytes]]:
    """A binary stream whose file appears under `target` only when the block ends without error: a large file
    written a piece at a time, never whole in memory."""
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(path)
    try:
        with open(tmp, "wb") as raw:
            yield raw
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_text_stream(target: str | Path) -> Iterator[IO[str]]:
    """A text stream whose file appears under `target` only when the block ends without error.

    A `.gz` target is gzip-compressed; mtime=0 in the header keeps the bytes reproducible.
    """
    with atomic_bytes_stream(target) as raw:
        if Path(target).name.lower().endswith(".gz"):
            gz = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
            text = io.TextIOWrapper(gz, encoding="utf-8", newline="\n")
            try:
                yield text
            finally:
                text.close()  # the gzip trailer (the raw file stays open: the GzipFile was handed it)
        else:
            plain = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            try:
                yield plain
            finally:
                plain.flush()
                plain.detach()  # the raw file is closed by atomic_bytes_stream


def sweep_temp_files(folder: str | Path) -> int:
    """Delete temp files a killed run left in `folder`; returns how many were removed."""
    root = Path(folder)
    if not root.is_dir():
        return 0
    n = 0
    for p in root.rglob(f"*{TEMP_MARKER}*"):
        if p.is_file():
            p.unlink(missing_ok=True)
            n += 1
    return n
