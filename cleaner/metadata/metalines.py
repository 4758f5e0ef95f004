"""The per-line loops of the text headline and the date search, with their native kernel (issue 13).

Each function here is the pure twin of the kernel `_metalines.pyx`'s function of the same name, and the reference it is
tested against (tests/test_native_metadata.py). The kernel is chosen once, at import (cleaner.native): the names this
module exports are the kernel's functions when it is built and not switched off, else the twins. Together these loops
were about a fifth of the metadata's time on tf fulltext: they read every line of a text, most of them paragraphs
and menus that no title or date is found on.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence
from itertools import accumulate
from typing import TypeVar, cast

import regex

from cleaner.casing import lower
from cleaner.metadata.date_forms import _NUMERIC_GATE
from cleaner.native import kernel
from cleaner.rules.literal_scan import line_starts
from cleaner.rules.patterns import compiled


def _content_lines(lines: Sequence[str | None]) -> list[int]:
    """The indexes of the lines that hold something besides whitespace (`not s.isspace()` is `s.strip()` without
    copying every line)."""
    return [i for i, s in enumerate(lines) if s and not s.isspace()]


def _filled_positions(lines: Sequence[str | None], wanted: Iterable[int]) -> dict[int, int]:
    """For each of `wanted` whose line holds something besides whitespace, its index among such lines: found by
    bisection in _content_lines's answer."""
    filled = _content_lines(lines)
    out: dict[int, int] = {}
    for line in wanted:
        k = bisect_left(filled, line)
        if k < len(filled) and filled[k] == line:
            out[line] = k
    return out


def _stripped_lengths(lines: Sequence[str | None]) -> list[int]:
    """`len(s.strip())` of each line, 0 for None."""
    return [len(s.strip()) if s else 0 for s in lines]


def _headline_marks(
    lines: Sequence[str | None],
    kept: Sequence[str | None],
    moved: Collection[int],
    min_words: int,
    marks: str,
    closers: str,
) -> tuple[list[int], list[bool], list[int], int, int]:
    """What text_headline.find_text_headline reads of every line before its candidates: the content lines
    (_content_lines), whether each is prose (_prose_flags), the kept characters above each line (_stripped_lengths of
    `kept` accumulated from 0), the place in the content lines of the first that `moved` holds or that is kept (-1:
    none), and the last content line kept (-1: none)."""
    content = _content_lines(lines)
    prose = _prose_flags(lines, content, min_words, marks, closers)
    above = list(accumulate(_stripped_lengths(kept), initial=0))
    n_kept = len(kept)
    first_at = next((n for n, i in enumerate(content) if i in moved or (i < n_kept and (kept[i] or "").strip())), -1)
    last_kept = next((j for j in reversed(content) if j < n_kept and (kept[j] or "").strip()), -1)
    return content, prose, above, first_at, last_kept


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


# From a line's first digit to its end: one match per line that holds a digit.
_DIGIT_TO_LINE_END = compiled(r"\d[^\n]*")


def _digit_lines(lines: Sequence[str | None], digit: regex.Pattern[str]) -> list[int]:
    """Indexes of the lines that hold a digit (as `digit`, the pattern `\\d`, finds one), in order: the line of a match
    is the count of line breaks before it, in one scan of the joined text rather than a search per line."""
    try:
        joined = "\n".join(lines)  # type: ignore[arg-type]  # None is rare: only then is the list copied
    except TypeError:
        joined = "\n".join(line or "" for line in lines)
    if joined.count("\n") != max(len(lines) - 1, 0):  # a line holds a break of its own: line by line
        return [idx for idx, line in enumerate(lines) if line and digit.search(line) is not None]
    out: list[int] = []
    idx, seen = 0, 0
    for m in _DIGIT_TO_LINE_END.finditer(joined):
        idx += joined.count("\n", seen, m.start())
        seen = m.start()
        if not out or out[-1] != idx:
            out.append(idx)
    return out


def _opening_lines(lines: Sequence[str | None], pairs: Collection[str]) -> list[int]:
    """Indexes of the lines whose first two characters past their leading whitespace hold one outside ASCII or are
    one of `pairs`: the only lines an anchored label pattern whose matches open with those pairs can match."""
    return [
        i
        for i, s in enumerate(lines)
        if s and (o := s.lstrip()[:2]) and (not o.isascii() or (len(o) == 2 and o in pairs))
    ]


def _prose_flags(
    lines: Sequence[str | None], indexes: Iterable[int], min_words: int, marks: str, closers: str
) -> list[bool]:
    """For each of `indexes`, whether its line is prose (headline_lines._prose): ending as a sentence (one of `marks`
    before trailing whitespace and `closers`), with at least `min_words` words (split no further than that)."""
    out: list[bool] = []
    for i in indexes:
        line = lines[i] or ""
        end = line.rstrip().rstrip(closers)
        out.append(end[-1:] in marks and end != "" and len(line.split(None, min_words - 1)) >= min_words)
    return out


def _date_rows(lines: Sequence[str | None], indexes: Iterable[int], prefixes: Iterable[str]) -> list[int]:
    """Those of `indexes` whose line may hold a date that date_forms.find_in finds: one holding a character beyond
    the BMP or a letter outside ASCII (asked as before), date_forms._NUMERIC_GATE (the numeric forms' gate), or one of
    the three-letter ASCII `prefixes` (the month names' first letters, date_forms._month_prefixes) in the line
    lower-cased with U+0307 left out and any other character outside ASCII as a break. A line with none of these has
    no month name's prefix once folded (date_tables.fold_case: no other character outside ASCII folds to an ASCII
    letter or a prefix's letter, tests/test_date_gates.py), so both of find_in's gates fail and it finds nothing.
    An ASCII prefix of another shape lets every line through."""
    trigrams = [p for p in prefixes if p.isascii()]
    every = any(not (len(p) == 3 and p.isalpha() and p.islower()) for p in trigrams)
    out: list[int] = []
    for i in indexes:
        line = lines[i]
        if line is None:
            continue
        if (
            every
            or not (line.isascii() or all(c <= "\uffff" and (c < "\x80" or not c.isalpha()) for c in line))
            or _NUMERIC_GATE.search(line) is not None
        ):
            out.append(i)
            continue
        plain = line if line.isascii() else line.replace("\u0307", "").encode("ascii", "replace").decode("ascii")
        low = lower(plain)
        if any(p in low for p in trigrams):
            out.append(i)
    return out


def _date_lines(
    lines: Sequence[str | None], digit: regex.Pattern[str], max_words: int, prefixes: Iterable[str]
) -> tuple[list[int], list[int]]:
    """(rows, dated): the lines holding a digit (as `digit`, the pattern `\\d`, finds one) and from 1 to `max_words`
    words, and those of them _date_rows lets through: the lines dates.find_dates asks for dates."""
    rows = _short_lines(lines, _digit_lines(lines, digit), max_words)
    return rows, _date_rows(lines, rows, prefixes)


_native = kernel("cleaner.metadata._metalines")
_Twin = TypeVar("_Twin")


def _chosen(name: str, twin: _Twin) -> _Twin:
    """The kernel's function `name` when the kernel is built, else `twin`: the same answer for every input."""
    return cast(_Twin, getattr(_native, name)) if _native else twin


content_lines = _chosen("content_lines", _content_lines)
filled_positions = _chosen("filled_positions", _filled_positions)
stripped_lengths = _chosen("stripped_lengths", _stripped_lengths)
short_lines = _chosen("short_lines", _short_lines)
spaced_words = _chosen("spaced_words", _spaced_words)
separator_lines = _chosen("separator_lines", _separator_lines)
digit_lines = _chosen("digit_lines", _digit_lines)
opening_lines = _chosen("opening_lines", _opening_lines)
prose_flags = _chosen("prose_flags", _prose_flags)
date_rows = _chosen("date_rows", _date_rows)
headline_marks = _chosen("headline_marks", _headline_marks)
date_lines = _chosen("date_lines", _date_lines)
