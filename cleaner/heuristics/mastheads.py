"""Other stories' headlines above the article: a run of headline-shaped lines before its first paragraphs.

Renderings of a page's <p>/<h> text, and page dumps with too little menu chrome for the top cut (HEU003), keep a
"Top stories" or "More from this section" list above the article: many one-line headlines in a row, then the
article's own headline, byline and prose. The article's start is where two paragraphs of prose stand close together
(a one-line promo sentence such as "Chat with us in Facebook Messenger." is not an article start); the few lines just
above it (its headline, byline, date) are never taken.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.heuristics.features import DIGIT, LIST_MARKS

# A line that starts the article's prose ends like a sentence and has at least this many words; ...
START_WORDS = 12
START_END = frozenset(".!?…\"'”’»)")
# ...and another such line follows within this many non-blank lines (a lone promo sentence above a headline
# list is not the article: on sh, CNN's "Chat with us in Facebook Messenger." stood above its teaser list), ...
START_PAIR = 3
# ...or it has this many words: a paragraph that long alone is the article's start (a tf rap article's intro
# paragraph stood alone above quoted lyrics, which are headline-shaped lines; the promo sentence had 16 words).
PARAGRAPH_WORDS = 25
# Non-blank lines just above the article's start that stay: headline, byline, date (regions.TOP_KEEP).
KEEP_ABOVE = 3
# A headline-shaped line: this many words at least and at most (a 2-word line is a section label, over 20 words
# a lead paragraph), no sentence or clause end, no lowercase start, no list mark.
HEAD_MIN_WORDS = 3
HEAD_MAX_WORDS = 20
HEAD_NO_END = frozenset(".!?…:;,")
# This many headline lines in a row make a list of other stories (regions.EDGE_RUN). On sh/tf, every text
# rendering, runs of 4 (and of 6) such lines above the article's start held no line with gold text (no tf
# must-keep snippet, no sh line with half its n-grams in the gold): 226 sh lines were boilerplate.
RUN_MIN = 4
# ...of which at most this share carry a digit: a results table, a timetable or a spec list above an article's
# text has numbers on most lines; headlines rarely ("US blacklists 28 Chinese organizations").
DIGIT_SHARE = 0.2


def _words(s: str) -> int:
    return s.count(" ") + 1


def _starts_prose(s: str) -> bool:
    return s[-1:] in START_END and _words(s) >= START_WORDS


def _headline(s: str) -> bool:
    return (
        bool(s)
        and HEAD_MIN_WORDS <= _words(s) <= HEAD_MAX_WORDS
        and s[-1] not in HEAD_NO_END
        and not s[0].islower()
        and s[:2] not in LIST_MARKS
    )


def article_start(nonblank: Sequence[int], lines: Sequence[str | None]) -> int | None:
    """Position (in `nonblank`) of the first prose line of PARAGRAPH_WORDS or with another within START_PAIR
    lines, or None."""
    prev: int | None = None
    for k, i in enumerate(nonblank):
        s = (lines[i] or "").strip()
        if _starts_prose(s):
            if (prev is not None and k - prev <= START_PAIR) or _words(s) >= PARAGRAPH_WORDS:
                return prev if prev is not None and k - prev <= START_PAIR else k
            prev = k
    return None


def headline_runs(nonblank: Sequence[int], lines: Sequence[str | None]) -> list[int]:
    """Lines in runs of RUN_MIN or more headline-shaped lines above the article's start (its last KEEP_ABOVE
    lines excepted)."""
    start = article_start(nonblank, lines)
    if start is None or start - KEEP_ABOVE < RUN_MIN:
        return []
    out: list[int] = []
    run: list[int] = []
    for i in (*nonblank[: start - KEEP_ABOVE], -1):
        s = (lines[i] or "").strip() if i >= 0 else ""
        if i >= 0 and _headline(s):
            run.append(i)
            continue
        if len(run) >= RUN_MIN and sum(bool(DIGIT.search(lines[j] or "")) for j in run) <= DIGIT_SHARE * len(run):
            out += run
        run = []
    return out
