"""The learned line stage: features, the shipped model, and the stage that applies it (see stage.py).

This module holds what a run needs before it knows whether a document is worth the stage's time: the ids,
and the pure-Python test `worth_reading`. numpy and the model load only on the first document that passes
it (`Shipped`), so a start-up on a short or extracted-article text never pays for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, cast

from cleaner.heuristics.features import SENTENCE_END as _HEURISTIC_ENDS
from cleaner.native import kernel

if TYPE_CHECKING:
    from cleaner.learned.stage import LearnedStage

# [speed glue] The stage's id and category live here, so the stage registry can name the stage
# without importing numpy and the model (stage.py), which a run with the stage off never needs.
RULE_ID = "LRN001"
CATEGORY = "learned"
# A "short" line: menu items, teasers and bylines are nearly all this short (jusText's length_low is 70
# characters; one text line is often one sentence).
SHORT_CHARS = 70
# What ends a sentence: the heuristics' set plus the closing quote of German typography („…“), so that a
# quoted sentence counts as one (the stage took a 20-word German quote for chrome without it).
SENTENCE_END = _HEURISTIC_ENDS | {"“"}
# Documents with fewer non-blank lines than this are left alone: the +-3-line context features have
# nothing to read, and a second cleaning of a short output would judge its lines on a different context.
MIN_LINES = 8
# ...and so are documents with fewer short fragments (under SHORT_CHARS characters, no sentence end) than
# this: the stage removes only runs of such lines, and a page with fewer is an extracted article, not a page
# dump. On dev (sh+tf, the shipped model, the views the stage is handed) such pages held 4 of 355 of its
# article.txt removals, 12 of 173 on paragraphs.txt, 6 of 658 on fulltext.txt, 0 of 9 on trafilatura.txt, and
# are 75% of the trafilatura.txt pages: reading them cost the stage most of its time there. 10 rather than 8
# (the heuristics' AUTO_CHROME_LINES) is a measured trade for the stage's speed rule (issue 11: with/without >= 0.8):
# the stage reads 1341 rather than 1617 of the 1645 recorded dev views, removes 2315 rather than 2440 lines, and
# domain-split CV moves by at most 0.001 on sh/tf (fulltext sh 0.884 -> 0.883, article sh 0.890 -> 0.889) and
# 0.002 on unseen sites, with the same tf must-keep losses on every rendering (learned_lab.py --min-short 8,10,12;
# BENCH_learned.md); 12 cost 0.002 on article sh and tf.
MIN_SHORT_LINES = 10


def _worth_reading(kept: Iterable[str | None], margin: int = 0) -> bool:
    """Whether the document is long enough and holds enough short fragments for the stage to read it; with `margin`,
    whether it would still be after that many of its lines were gone (cleaner.metadata.top_block's gate).

    Read line by line until both counts are reached (a page dump reaches them within its first lines); `kept` may be
    a lazy iterable, read no further than that (the heuristics stage's `_read_after`)."""
    least_lines, least_short = MIN_LINES - margin, MIN_SHORT_LINES - margin
    lines = short = 0
    for s in kept:
        t = s.strip() if s else s
        if t:
            lines += 1
            short += len(t) < SHORT_CHARS and t[-1] not in SENTENCE_END
            if lines >= least_lines and short >= least_short:
                return True
    return False


class _Gate(Protocol):
    """`_worth_reading`'s signature, which its native twin shares."""

    def __call__(self, kept: Iterable[str | None], margin: int = 0) -> bool: ...


def _chosen_gate() -> _Gate:
    """The native kernel's `worth_reading` (cleaner.native), given this module's constants, when it is built; else
    `_worth_reading`. The gate is asked ~10 times per page and strips every line of a page it turns down: the kernel
    finds each line's ends where it stands, with no stripped copy (2% of a clean at first sight was this loop)."""
    native = kernel("cleaner.learned._reading")
    if native is None:
        return _worth_reading
    native.configure(MIN_LINES, MIN_SHORT_LINES, SHORT_CHARS, SENTENCE_END)
    return cast(_Gate, native.worth_reading)


# Whether the document is worth the stage's time (`_worth_reading`, or its native twin).
worth_reading = _chosen_gate()


class Shipped:
    """The stage with the shipped model, built on the first document worth reading (numpy loads then)."""

    def __init__(self) -> None:
        self._stage: LearnedStage | None = None

    def __call__(self, kept: Sequence[str | None], stop: frozenset[str] | None = None) -> tuple[list[Any], list[str]]:
        """What LearnedStage returns; nothing, without loading the model, for a document not worth reading."""
        if not worth_reading(kept):
            return [], []
        if self._stage is None:
            from cleaner.learned.stage import LearnedStage

            self._stage = LearnedStage()
        return self._stage.read(kept, stop)
