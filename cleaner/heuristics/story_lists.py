"""Other stories' headlines around the article: runs of headline-shaped lines before its first paragraphs or after
its last.

Renderings of a page's <p>/<h> text, and page dumps with too little menu chrome for the edge cuts (HEU003, HEU004),
keep "Top stories" and "More from this section" lists: many one-line headlines in a row. The article's start is where
two paragraphs of prose stand close together (a one-line promo sentence such as "Chat with us in Facebook
Messenger." is not an article start), its end where the last two do; the few lines just above the start (its
headline, byline, date) are never taken. A list inside the article (a feature list, lyrics) has prose after it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Final

from cleaner.heuristics.features import DIGIT, LIST_MARKS
from cleaner.heuristics.teasers import CLOSERS  # a sentence end may hide behind them ('“a lovely gesture.”')
from cleaner.memo_budget import HEURISTIC_LINES
from cleaner.native import kernel

# A line that starts the article's prose ends like a sentence and has at least this many words; ...
START_WORDS: Final = 12
START_END: Final = frozenset(".!?…\"'”’»)")
# ...and another such line follows within this many non-blank lines (a lone promo sentence above a headline
# list is not the article: on sh, CNN's "Chat with us in Facebook Messenger." stood above its teaser list), ...
START_PAIR: Final = 3
# ...or it has this many words: a paragraph that long alone is the article's start (a tf rap article's intro
# paragraph stood alone above quoted lyrics, which are headline-shaped lines; the promo sentence had 16 words).
PARAGRAPH_WORDS: Final = 25
# Non-blank lines just above the article's start that stay: headline, byline, date (regions.TOP_KEEP).
KEEP_ABOVE: Final = 3
# The document's first non-blank lines also stay: a text that opens with its own headline and byline, then a promo
# line a rule takes, then a teaser list, would otherwise join its headline to the list (a CNN page on sh lost its
# title and byline to the run once a site rule took the promo between them).
KEEP_FIRST: Final = 3
# A headline-shaped line: this many words at least and at most (a 2-word line is a section label, over 20 words
# a lead paragraph), no sentence or clause end, no lowercase start, no list mark.
HEAD_MIN_WORDS: Final = 3
HEAD_MAX_WORDS: Final = 20
HEAD_NO_END: Final = frozenset(".!?…:;,")
# This many headline lines in a row make a list of other stories (regions.EDGE_RUN). On sh/tf, every text
# rendering, runs of 4 (and of 6) such lines above the article's start held no line with gold text (no tf
# must-keep snippet, no sh line with half its n-grams in the gold): 226 sh lines were boilerplate.
RUN_MIN: Final = 4
# After the article's end a list needs this many: a feature list or a table of contents closing an article has 4 or
# 5 such lines (at 5, 5 sh lines holding gold text went, a product's feature list; at 6 none, and 20 teaser lines on
# sh paragraphs, 15 on fulltext; tf: no gold line either way).
RUN_BELOW_MIN: Final = 6
# ...of which at most this share carry a digit: a results table, a timetable or a spec list above an article's
# text has numbers on most lines; headlines rarely ("US blacklists 28 Chinese organizations").
DIGIT_SHARE: Final = 0.2


# Distinct lines whose shape is remembered: the stage's rounds read the same lines again (comments.LINE_CACHE).
LINE_CACHE: Final = HEURISTIC_LINES
PROSE, HEADLINE, DIGITS = 1, 2, 4


@lru_cache(maxsize=LINE_CACHE)
def _shape(line: str | None) -> int:
    """PROSE, HEADLINE and DIGITS bits of one line as the kept view holds it."""
    s = (line or "").strip()
    if not s:
        return 0
    # Both at once is possible: a long line ending in a bracket or a quote ("… (Video)").
    bits = (PROSE if starts_prose(s) else 0) | (HEADLINE if _headline(s) else 0)
    return bits | DIGITS if bits & HEADLINE and DIGIT.search(s) else bits


def _words(s: str) -> int:
    return s.count(" ") + 1


def starts_prose(s: str) -> bool:
    """A stripped line that ends like a sentence and has at least START_WORDS words: a paragraph of prose."""
    return s[-1:] in START_END and _words(s) >= START_WORDS


def _headline(s: str) -> bool:
    return (
        bool(s)
        and HEAD_MIN_WORDS <= _words(s) <= HEAD_MAX_WORDS
        and s.rstrip(CLOSERS)[-1:] not in HEAD_NO_END
        and not s[0].islower()
        and s[:2] not in LIST_MARKS
    )


def article_start(nonblank: Sequence[int], lines: Sequence[str | None]) -> int | None:
    """Position (in `nonblank`) of the first prose line of PARAGRAPH_WORDS or with another within START_PAIR
    lines, or None."""
    prev: int | None = None
    for k, i in enumerate(nonblank):
        if _shape(lines[i]) & PROSE:
            if prev is not None and k - prev <= START_PAIR:
                return prev
            if _words((lines[i] or "").strip()) >= PARAGRAPH_WORDS:
                return k
            prev = k
    return None


def article_end(nonblank: Sequence[int], lines: Sequence[str | None]) -> int | None:
    """Position (in `nonblank`) of the last prose line with another within START_PAIR lines before it, or None."""
    nxt: int | None = None
    for k in range(len(nonblank) - 1, -1, -1):
        if _shape(lines[nonblank[k]]) & PROSE:
            if nxt is not None and nxt - k <= START_PAIR:
                return nxt
            nxt = k
    return None


def runs_above(nonblank: Sequence[int], lines: Sequence[str | None]) -> list[int]:
    """Lines in runs of RUN_MIN or more headline-shaped lines above the article's start (the document's first
    KEEP_FIRST lines and the KEEP_ABOVE lines above the start excepted): HEU011."""
    start = article_start(nonblank, lines)
    if start is None or start - KEEP_ABOVE - KEEP_FIRST < RUN_MIN:
        return []
    return _runs(nonblank[KEEP_FIRST : start - KEEP_ABOVE], lines, RUN_MIN)


def runs_below(nonblank: Sequence[int], lines: Sequence[str | None]) -> list[int]:
    """Lines in runs of RUN_BELOW_MIN or more headline-shaped lines after the article's end: HEU012."""
    end = article_end(nonblank, lines)
    if end is None or len(nonblank) - end - 1 < RUN_BELOW_MIN:
        return []
    return _runs(nonblank[end + 1 :], lines, RUN_BELOW_MIN)


def _runs(positions: Sequence[int], lines: Sequence[str | None], least: int) -> list[int]:
    """Lines in runs of `least` or more headline-shaped lines, at most DIGIT_SHARE of them with a digit."""
    out: list[int] = []
    run: list[int] = []
    digits = 0
    for i in (*positions, -1):
        bits = _shape(lines[i]) if i >= 0 else 0
        if bits & HEADLINE:
            run.append(i)
            digits += bool(bits & DIGITS)
            continue
        if len(run) >= least and digits <= DIGIT_SHARE * len(run):
            out += run
        run = []
        digits = 0
    return out


def _chosen_runs() -> tuple[
    Callable[[Sequence[int], Sequence[str | None]], list[int]],
    Callable[[Sequence[int], Sequence[str | None]], list[int]],
]:
    """The native kernel's `runs_above` and `runs_below` (cleaner.native, given this module's constants) when it is
    built, else this module's: the same lines, each line's shape read in place (the twins' cached `_shape` call per
    line, over the page from its top and from its bottom, was a twentieth of `regions.decide`'s time on tf)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return runs_above, runs_below
    native.configure_stories(
        "".join(sorted(START_END)),
        START_WORDS,
        START_PAIR,
        PARAGRAPH_WORDS,
        KEEP_ABOVE,
        KEEP_FIRST,
        HEAD_MIN_WORDS,
        HEAD_MAX_WORDS,
        "".join(sorted(HEAD_NO_END)),
        CLOSERS,
        LIST_MARKS,
        RUN_MIN,
        RUN_BELOW_MIN,
        DIGIT_SHARE,
    )
    return native.runs_above, native.runs_below


# HEU011's and HEU012's lines (`runs_above`, `runs_below`), or their native twins.
above, below = _chosen_runs()
