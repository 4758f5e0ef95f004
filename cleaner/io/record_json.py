"""The JSON record of an Article, indented or on one line, by orjson where it writes the same text as `json`.

The batch writes one indented record per document by default. `json.dumps(indent=2)` runs the standard library's
pure-Python encoder (its C encoder has no indentation before Python 3.14): ~0.25 ms a record of a dev page, and
with the UTF-8 check and encoding after it about a tenth of `cleaner batch -j 1`'s time on dn (BENCHMARKS.md,
forty-third round). orjson writes the same bytes in ~0.03 ms, already UTF-8.

Same bytes, because a record holds only what both write alike: str keys, str, int, bool, None, lists and dicts
(cleaner/schema/record.schema.json has no number that is not an integer, so neither writer's float format, nor
NaN, which orjson writes as null, ever comes up). What orjson refuses, it refuses whole: a lone surrogate (which
the standard path replaces with U+FFFD, `scrub_surrogates`), an int past 64 bits, a key that is not a str. Those
records, and every record when orjson is missing or `CLEANER_JSON=stdlib` is set, take the standard path.
tests/test_record_json.py compares the two on every fixture's record and on generated ones.

A JSONL line is `json.dumps(record, ensure_ascii=False)`: its C encoder, ~0.12 ms a dn record. orjson has no spaced
separators (`, ` and `: `), so the line is its indented form with the indentation taken out: every newline orjson
writes there is its own (a string's newline is written `\\n`), followed by the next level's spaces; after a comma it
becomes the one space `json` writes, anywhere else nothing. ~0.06 ms.
"""

from __future__ import annotations

import json
import os
import re
from types import ModuleType
from typing import Any

from cleaner.io.readers import scrub_surrogates

JSON_ENV = "CLEANER_JSON"
INDENT = 2
# In orjson's indented output: a newline and its indentation after an item's comma, and any other.
_BETWEEN_ITEMS = re.compile(rb",\n *")
_LINE_BREAK = re.compile(rb"\n *")
# A number orjson may read otherwise than `json`: 2**64 has 20 digits (a string holding them is read the slow way too).
_LONG_DIGITS = re.compile(r"[0-9]{20}")
_LONG_DIGITS_B = re.compile(rb"[0-9]{20}")


def _orjson() -> ModuleType | None:
    """orjson, or None when it is missing or the standard library is asked for."""
    if os.environ.get(JSON_ENV, "").strip().lower() == "stdlib":
        return None
    try:
        import orjson
    except ImportError:
        return None
    return orjson


_ORJSON = _orjson()


def writer() -> str:
    """Which writer this process uses: "orjson" or "stdlib"."""
    return "stdlib" if _ORJSON is None else "orjson"


def stdlib_record_bytes(record: dict[str, Any]) -> bytes:
    """The record as `json` writes it (real Unicode, indented), lone surrogates replaced, a newline after."""
    text = json.dumps(record, ensure_ascii=False, indent=INDENT) + "\n"
    return scrub_surrogates(text)[0].encode("utf-8")


def stdlib_record_line(record: dict[str, Any]) -> str:
    """The record on one line as `json` writes it (real Unicode, `, ` and `: ` between items), lone surrogates
    replaced."""
    return scrub_surrogates(json.dumps(record, ensure_ascii=False))[0]


def indented_bytes(record: dict[str, Any]) -> bytes | None:
    """orjson's indented bytes of the record, or None where it refuses it."""
    if _ORJSON is None:
        return None
    try:
        out: bytes = _ORJSON.dumps(record, option=_ORJSON.OPT_INDENT_2)
        return out
    except TypeError:  # orjson.JSONEncodeError: a lone surrogate, a 65-bit int, a key that is not a str
        return None


def record_bytes(record: dict[str, Any]) -> bytes:
    """`stdlib_record_bytes(record)`, by orjson when it can write it."""
    out = indented_bytes(record)
    return stdlib_record_bytes(record) if out is None else out + b"\n"


def record_line(record: dict[str, Any]) -> str:
    """`stdlib_record_line(record)`, by orjson when it can write it."""
    out = indented_bytes(record)
    if out is None:
        return stdlib_record_line(record)
    return _LINE_BREAK.sub(b"", _BETWEEN_ITEMS.sub(b", ", out)).decode("utf-8")


def compact_bytes(value: Any) -> bytes:
    """`value` as one line of JSON, keys sorted, for the package's own files that only `loads` reads back (spooled
    report entries, state lines): orjson's UTF-8 (~8x faster than `json.dumps` on a state line), or, where orjson
    refuses the value (a lone surrogate from a file name that is not UTF-8, an int past 64 bits), `json`'s ASCII.
    Not for NaN or infinities, which orjson writes as null (the package's own lines hold none)."""
    if _ORJSON is not None:
        try:
            out: bytes = _ORJSON.dumps(value, option=_ORJSON.OPT_SORT_KEYS)
            return out
        except TypeError:  # orjson.JSONEncodeError
            pass
    return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":")).encode("ascii")


def _fits_orjson(text: str | bytes) -> bool:
    """No run of 20 digits: every number in the text is one orjson reads as `json` does."""
    if isinstance(text, bytes):
        return _LONG_DIGITS_B.search(text) is None
    return _LONG_DIGITS.search(text) is None


def loads(text: str | bytes) -> Any:
    """`json.loads(text)`, by orjson (~5x faster on a state line or report entry) where it reads the text alike.

    orjson refuses the escape of a lone surrogate, which `json` reads (a file name that is not UTF-8 holds them), and
    reads an int past 64 bits as a float: text with a run of 20 digits, and what orjson refuses, goes the standard way.
    """
    if _ORJSON is not None and _fits_orjson(text):
        try:
            return _ORJSON.loads(text)
        except ValueError:  # orjson.JSONDecodeError: a lone surrogate, or not JSON (json then says why)
            pass
    return json.loads(text)
