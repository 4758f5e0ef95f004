"""The per-line loops of the text headline and the date search, with their native kernel (issue 13).

Each function here is the pure twin of the kernel `_metalines.pyx`'s function of the same name, and the reference it is
tested against (tests/test_native_metadata.py). The kernel is chosen once, at import (cleaner.native): the names this
module exports are the kernel's functions when it is built and not switched off, else the twins. Together these loops
were about a fifth of the metadata's time on tf fulltext: they read every line of a text, most of them paragraphs
and menus that no title or date is found on.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import cast

from cleaner.native import kernel
from cleaner.rules.literal_scan import line_starts


def _content_lines(lines: Sequence[str | None]) -> list[int]:
    """The indexes of the lines that hold something besides whitespace (`not s.isspace()` is `s.strip()` without
    copying every line)."""
    return [i for i, s in enumerate(lines) if s and not s.isspace()]


def _stripped_lengths(lines: Sequence[str | None]) -> list[int]:
    """`len(s.strip())` of each line, 0 for None."""
    return [len(s.strip()) if s else 0 for s in lines]


def _short_lines(lines: Sequence[str | None], indexes: Iterable[int], max_words: int) -> list[int]:
    """Those of `indexes` whose line holds from 1 to `max_words` words: the split stops past the limit (splitting
    every long line whole was ~15% of the date search), and is empty exactly when the line is blank."""
    return [i for i in indexes if (line := lines[i]) and 0 < len(line.split(None, max_words)) <= max_words]


def _spaced_words(line: str, cap: int) -> tuple[str, int] | None:
    """The line's words joined by single spaces and how many they are, or None past `cap` words (split no further
    than the cap: a paragraph has hundreds of words)."""
    words = line.split(None, cap)
    return None if len(words) > cap else (" ".join(words), len(words))


def _separator_lines(lines: Sequence[str | None], bare: str, spaced: str) -> set[int]:
    """The indexes of the lines holding a character of `bare`, or one of `spaced` at the line's start or after a
    character that is not a letter or digit (`str.isalnum`). Found per character in the joined text, each line with it
    once: asking a set of every character of every line (paragraphs included) was twice as dear."""
    texts = [s or "" for s in lines]
    joined = "\n".join(texts)
    if joined.count("\n") != max(len(texts) - 1, 0):  # a line holds a break of its own: line by line
        return {i for i, s in enumerate(texts) if _may_split(s, bare, spaced)}
    starts = line_starts(texts)
    n = len(texts)
    out: set[int] = set()
    for ch in dict.fromkeys(bare + spaced):
        after_word_only = ch not in bare
        at = joined.find(ch)
        while at >= 0:
            if after_word_only and at and joined[at - 1].isalnum():
                at = joined.find(ch, at + 1)  # inside a word: look further along
                continue
            row = bisect_right(starts, at) - 1
            out.add(row)
            at = joined.find(ch, starts[row + 1]) if row + 1 < n else -1
    return out


def _may_split(line: str, bare: str, spaced: str) -> bool:
    """_separator_lines's test of one line on its own (a line's start counts as a break before it)."""
    return any(ch in bare or (ch in spaced and (k == 0 or not line[k - 1].isalnum())) for k, ch in enumerate(line))


_native = kernel("cleaner.metadata._metalines")
# The kernel's functions when it is built, else the twins: the same answer for every input.
content_lines = cast(
    "Callable[[Sequence[str | None]], list[int]]", _native.content_lines if _native else _content_lines
)
stripped_lengths = cast(
    "Callable[[Sequence[str | None]], list[int]]", _native.stripped_lengths if _native else _stripped_lengths
)
short_lines = cast(
    "Callable[[Sequence[str | None], Iterable[int], int], list[int]]", _native.short_lines if _native else _short_lines
)
spaced_words = cast("Callable[[str, int], tuple[str, int] | None]", _native.spaced_words if _native else _spaced_words)
separator_lines = cast(
    "Callable[[Sequence[str | None], str, str], set[int]]", _native.separator_lines if _native else _separator_lines
)
