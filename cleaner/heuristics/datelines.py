"""Another story's dateline after the article's end: from there on, the text is other stories.

A page's text often runs on past its article into the next items of a stream (a blog's front page, a news river, a
forum's next posts, "more from this author"). Each item opens with a line of its own: a dateline or a byline with a
date ("23.09.2021 Ralf Balke", "Ciclismo | 13 abril de 2022", "Julia Stephan 18.10.2019, 20:00 Uhr") over its
paragraphs. The article's own date stands above its text, not after it. So a short line with a date, after the
article's last cohesive paragraph (`cohesion.core_end`) and with prose under it, starts text that is not the
article's: the cut takes it and everything after it. This reads no wording but the rule sets' month names.

It runs only on text the learned stage does not read (`cleaner.learned.worth_reading`, asked as for HEU013, of the page
the other cuts leave: `regions.decide`). On every page, the stage-off cleaner gained tf F1 +0.0016 / +0.0014 / +0.0014 /
0 (fulltext / article / paragraphs / trafilatura) with must-keep lost unchanged, but the cut changed what the stage is
trained on: under domain-split CV the shipped threshold fell 0.76 -> 0.73, the fitted model lost 30 / 63 tf must-keep
snippets on fulltext / article (28 / 61 before), and sites fulltext fell 0.843 -> 0.836. Where the stage does not read,
the fold and shipped thresholds are main's, and under CV tf paragraphs rises 0.833 -> 0.834, sites paragraphs 0.843 ->
0.847, dn fulltext and article +0.001 / +0.002, with tf lost 28 / 61 / 198 / 67 (BENCHMARKS.md, twelfth round,
`tailprose`). sh has no such line after its core. Cutting the text a second time took nothing more on any dev page of
the four sources. A readers' thread that another cut took (HEU007, HEU008) still counts as prose under the dateline: a
blog post's footer over its comments goes with them (sites paragraphs, on the pages the comment header's reach opened,
+0.0011; BENCHMARKS.md, thirteenth round, `paras`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Final

from cleaner.heuristics import cohesion, comments
from cleaner.heuristics.features import DIGIT
from cleaner.heuristics.story_lists import starts_prose
from cleaner.memo_budget import HEURISTIC_LINES

# A dateline has at most this many words: a byline, a section label and a date fit ("Autor: Britta Leuchner , Datum:
# 25.Mai.16, Anzahl der Kommentare: 4" has 12); a sentence that mentions a date is longer or ends like one (prose,
# `starts_prose`, never starts the cut).
DATELINE_WORDS: Final = 12
# The date is a numeric date, or a month name with a number this close to it ("13 abril de 2022", "27. Mai 2020",
# "Januar/Februar 2022"): a month name alone is often a word of another language ("Mai", "Sie" stand in the month
# tables). Read on tf: without the number, lines such as "Steuern Sie Ihren Kundendienst per App" opened a cut.
DATE_NUMBER_BEFORE: Final = 4
DATE_NUMBER_AFTER: Final = 6
# A line opened by a dash is a quote's or an embedded post's attribution inside the article ("— Dave Schukin
# (@schukin) July 3, 2019" under a tweet): without this guard, the cut lost 2 tf must-keep snippets on fulltext and
# article, 1 on paragraphs and 2 on trafilatura, and sh trafilatura F1 -0.0009.
ATTRIBUTION_MARKS: Final = frozenset("—–―-")
# The cut needs this many prose paragraphs under the dateline: a date line alone at the end (an update note, a
# copyright year) is left to the other cuts. 2 found fewer on tf paragraphs (+0.0003 against +0.0014), none lost.
PROSE_AFTER: Final = 1


# An author or publisher box's header: "About <name>" alone on a short line ("Über Moritz Bachmann", "About Hacker
# Monthly"), over the box's prose. On the stage-off output of dev (every source and text rendering), such a line after
# the cohesive core, on paragraph text, opened only boilerplate to the page's end: sh 16 lines, tf 1, dn 21, sites 171
# (0 with gold text); on page dumps dn and sites had 3 gold lines under it, so it runs on bare text only (regions.py).
# Dutch "Over" is left out: "Over the weekend …" opened a teaser.
ABOUT_HEADER: Final = re.compile(r"^(?:about|über|à propos de|acerca de|sobre|o autorze)\s+\S", re.IGNORECASE)
# The header has at most this many words and no sentence end: a sentence that starts "About …" is prose.
ABOUT_WORDS: Final = 6
# Pages whose core end `_core_end` remembers: a page's rounds and re-runs follow each other, so a few suffice.
CORE_CACHE: Final = 16


def about_box(nonblank: Sequence[int], lines: Sequence[str | None], stop: frozenset[str]) -> list[int]:
    """Lines from an "About <name>" header after the article's cohesive core, over a prose paragraph, to the end."""
    text = tuple([(lines[i] or "").strip() for i in nonblank])
    end = _core_end(text, stop)
    if end is None:
        return []
    for k in range(end + 1, len(text) - 1):
        s = text[k]
        # The end first: a paragraph, most of what follows an article, is not split into its words.
        if (
            s[-1:] not in ".!?"
            and len(s.split()) <= ABOUT_WORDS
            and ABOUT_HEADER.search(s)
            and starts_prose(text[k + 1])
        ):
            return list(nonblank[k:])
    return []


def after_article(
    nonblank: Sequence[int], lines: Sequence[str | None], stop: frozenset[str], thread: Sequence[int] = ()
) -> list[int]:
    """Lines from the first dateline after the article's cohesive core to the end, when prose follows it; else none.

    `thread` are the lines of a readers' thread another cut took: its prose under the dateline counts (a blog post's
    "By … | 10:58 AM ET, 09/16/2011" over its comments)."""
    text = tuple([(lines[i] or "").strip() for i in nonblank])
    end = _core_end(text, stop)
    if end is None:
        return []
    for k in range(end + 1, len(text)):
        if _dateline(text[k]):
            # Counted in loops, not `sum` over generators: the compiled build makes each generator an object per call.
            prose = 0
            for s in text[k + 1 :]:
                if starts_prose(s):
                    prose += 1
            at = nonblank[k]
            for i in thread:
                if i > at and starts_prose((lines[i] or "").strip()):
                    prose += 1
            return list(nonblank[k:]) if prose >= PROSE_AFTER else []
    return []


@functools.lru_cache(maxsize=CORE_CACHE)
def _core_end(text: tuple[str, ...], stop: frozenset[str]) -> int | None:
    """`cohesion.core_end`, remembered: HEU014 and HEU015 read the same lines where HEU014 cuts nothing (the about box
    is judged on the lines the other cuts leave), and the heuristics' rounds and the learned stage's re-runs read a
    page again."""
    return cohesion.core_end(text, stop)


# Distinct stripped lines whose dateline test is remembered: HEU014 tests every line below the core on each of a page's
# rounds and re-runs, with two patterns searched on each line that holds a digit (as comments.LINE_CACHE).
LINE_CACHE: Final = HEURISTIC_LINES


@functools.lru_cache(maxsize=LINE_CACHE)
def _dateline(s: str) -> bool:
    """A short line with a date that is not a sentence and not an attribution."""
    if s[:1] in ATTRIBUTION_MARKS or not DIGIT.search(s) or starts_prose(s) or len(s.split()) > DATELINE_WORDS:
        return False
    # Whether there is a date first (`comments._dated`, the same answer without the month alternation's search at every
    # position): most short lines with a digit hold none, and only a line with one is searched for where it stands.
    if not comments._dated(s):
        return False
    m = comments._date().search(s)
    if m is None:
        return False
    near = s[max(0, m.start() - DATE_NUMBER_BEFORE) : m.end() + DATE_NUMBER_AFTER]
    return DIGIT.search(near) is not None
