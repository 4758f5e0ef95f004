"""The report's per-input entries, kept in a temporary file while the run goes on, not in the parent's memory.

report.json lists every input, and a run over hundreds of thousands of files held every entry as dicts until the
end: ~0.8 kB an input of the parent's ~2 kB per input (tracemalloc over 50,000 small files, BENCHMARKS.md,
forty-third round). Here an entry is written as one JSON line to a `LineSpool` (batch/spool.py: a full temporary
folder keeps the rest in memory) as it ends. Reading gives the entry back as it was given (JSON round-trips every
str, lone surrogates too, and the entries hold only str, int, bool, None, lists and dicts).

`Entries` is a read-only sequence of dicts for everything that reads the report (the summary, the audit, the report
file and page, `BatchResult.report["inputs"]`), and equal to a list holding the same entries.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from cleaner.batch.spool import LineSpool
from cleaner.io.record_json import compact_bytes, loads


class Entries(Sequence[dict[str, Any]]):
    """Report entries in input order, spooled to a temporary file (deleted with the sequence)."""

    def __init__(self) -> None:
        self._lines = LineSpool()

    def append(self, entry: dict[str, Any]) -> None:
        """Add an entry at the end (it is written now: changing the dict later changes nothing here)."""
        self._lines.append(compact_bytes(entry))

    def __len__(self) -> int:
        return len(self._lines)

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
        entry: dict[str, Any] = loads(self._lines[index])
        return entry

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for line in self._lines:
            yield loads(line)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Entries | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by content

    def __repr__(self) -> str:
        return f"<Entries: {len(self)} report entries>"
