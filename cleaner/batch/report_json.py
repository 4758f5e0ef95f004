"""report.json's bytes, the same as `to_json(report) + "\\n"`, made without the standard library's indenting encoder.

The report lists every input, and `json.dumps(indent=2)` runs in pure Python: over 50,000 small text files it took
seconds and held several copies of the report's text in pieces, the run's peak memory (BENCHMARKS.md, forty-third
round). Here each input's entry is written by `record_json` (orjson where it can: an entry holds str keys, str and
int, lists and dicts, never a float) and indented in place, the few other sections by the standard library; the
pieces are written as they come (`write_report`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from cleaner.io.formats import to_json
from cleaner.io.record_json import INDENT, indented_bytes
from cleaner.io.writers import atomic_bytes_stream

# The entries' list is a value of the report's top level: its items stand two levels in, their lines one more.
_LEVEL = b"\n" + b" " * INDENT
_ITEM = _LEVEL + b" " * INDENT


def _stdlib(value: Any) -> bytes:
    """`value` as `to_json` writes it, in strict UTF-8 (as the file was)."""
    return to_json(value).encode("utf-8")


def _entries(entries: Sequence[dict[str, Any]]) -> Iterator[bytes]:
    sep = b"["
    for entry in entries:  # read one at a time (`batch.entries.Entries` reads them back from its file)
        text = indented_bytes(entry)
        yield sep + _ITEM + (_stdlib(entry) if text is None else text).replace(b"\n", _ITEM)
        sep = b","
    yield b"[]" if sep == b"[" else _LEVEL + b"]"


def report_pieces(report: dict[str, Any]) -> Iterator[bytes]:
    """The bytes of `to_json(report) + "\\n"` in pieces: the `inputs` list entry by entry, the rest as it is."""
    if not report:
        yield b"{}\n"
        return
    sep = b"{"
    for key, value in report.items():
        yield sep + _LEVEL + _stdlib(key) + b": "
        if key == "inputs" and isinstance(value, Sequence) and not isinstance(value, str):
            yield from _entries(value)
        else:
            yield _stdlib(value).replace(b"\n", _LEVEL)
        sep = b","
    yield b"\n}\n"


def report_bytes(report: dict[str, Any]) -> bytes:
    """The report as `to_json(report) + "\\n"` encodes it."""
    return b"".join(report_pieces(report))


def write_report(target: str | Path, report: dict[str, Any]) -> None:
    """report.json written atomically as its pieces come: joined first, the report of 200,000 inputs was ~120 MB more
    at the run's end, its peak (BENCHMARKS.md, forty-fourth round)."""
    with atomic_bytes_stream(target) as out:
        for piece in report_pieces(report):
            out.write(piece)
