"""Atomic writes and safe output names, so an interrupted batch never leaves half a file behind."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import itertools
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

# Every temporary file carries this marker, so a later run can sweep the leftovers of a killed one.
TEMP_MARKER = ".cleaner-tmp-"
# A temporary file's name keeps this many bytes of its target's, leaving room for the marker and a number under
# the 255-byte limit of a name.
TEMP_STEM_BYTES = 100
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


# Open flags of a temporary file: created here or not at all (a link or a leftover at its name is never followed or
# reused), binary on Windows, not inherited by a worker process.
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
# Temporary names within this process (with its id): `itertools.count` steps atomically, so threads never share one.
_TEMP_NUMBERS = itertools.count()


def _temp_stem(name: str) -> str:
    """The start of a temporary file's name: the target's first TEMP_STEM_BYTES bytes (whole characters). Cut in
    characters, a name of 80 CJK characters (240 bytes, a valid name) gave a temporary name past the 255-byte limit,
    and its input failed with "File name too long"."""
    return name.encode("utf-8", "ignore")[:TEMP_STEM_BYTES].decode("utf-8", "ignore")


def _open_temp(target: Path) -> tuple[int, Path]:
    """A new temporary file beside `target` (its folders made if missing), open for writing, and its path.

    The name is the process id and a number: a random name from `tempfile.mkstemp`, then the file closed and opened
    again by path, and a chmod by path made an output file cost ~170 µs of CPU here against ~50 (BENCHMARKS.md,
    forty-fourth round), a quarter of cleaning a small file in a batch. A name taken (a leftover of a killed process
    with the same id) falls back to mkstemp's random one.
    """
    prefix = f".{_temp_stem(target.name)}{TEMP_MARKER}"
    name = str(target.parent / f"{prefix}{os.getpid()}-{next(_TEMP_NUMBERS)}")
    try:
        try:
            fd = os.open(name, _TEMP_FLAGS, 0o644)
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(name, _TEMP_FLAGS, 0o644)
    except FileExistsError:
        fd, name = tempfile.mkstemp(prefix=prefix, dir=target.parent)
    try:
        _chmod_644(fd, name)
    except BaseException:
        os.close(fd)
        os.unlink(name)
        raise
    return fd, Path(name)


def _chmod_644(fd: int, name: str) -> None:
    """Outputs are readable by all whatever the umask, as they always were (mkstemp makes them 0600)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o644)
    else:  # pragma: no cover - Windows before Python 3.13
        os.chmod(name, 0o644)


def atomic_write_bytes(target: str | Path, data: bytes) -> None:
    """Write a whole file through a temp file and a rename: readers see the old file or the new one.

    No fsync: the guarantee wanted is against a killed process, not a power cut, and an fsync per
    document would cost more than cleaning it.
    """
    path = Path(target)
    fd, tmp = _open_temp(path)
    try:
        try:
            view = memoryview(data)
            while view:  # a write may take part of it
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
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
    fd, tmp = _open_temp(path)
    try:
        with open(fd, "wb") as raw:
            yield raw
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
