"""The report's per-input entries, kept in a temporary file while the run goes on, not in the parent's memory.

report.json lists every input, and a run over hundreds of thousands of files held every entry as dicts until the
end: ~0.8 kB an input of the parent's ~2 kB per input (tracemalloc over 50,000 small files, BENCHMARKS.md,
forty-third round). Here an entry is written as one JSON line to an anonymous temporary file as it ends, and only
where its line ends stays in memory (8 bytes). Reading gives the entry back as it was given (the standard library's
JSON round-trips every str, lone surrogates too, and the entries hold only str, int, bool, None, lists and dicts).

A temporary folder that is full or cannot be written must not stop a batch: from the first write that fails (or a
file that cannot be made), the lines are kept in memory instead. The file is written unbuffered, so a failed write
loses only its own line, never lines a buffer still held.

`Entries` is a read-only sequence of dicts for everything that reads the report (the summary, the audit, the report
file and page, `BatchResult.report["inputs"]`), and equal to a list holding the same entries.
"""

from __future__ import annotations

import json
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO, overload

# The entries read back in one go by `__iter__`: a read per entry made a system call each.
_READ_CHUNK = 1 << 20


def _temporary() -> BinaryIO | None:
    try:
        return tempfile.TemporaryFile(prefix="cleaner-report-", buffering=0)
    except OSError:
        return None


class Entries(Sequence[dict[str, Any]]):
    """Report entries in input order, spooled to a temporary file (deleted with the sequence)."""

    def __init__(self) -> None:
        self._file = _temporary()
        self._ends = array("Q")  # where each spooled entry's line ends in the file
        self._size = 0
        self._held: list[bytes] = []  # the lines after the spooled ones, once the file failed

    def append(self, entry: dict[str, Any]) -> None:
        """Add an entry at the end (it is written now: changing the dict later changes nothing here)."""
        line = json.dumps(entry, separators=(",", ":")).encode("ascii") + b"\n"
        if self._file is not None and not self._held:
            try:
                self._write(line)
            except OSError:
                pass  # this line and every later one are held in memory (`_held` is no longer empty)
            else:
                self._size += len(line)
                self._ends.append(self._size)
                return
        self._held.append(line)

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
                raise OSError("the report's temporary file is shorter than what was written to it")
            out += chunk
        return bytes(out)

    def __len__(self) -> int:
        return len(self._ends) + len(self._held)

    def _line(self, index: int) -> bytes:
        spooled = len(self._ends)
        if index >= spooled:
            return self._held[index - spooled]
        start = self._ends[index - 1] if index else 0
        return self._read(start, self._ends[index] - start)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("entry index out of range")
        entry: dict[str, Any] = json.loads(self._line(index))
        return entry

    def __iter__(self) -> Iterator[dict[str, Any]]:
        done = 0
        pending = b""
        while done < self._size:
            chunk = self._read(done, min(_READ_CHUNK, self._size - done))
            done += len(chunk)
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()
            for line in lines:
                yield json.loads(line)
        for line in list(self._held):
            yield json.loads(line)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Entries | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by content

    def __repr__(self) -> str:
        return f"<Entries: {len(self)} report entries>"
