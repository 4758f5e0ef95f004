"""One normal form for a line, shared by learning (hashes) and the rules it writes (patterns).

Chrome lines differ across a site's pages only in whitespace and numbers ("12 comments",
"Updated 09:41"), so both are folded: runs of whitespace to one space, runs of digits to "0".
The rule pattern written for a line matches exactly the lines with that normal form.
"""

from __future__ import annotations

import re
import zlib

import regex

# Lines longer than this are never template chrome worth a rule (the longest chrome line in the
# dev sites corpus, a legal notice, runs ~260 characters) and are not counted at all.
MAX_LINE_CHARS = 300
# Lines shorter than this ("|", "»") say nothing on their own; the shipped rules and the block
# classifier handle such debris, and a one-character rule would be unreviewable noise.
MIN_LINE_CHARS = 2

_DIGITS = regex.compile(r"\d+")
_SPACES = regex.compile(r"\s+")
# Fast path: ASCII lines (almost all lines of English pages) use the stdlib engine.
_ASCII_DIGITS = re.compile(r"[0-9]+")


def normalise(line: str) -> str:
    """Whitespace folded, digit runs to "0"; "" for lines too short or too long to learn."""
    s = " ".join(line.split())
    if not MIN_LINE_CHARS <= len(s) <= MAX_LINE_CHARS:
        return ""
    if s.isascii():
        return _ASCII_DIGITS.sub("0", s)
    # No Unicode normalisation: the rule written for a line is matched against text as it is,
    # so the normal form must not join lines its pattern would keep apart.
    return _DIGITS.sub("0", s)


def line_hash(norm: str) -> int:
    """A 64-bit hash stable across processes (Python's own hash() is salted per process), so that
    counts from pool workers or Dask partitions can be merged.

    CRC-32 and Adler-32 side by side: two independent 32-bit checksums, both C-speed (~6x faster
    than blake2b per short line here). A collision only merges two lines' counts; the rule
    written is always the surviving sample's own text, never a line chosen by its hash.
    """
    data = norm.encode("utf-8", "surrogatepass")
    return (zlib.crc32(data) << 32) | zlib.adler32(data)


def literal_pattern(line: str) -> str:
    """An anchored pattern matching exactly the lines whose normal form equals this line's.

    The engine full-matches stripped lines, so no anchors are written; each whitespace run becomes
    `\\s+` and each digit run `\\d+`, everything else is escaped literally.
    """
    s = " ".join(line.split())
    out: list[str] = []
    pos = 0
    for m in _DIGITS.finditer(s):
        out.append(_escape(s[pos : m.start()]))
        out.append(r"\d+")
        pos = m.end()
    out.append(_escape(s[pos:]))
    return "".join(out)


def _escape(text: str) -> str:
    return r"\s+".join(regex.escape(part, special_only=True) for part in text.split(" "))
