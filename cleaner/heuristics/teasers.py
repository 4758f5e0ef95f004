"""Related-story teasers with their standfirsts: the rhythm of headline lines each followed by one sentence or two.

A teaser block after an article prints, for each story, a headline (with a kicker, an author or a source line
around it) and then its standfirst, one short paragraph that reads like prose: so the prose guards of the tail
cut and of the learned stage keep it. One such pair is a subheading over a paragraph; many in a row, each with
exactly one short paragraph, after the article's own prose, are a list of other stories.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from operator import itemgetter
from typing import Final

from cleaner.heuristics.features import GOOD, LIST_MARKS, NEAR, SENTENCE_END
from cleaner.memo_budget import HEURISTIC_LINES
from cleaner.native import kernel

# A unit's head is 1 to this many lines that do not end like a sentence (kicker, headline, author or source line);
# sh's teaser lists had 2-3.
HEAD_MAX: Final = 3
# ...each of at most this many words (longer lines without a sentence end are link text or table rows).
HEAD_WORDS: Final = 16
# One head line must look like a headline: this many words or more and a capital first letter. Set on tf: with 3,
# settings tables ("Menu SFX Volume" over its description) and testimonials ("Name, Outlet" under a quote) passed.
HEADLINE_WORDS: Final = 5
# The standfirst is one prose line ending like a sentence, of at most this many words (an article's paragraph
# under a subheading is usually longer, and followed by more paragraphs). sh's teaser standfirsts had 8-45 words.
STANDFIRST_WORDS: Final = 50
STANDFIRST_MIN_WORDS: Final = 6
STANDFIRST_CLASSES: Final = frozenset((GOOD, NEAR))
# ...and reads like a sentence: at least this share of its words start lowercase (German prose, with its capitalised
# nouns, has about half; a results table's rows ending in "sec." passed without this and lost a tf snippet).
LOWER_SHARE: Final = 0.3
# A weak unit's standfirst (see `teaser_lines`) may run to this many words: sh's longest teaser standfirsts.
WEAK_STANDFIRST_WORDS: Final = 80
STANDFIRST_END: Final = frozenset(".!…")
# ...and a weak unit's standfirst may also end in a colon: a teaser's standfirst cut before the list it announces
# ("… Here is what we learned:"). Only a weak unit, which carries a list of strong ones across it and neither starts
# nor ends one; without it a list of 14 units on sh broke in two runs, each under UNITS_MIN strong units.
WEAK_STANDFIRST_END: Final = STANDFIRST_END | {":"}
# A teaser headline shortened to fit its box ends in an ellipsis right after a letter or digit (`_cut_short`); read so
# only where the learned stage does not read the page (`regions.decide`). There, under CV: sh paragraphs +0.002, sites
# paragraphs +0.001, tf must-keep lost unchanged (BENCHMARKS.md, thirteenth round, `paras`).
TRUNCATED: Final = ("...", "…")
# Closing quotes and brackets a sentence end may hide behind.
CLOSERS: Final = "\"'”’»)"
# This many units in a row make a teaser list. Three subheadings with one paragraph each occur in articles; a list
# of four headline-over-one-sentence units after the article's prose was teasers on sh.
UNITS_MIN: Final = 4
# The list must follow at least this much of the article's prose (GOOD lines' characters, as MIN_CORE_CHARS).
ARTICLE_CHARS: Final = 500
# Distinct stripped lines whose head and standfirst tests are remembered: the stage's rounds read the same lines again
# (as comments.LINE_CACHE).
LINE_CACHE: Final = HEURISTIC_LINES
# A word's first character, read in C (`_standfirst`'s lowercase count).
_FIRST: Final = itemgetter(0)
# What may open a headline before its first letter: quotes and brackets ("'Go make some laws': Swing state voters
# see...", „Die Eskalation geht ..."). Without them a quoted headline was no headline, and a teaser list broke into
# runs of fewer than UNITS_MIN strong units there (sh fulltext, a list of 14 headline-author-standfirst units kept).
OPENERS: Final = "\"'‘’“”„‚«»‹›([¿¡"


def _head(s: str, cut: bool = False) -> bool:
    end = s.rstrip(CLOSERS)[-1:]
    return bool(s) and (end not in SENTENCE_END or (cut and _cut_short(s))) and len(s.split()) <= HEAD_WORDS


def _cut_short(s: str) -> bool:
    """A line cut off inside a word or after one, with an ellipsis ("… plus JBL he...", "… Realtek Bluetooth…"): a
    teaser list's headline shortened to fit its box, not a sentence's end."""
    return s.endswith(TRUNCATED) and s.rstrip(".…")[-1:].isalnum()


def _headline(s: str) -> bool:
    return len(s.split()) >= HEADLINE_WORDS and s.lstrip(OPENERS)[:1].isupper()


@lru_cache(maxsize=LINE_CACHE)
def _standfirst(s: str, most: int = STANDFIRST_WORDS, ends: frozenset[str] = STANDFIRST_END) -> bool:
    if s.rstrip(CLOSERS)[-1:] not in ends or s[:2] in LIST_MARKS:
        return False
    words = s.split()
    n = len(words)
    # Split words are never empty, so each has a first character.
    return STANDFIRST_MIN_WORDS <= n <= most and sum(map(str.islower, map(_FIRST, words))) >= LOWER_SHARE * n


def _weak_head(s: str, cut: bool = False) -> bool:
    """A head line of a unit that only continues a list: a question headline is one too."""
    if not s:
        return False
    end = s.rstrip(CLOSERS)[-1:]
    if end in SENTENCE_END and end != "?" and not (cut and _cut_short(s)):
        return False  # the end first: prose lines, most of a page, stop here before any word count
    # Fewer spaces than HEAD_WORDS cannot make more words: most lines skip the split.
    return s.count(" ") < HEAD_WORDS or len(s.split()) <= HEAD_WORDS


@lru_cache(maxsize=LINE_CACHE)
def _head_line(t: str, cut: bool = False) -> bool:
    """Whether a stripped line can be part of a unit's head (the scan's test of every line)."""
    return t[:2] not in LIST_MARKS and _weak_head(t, cut)


def strong_pairs(nonblank: Sequence[int], cls: Sequence[int], text: Sequence[str], cut: bool = False) -> int:
    """The most lines that could close a strong unit in one stretch a list could cover. A strong unit ends with a
    short standfirst right under a head line (its last head line), and inside a list every line is a head line or
    a standfirst under one, so two lines in a row that cannot be head lines (empty, or ending like a sentence
    other than "?", as `_weak_head` reads them) end any list: a page with fewer than UNITS_MIN such pairs between
    two such breaks has no list. An article's subheaded sections of two or more paragraphs stop here; the test reads
    only each line's end, and the head line above a prose-classed line that ends like a sentence."""
    most = n = 0
    closed = True  # whether the line above cannot be a head line
    for j, t in enumerate(text):
        end = t.rstrip(CLOSERS)[-1:]
        if not t or (end in SENTENCE_END and end != "?" and not (cut and _cut_short(t) and _weak_head(t, cut))):
            if closed:
                most, n = max(most, n), 0  # two in a row: no list spans this line and the one above
            elif (
                end in STANDFIRST_END
                and cls[nonblank[j]] in STANDFIRST_CLASSES
                and _head_line(text[j - 1], cut)
                and _standfirst(t)
            ):
                n += 1
            closed = True
        else:
            closed = False
    return max(most, n)


def _cut_head(t: str) -> bool:
    """`strong_pairs`' test of a line that ends like a sentence where the scan reads cut headlines: one cut short with
    an ellipsis that can be a head line."""
    return _cut_short(t) and _weak_head(t, True)


def _chosen_pairs() -> Callable[[Sequence[int], Sequence[int], list[str], bool], int]:
    """The native kernel's `strong_pairs` (cleaner.native), given this module's constants and tests, when it is built;
    else `strong_pairs`: the same count, with each line's end read in place (the scan reads every line of every page on
    each of the stage's rounds, and most lines stop at their end)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return strong_pairs
    native.configure_pairs(
        CLOSERS,
        SENTENCE_END,
        STANDFIRST_END,
        STANDFIRST_CLASSES,
        _cut_head,
        HEAD_WORDS,
        LIST_MARKS,
        STANDFIRST_WORDS,
        STANDFIRST_MIN_WORDS,
        LOWER_SHARE,
    )
    return native.strong_pairs


# The most lines that could close a strong unit in one stretch: `strong_pairs`, or its native twin.
_pairs = _chosen_pairs()


def _head_lines(text: list[str], cut: bool = False) -> list[bool]:
    """Each stripped line's `_head_line` test, which `teaser_lines`' scan reads of every line of a list's page."""
    return [_head_line(t, cut) for t in text]


def _chosen_heads() -> Callable[[list[str], bool], list[bool]]:
    """The native kernel's `head_lines` (cleaner.native, given HEAD_WORDS by `configure_pairs`) when it is built, else
    `_head_lines`: the same tests, each line's list mark, end and words read in place, and `_cut_head` asked only of a
    line cut short (a cached test per line was a third of `teaser_lines`' time on tf)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return _head_lines
    return native.head_lines


# Each stripped line's head test: `_head_lines`, or its native twin.
_heads = _chosen_heads()


def teaser_lines(
    nonblank: Sequence[int],
    cls: Sequence[int],
    lines: Sequence[str | None],
    *,
    cut: bool = False,
    text: list[str] | None = None,
    pairs: int | None = None,
) -> list[int]:
    """Lines of teaser lists (UNITS_MIN or more headline-then-standfirst units in a row) after the article.

    A unit is strong when its head holds a headline and its standfirst is short (STANDFIRST_WORDS); a weak unit (a
    question headline, an author line alone over the standfirst, a standfirst up to WEAK_STANDFIRST_WORDS) only
    carries a list of strong ones across it, and a list neither starts nor ends with one. With `cut`, a head line may
    end in an ellipsis right after a letter (`_cut_short`: a headline shortened to fit its box). `text`, when given,
    is the lines of `nonblank` stripped (`regions` reads the page twice, with and without `cut`). `pairs`, when given,
    is `strong_pairs` of them (`regions` counts both readings' pairs in one pass first).
    """
    if text is None:
        text = [(lines[i] or "").strip() for i in nonblank]
    if (_pairs(nonblank, cls, text, cut) if pairs is None else pairs) < UNITS_MIN:
        return []  # a list holds UNITS_MIN strong units, each one such pair: most pages stop here
    # Each line's head test once (the scan reads a line up to HEAD_MAX times).
    return _units(nonblank, cls, text, _heads(text, cut), cut)


def _teaser_units(
    nonblank: Sequence[int], cls: Sequence[int], text: list[str], heads: list[bool], cut: bool = False
) -> list[int]:
    """`teaser_lines`' scan of a page that may hold a list: the units (head lines, `heads`, then a standfirst), chained
    where each starts at the line after the one before, and the lines of each chain with UNITS_MIN strong units once
    its weak units at either end are dropped."""
    out: list[int] = []
    units: list[tuple[int, int, bool]] = []  # [start, end) positions in nonblank, strong
    k = 0
    n = len(nonblank)
    while k < n:
        j = k
        while j < n and j - k < HEAD_MAX and heads[j]:
            j += 1
        if (
            j > k
            and j < n
            and cls[nonblank[j]] in STANDFIRST_CLASSES
            and _standfirst(text[j], WEAK_STANDFIRST_WORDS, WEAK_STANDFIRST_END)
        ):
            strong = (
                _standfirst(text[j])
                and all(_head(text[h], cut) for h in range(k, j))
                and any(_headline(text[h]) for h in range(k, j))
            )
            if units and units[-1][1] != k:
                _flush(units, nonblank, cls, text, out)
            units.append((k, j + 1, strong))
            k = j + 1
            continue
        _flush(units, nonblank, cls, text, out)
        k += 1
    _flush(units, nonblank, cls, text, out)
    return out


def _flush(
    units: list[tuple[int, int, bool]], nonblank: Sequence[int], cls: Sequence[int], text: list[str], out: list[int]
) -> None:
    """Add a chain of units' lines to `out` where it is a list (UNITS_MIN strong units once the weak ones at its ends
    are dropped, after ARTICLE_CHARS of prose), and empty the chain. A function of its own, not a closure: in the
    compiled build a closure made a reference cycle per `teaser_lines` call."""
    if not units:
        return
    while units and not units[-1][2]:
        units.pop()
    while units and not units[0][2]:
        units.pop(0)
    if sum(u[2] for u in units) >= UNITS_MIN:
        a = units[0][0]
        if sum(len(text[j]) for j in range(a) if cls[nonblank[j]] == GOOD) >= ARTICLE_CHARS:
            out.extend(nonblank[j] for j in range(a, units[-1][1]))
    units.clear()


def _chosen_units() -> Callable[[Sequence[int], Sequence[int], list[str], list[bool], bool], list[int]]:
    """The native kernel's `teaser_units` (cleaner.native, given this module's constants and its `_head` and `_headline`
    tests) when it is built, else `_teaser_units`: the same lines, each unit's standfirst read in place and a chain kept
    as its first and last strong unit (the twin's scan called the cached standfirst test on every head line's next
    line, and made a closure per call)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return _teaser_units
    return partial(
        native.teaser_units,
        good=GOOD,
        head=_head,
        headline=_headline,
        head_max=HEAD_MAX,
        weak_most=WEAK_STANDFIRST_WORDS,
        weak_ends="".join(sorted(WEAK_STANDFIRST_END)),
        least=UNITS_MIN,
        article_chars=ARTICLE_CHARS,
    )


# The scan of a page that may hold a teaser list: `_teaser_units`, or its native twin.
_units = _chosen_units()
