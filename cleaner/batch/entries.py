"""The report's per-input entries, kept in a temporary file while the run goes on, not in the parent's memory.

report.json lists every input, and a run over hundreds of thousands of files held every entry as dicts until the
end: ~0.8 kB an input of the parent's ~2 kB per input (tracemalloc over 50,000 small files, BENCHMARKS.md,
forty-third round). Here an entry is written as one JSON line to an anonymous temporary file as it ends, and only
its offset stays in memory (8 bytes). Reading gives the entry back as it was given (the standard library's JSON
round-trips every str, lone surrogates too, and the entries hold only str, int, bool, None, lists and dicts).

`Entries` is a read-only sequence of dicts for everything that reads the report (the summary, the audit, the report
file and page, `BatchResult.report["inputs"]`), and equal to a list holding the same entries.
"""

from __future__ import annotations

import json
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from typing import IO, Any, overload

# The entries read back in one go by `__iter__`: a read per entry made a system call each.
_READ_CHUNK = 1 << 20


class Entries(Sequence[dict[str, Any]]):
    """Report entries in input order, spooled to a temporary file (deleted when closed or collected)."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="cleaner-report-")  # noqa: SIM115 - closed in close()
        self._ends = array("Q")  # where each entry's line ends in the file
        self._size = 0
        self._at_end = True  # the file's position is its end: appends need no seek (a seek flushes the buffer)

    def append(self, entry: dict[str, Any]) -> None:
        """Add an entry at the end (it is written now: changing the dict later changes nothing here)."""
        line = json.dumps(entry, separators=(",", ":")).encode("ascii") + b"\n"
        if not self._at_end:
            self._file.seek(self._size)
            self._at_end = True
        self._file.write(line)
        self._size += len(line)
        self._ends.append(self._size)

    def _read(self, start: int, size: int) -> bytes:
        self._at_end = False
        self._file.seek(start)
        return self._file.read(size)

    def close(self) -> None:
        """Delete the temporary file; the entries cannot be read after."""
        self._file.close()

    def __len__(self) -> int:
        return len(self._ends)

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
        start = self._ends[index - 1] if index else 0
        entry: dict[str, Any] = json.loads(self._read(start, self._ends[index] - start))
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

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Entries | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by content

    def __repr__(self) -> str:
        return f"<Entries: {len(self)} report entries>"
