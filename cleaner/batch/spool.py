"""Lines kept in an anonymous temporary file, each read back by its number, not in the parent's memory.

A batch over hundreds of thousands of files keeps something for every input until the end: its report entry
(batch/entries.py) and its resume record (batch/state.py). Held as objects, they were most of the parent's ~2 kB per
input (tracemalloc over 50,000 small files, BENCHMARKS.md, forty-third and forty-fourth rounds). Here a line goes to a
temporary file as it comes, and only where it ends stays in memory (8 bytes).

A temporary folder that is full or cannot be written must not stop a batch: from the first write that fails (or a
file that cannot be made), the lines are kept in memory instead. The file is written unbuffered, so a failed write
loses only its own line, never lines a buffer still held.
"""

from __future__ import annotations

import tempfile
from array import array
from collections.abc import Iterator
from typing import BinaryIO

# The lines read back in one go by `__iter__`: a read per line made a system call each.
_READ_CHUNK = 1 << 20


def _temporary() -> BinaryIO | None:
    try:
        return tempfile.TemporaryFile(prefix="cleaner-spool-", buffering=0)
    except OSError:
        return None


class LineSpool:
    """Lines (bytes without a newline) by number, in a temporary file deleted with the spool."""

    def __init__(self) -> None:
        self._file = _temporary()
        self._ends = array("Q")  # where each spooled line (and its newline) ends in the file
        self._size = 0
        self._held: list[bytes] = []  # the lines after the spooled ones, once the file failed

    def append(self, line: bytes) -> int:
        """Add a line (it must hold no newline) at the end; its number is returned."""
        number = len(self)
        line += b"\n"
        if self._file is not None and not self._held:
            try:
                self._write(line)
            except OSError:
                pass  # this line and every later one are held in memory (`_held` is no longer empty)
            else:
                self._size += len(line)
                self._ends.append(self._size)
                return number
        self._held.append(line)
        return number

    def _write(self, line: bytes) -> None:
        assert self._file is not None
        self._file.seek(self._size)
        view = memoryview(line)
        while view:  # a raw write may take part of it
            written = self._file.write(view)
            if not written:
                raise OSError("the temporary file took nothing")
            view = view[written:]

    def _read(self, start: int, size: int) -> bytes:
        assert self._file is not None
        self._file.seek(start)
        out = bytearray()
        while len(out) < size:
            chunk = self._file.read(size - len(out))
            if not chunk:
                raise OSError("a temporary file of the batch is shorter than what was written to it")
            out += chunk
        return bytes(out)

    def __len__(self) -> int:
        return len(self._ends) + len(self._held)

    def __getitem__(self, number: int) -> bytes:
        """The line numbered `number` (0 <= number < len(self)), without its newline."""
        spooled = len(self._ends)
        if number >= spooled:
            return self._held[number - spooled][:-1]
        start = self._ends[number - 1] if number else 0
        return self._read(start, self._ends[number] - start - 1)

    def __iter__(self) -> Iterator[bytes]:
        """Every line in order, read in chunks (lines added while iterating are read too)."""
        done = 0
        pending = b""
        while done < self._size:
            chunk = self._read(done, min(_READ_CHUNK, self._size - done))
            done += len(chunk)
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()
            yield from lines
        for line in list(self._held):
            yield line[:-1]
