"""Per-line classes for the block classifier: jusText's good / near-good / short / bad, on lines.

jusText classifies DOM paragraphs by length, link density and stopword density. A text dump has
no links, so the link-density signal is replaced by what nav text looks like once the links are
gone: short lines that do not end like a sentence, and lines of items joined by separators.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import is_
from typing import Final, cast

from cleaner.casing import lower
from cleaner.native import kernel

# Line classes, as small ints so the run logic stays a tight loop. `Final`, as every constant here: the compiled
# modules that import them (regions, teasers, comments, ...) then read a C constant, not a module dict, per use.
BLANK: Final = 0
GOOD: Final = 1
NEAR: Final = 2
SHORT: Final = 3
ITEM: Final = 4
BAD: Final = 5
MENU: Final = 6
# Long lines before the stopword test settles them (with and without a sentence end).
LONG: Final = 7
LONG_ENDS: Final = 8
# Classes a navigation run is made of; NEAR (short sentences, quotes, captions) and GOOD break a run.
NAVLIKE: Final = frozenset((SHORT, ITEM, BAD, MENU))

# jusText's length_low is 70 characters; on the dev corpus nav items are nearly all below that,
# and so are the subheadings and datelines that are content (so shortness alone decides nothing).
SHORT_CHARS: Final = 70
# A line is a prose paragraph ("good") from this length when its stopword share is high enough;
# jusText uses 200 characters for DOM paragraphs, but one text line is often one sentence.
GOOD_CHARS: Final = 100
# jusText's stopwords_high (0.32) is set for whole paragraphs of one language. Stoplists differ in
# size, so the bar is relative to the document's own prose: on trafilatura.txt of the dev corpus the
# median share of lines >= 100 chars is 0.42-0.52 (de, en, es, fr, pl) and 5-10% of prose lines fall
# below half of it, while long link-text lines (lists of names, tags) sit below a third of it.
GOOD_STOP_FACTOR: Final = 0.5
BAD_STOP_FACTOR: Final = 0.3
# Below this median share the stoplist does not fit the text (misdetected language, scripts without
# spaces): sentence punctuation decides instead. Measured: the fitting languages all median >= 0.4.
MIN_PROSE_STOP: Final = 0.2
# Fewer long lines than this give no reliable median; jusText's fixed 0.32 is used then.
MIN_PROSE_LINES: Final = 3
# jusText's stopwords_high, used as the prose level when a document has too few long lines to measure.
DEFAULT_PROSE_STOP: Final = 0.32
# Items joined by these make one line out of a whole menu ("Home | News | Sport").
MENU_SEPARATOR_CHARS: Final = "|•·»›/"
_SEPARATOR: Final = re.compile(f"(?<= )[{MENU_SEPARATOR_CHARS}](?= )")
DIGIT: Final = re.compile(r"\d")
# A line this long or longer (weighted as SHORT_CHARS is) may be a menu line; shorter ones never are.
MENU_MIN_CHARS: Final = 12
# A menu line has at least this many separators and items this short on average (words per item);
# prose uses " / " and " | " too, but between longer stretches.
MENU_SEPARATORS: Final = 2
MENU_ITEM_WORDS: Final = 3.5
# A menu item ("Home", "Real Estate", "Contact us") has at most this many words.
ITEM_WORDS: Final = 4
# Lines starting with these are list items as extractors write them: article lists, not menu items.
LIST_MARKS: Final = frozenset(("- ", "* ", "• "))
SENTENCE_END: Final = frozenset(".!?…:;\"'”’»)。！？」）』】")
# A line with more characters per space-separated word than this is in a script written without
# spaces (CJK); its length counts this many times more than Latin text of the same characters.
SPACELESS_CHARS_PER_WORD: Final = 12
SPACELESS_WEIGHT: Final = 3


@dataclass(slots=True)
class _Memo:
    """Shape classes and stopword shares of the lines of the document being classified.

    Both depend on a line's text alone, and the heuristics stage classifies the same document again in
    every round (then the learned stage once more), each time a subset of its lines: a call whose lines
    were all seen is the same document, and reads them here; any other starts a new memo. Nothing is
    carried from one document to the next.
    """

    lines: set[str | None]
    # Line text -> class. No None key (a removed line is BLANK without a look-up): a dict whose keys are all str is
    # searched by CPython's str-only path, faster than the generic one a None key switches it to.
    shapes: dict[str, int]
    stop: frozenset[str] | None = None  # the stoplist `shares` were counted with
    # (weighted length, stopword share) per line text
    shares: dict[str, tuple[int, float]] = field(default_factory=dict)


_DOC = _Memo(set(), {})
# The last tuple of lines `_memo_for` was asked about: all of its lines are in `_DOC.lines` (only `_memo_for` replaces
# `_DOC`, and it sets this after). A tuple of str never changes, so the same tuple asked again (`refine` after
# `classify`, on one view) needs no second pass over its lines.
_CHECKED: tuple[str | None, ...] = ()


def _memo_for(lines: Sequence[str | None]) -> _Memo:
    global _DOC, _CHECKED
    if lines is _CHECKED:
        return _DOC
    if not _DOC.lines.issuperset(lines):
        _DOC = _Memo(set(lines), {"": BLANK})
    _CHECKED = lines if type(lines) is tuple else ()
    return _DOC


def classify(lines: Sequence[str | None]) -> list[int]:
    """One class per line by its shape; removed lines (None) count as blank so that runs join across them.

    Long lines stay LONG / LONG_ENDS until `refine` settles them with the stopword test, so that auto
    mode can reject an extracted article on shape alone before paying for the language guess.
    """
    shapes = _memo_for(lines).shapes
    if _CLASSES is not None:
        return _CLASSES(lines, shapes)
    return _classes_py(lines, shapes)


def _classes_py(lines: Sequence[str | None], shapes: dict[str, int]) -> list[int]:
    """`classify`'s loop (the kernel's `classes` is its twin): each line's class from `shapes`, the document's memo,
    a removed line (None) BLANK, and a line not in it classed by its shape and added."""
    out: list[int | None] = list(map(shapes.get, lines))  # type: ignore[arg-type]  # None is no key: it gets None
    if None in out:
        for i in compress(range(len(out)), map(is_, out, repeat(None))):
            raw = lines[i]
            if raw is None:
                out[i] = BLANK
            else:
                out[i] = shapes[raw] = _shape_of(raw)
    return out  # type: ignore[return-value]  # every None was replaced


def shape(raw: str) -> int:
    """The class of one line (not None) by its shape alone."""
    s = raw.strip()
    if not s:
        return BLANK
    n = len(s)
    nwords = s.count(" ") + 1
    spaceless = n > SPACELESS_CHARS_PER_WORD * nwords
    if spaceless:
        n *= SPACELESS_WEIGHT
    if s[0] == "|" and s[-1] == "|":
        return NEAR  # a table row (markdown, as trafilatura writes tables) is data, not a menu
    if n >= MENU_MIN_CHARS and ("|" in s or "/" in s or "•" in s or "·" in s or "»" in s or "›" in s):
        seps = len(_SEPARATOR.findall(s))
        if seps >= MENU_SEPARATORS and nwords <= MENU_ITEM_WORDS * (seps + 1):
            return MENU
    ends = s[-1] in SENTENCE_END
    if n >= SHORT_CHARS:
        return LONG_ENDS if ends else LONG
    if ends:
        return NEAR
    # A line of a script without spaces has few "words" whatever its length: never a menu item by count
    # (a Chinese sentence with a byline was taken for a nav run on tf, fulltext and article).
    if (
        nwords <= ITEM_WORDS
        and not spaceless
        and not s[0].islower()
        and s[:2] not in LIST_MARKS
        and not DIGIT.search(s)
    ):
        return ITEM
    return SHORT


def _chosen_shape() -> Callable[[str], int]:
    """The native kernel's `shape` (cleaner.native), given this module's constants, when it is built; else `shape`.
    The same class for every line, from one pass over its code points where `shape` strips, counts, tests six
    separators and searches for a digit, each a pass of its own."""
    native = kernel("cleaner.heuristics._firstsight")
    if native is None:
        return shape
    native.configure_shape(
        (BLANK, NEAR, MENU, LONG, LONG_ENDS, ITEM, SHORT),
        SPACELESS_CHARS_PER_WORD,
        SPACELESS_WEIGHT,
        SHORT_CHARS,
        MENU_MIN_CHARS,
        MENU_SEPARATORS,
        MENU_ITEM_WORDS,
        ITEM_WORDS,
        SENTENCE_END,
        MENU_SEPARATOR_CHARS,
        LIST_MARKS,
    )
    return cast(Callable[[str], int], native.shape)


# The class of one line by its shape: `shape`, or its native twin.
_shape_of = _chosen_shape()


def _chosen_classes() -> Callable[[Sequence[str | None], dict[str, int]], list[int]] | None:
    """The native kernel's `classes` (cleaner.native), configured by `_chosen_shape`, when it is built: `classify`'s
    loop in one C pass, where `_classes_py` mapped the memo over the lines, searched the result for a line not in it,
    and called `shape` for each such line (1.9% of a first-sight clean of tf, half of it that glue)."""
    native = kernel("cleaner.heuristics._firstsight")
    if native is None:
        return None
    return cast(Callable[[Sequence[str | None], dict[str, int]], list[int]], native.classes)


# `classify`'s loop: the kernel's `classes`, or None (the twin `_classes_py` runs).
_CLASSES = _chosen_classes()


def stop_shares(stop: frozenset[str]) -> Mapping[str, tuple[int, float]]:
    """[glue, helper `learned`] `refine`'s (weighted length, stopword share) by line text, counted with `stop`
    (empty for another list), for the learned stage to take rather than count again. The share is counted where
    the length is GOOD_CHARS or more or the line does not end like a sentence; elsewhere it is 0.0, not counted."""
    return _DOC.shares if _DOC.stop is stop else {}


def refine(cls: list[int], lines: Sequence[str | None], stop: frozenset[str]) -> None:
    """Settle long lines as good, near-good or bad by their stopword share against the document's own prose.

    By the kernel's `refine` when it is built (`_REFINE`), else by `_refine_py`, with the document's memo of shares
    either way.
    """
    doc = _memo_for(lines)
    if doc.stop is not stop:
        doc.shares = {}
        doc.stop = stop
    if _REFINE is not None and type(cls) is list:
        _REFINE(cls, lines, stop, doc.shares)
    else:
        _refine_py(cls, lines, stop, doc.shares)


def _refine_py(
    cls: list[int], lines: Sequence[str | None], stop: frozenset[str], memo: dict[str, tuple[int, float]]
) -> None:
    """`refine`'s twin, with `memo` the document's (weighted length, stopword share) by line text."""
    # (line, weighted length, ends like a sentence, stopword share). A short line that ends like a
    # sentence is near-good whatever its share (it can be neither bad nor good), so its share, the
    # costly part (lowercasing and splitting the line), is not computed.
    longs: list[tuple[int, int, bool, float]] = []
    for i in compress(range(len(cls)), map(_IS_LONG.__contains__, cls)):
        raw = lines[i] or ""
        ends = cls[i] == LONG_ENDS
        known = memo.get(raw)
        if known is None:
            s = raw.strip()
            size = _weighted_len(s)
            share = _share_of(s, stop) if stop and (size >= GOOD_CHARS or not ends) else 0.0
            known = memo[raw] = (size, share)
        longs.append((i, known[0], ends, known[1]))
    prose_shares = [share for _i, size, _e, share in longs if size >= GOOD_CHARS] if stop else []
    prose = _median(prose_shares) if len(prose_shares) >= MIN_PROSE_LINES else DEFAULT_PROSE_STOP
    use_stop = bool(stop) and prose >= MIN_PROSE_STOP
    good_bar, bad_bar = prose * GOOD_STOP_FACTOR, prose * BAD_STOP_FACTOR
    for i, size, ends, share in longs:
        if not use_stop:
            cls[i] = GOOD if (ends and size >= GOOD_CHARS) else NEAR
        elif share < bad_bar and not ends:
            cls[i] = BAD
        elif size >= GOOD_CHARS and share >= good_bar:
            cls[i] = GOOD
        else:
            cls[i] = NEAR


_IS_LONG: Final = frozenset((LONG, LONG_ENDS))


def _stop_share(s: str, stop: frozenset[str]) -> float:
    """The share of `s`'s words (lower-cased, split on whitespace) in `stop`, 0.0 without words."""
    line_words = lower(s).split()
    return sum(map(stop.__contains__, line_words)) / len(line_words) if line_words else 0.0


def _chosen_share() -> Callable[[str, frozenset[str]], float]:
    """The native kernel's `stop_share` (cleaner.native) when it is built, else `_stop_share`: the same share, with no
    lowered copy of the line and no list of its words (`refine` counts it for every long line the language guess did
    not split)."""
    native = kernel("cleaner.heuristics._firstsight")
    return _stop_share if native is None else cast(Callable[[str, frozenset[str]], float], native.stop_share)


# A line's stopword share: `_stop_share`, or its native twin.
_share_of = _chosen_share()


def _chosen_refine() -> (
    Callable[[list[int], Sequence[str | None], frozenset[str], dict[str, tuple[int, float]]], None] | None
):
    """The native kernel's `refine` (cleaner.native), given this module's constants, when it is built: the long lines
    settled in one C pass, where `_refine_py` made a tuple per long line and read it back twice (2.4% of a first-sight
    clean of tf, half of it the loop's own)."""
    native = kernel("cleaner.heuristics._firstsight")
    if native is None:
        return None
    native.configure_refine(
        (LONG, LONG_ENDS, GOOD, NEAR, BAD),
        GOOD_CHARS,
        SPACELESS_CHARS_PER_WORD,
        SPACELESS_WEIGHT,
        GOOD_STOP_FACTOR,
        BAD_STOP_FACTOR,
        MIN_PROSE_STOP,
        MIN_PROSE_LINES,
        DEFAULT_PROSE_STOP,
    )
    return native.refine


# `refine`'s kernel, or None (the twin `_refine_py` runs).
_REFINE = _chosen_refine()


def _median(values: list[float]) -> float:
    """`statistics.median`, as Python 3.11's computes it (sorted, the middle value or the mean of the two middle
    ones): importing `statistics` pulled in `fractions` and `decimal`, ~8 ms of every process, for this one call."""
    ordered = sorted(values)
    n = len(ordered)
    if n % 2:
        return ordered[n // 2]
    return (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def _weighted_len(s: str) -> int:
    """Characters, times SPACELESS_WEIGHT for scripts written without spaces."""
    n = len(s)
    return n * SPACELESS_WEIGHT if n > SPACELESS_CHARS_PER_WORD * (s.count(" ") + 1) else n
