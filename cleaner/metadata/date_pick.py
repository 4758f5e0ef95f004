"""Pick the publication date among the dates a text prints, or abstain.

A full-page dump prints many dates: the site header's "today", teaser lists, comment stamps,
event listings, a footer. A wrong date is worse than none (issue 14: precision first), so the
picker trusts, in order: a labelled date ("Veröffentlicht am …"), a date on a byline line
("By Jane Doe 04 November 2020"), a dateline of the URL's day, the URL's day, and only then an
unlabelled dateline, and only when the page's datelines agree or one of them stands at the top of
the article (the first line the cleaner kept). Dates that contradict the page are refused: a day
outside the URL's year and month or more than a day from the URL's day, a day after the page's own
"updated" date, list items (a dateline with another day on a neighbouring line is a row of a
teaser list, a comment thread or a programme), bylines repeated down a teaser list beyond the one
beside the article, and, when the datelines disagree, a day printed on many of them (the header's
"today" over every teaser).

Measured on dev sh+tf, article and fulltext renderings, labels from the page's own markup
(benchmarks/metadata.py): see BENCHMARKS.md for the figures and the cross-validated settings.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from cleaner.metadata.metalines import filled_positions
from cleaner.metadata.url_dates import UrlDate, dates_from_url, url_date_value
from cleaner.model import DateValue

if TYPE_CHECKING:
    from cleaner.metadata.dates import DateCandidate

# A dateline with a different day this many non-empty lines above or below is a list row. One
# line (the next teaser's date) was the best of 1-3 on dev: 2 and 3 also refused article
# datelines that sit beside a "related" teaser.
LIST_GAP_LINES: Final = 1
# When the datelines disagree, the one nearest the article's first kept line wins if it is at most
# this many non-empty lines above or below it; else the picker abstains. benchmarks/metadata.py
# cross-validates it by domain over 0-40 with REPEATED_DAY_LINES, precision first: the folds chose
# 3 or 10 (10 keeps agreement 0.83 fitted at precision 0.96; 3 gives 0.81 at the same precision).
NEAR_ARTICLE_BEFORE: Final = 10
NEAR_ARTICLE_AFTER: Final = 10
# A day printed on this many datelines or more is a listing's (the site header's "today" repeated
# over teaser rows, a forum's stamps), not one article's: when the datelines disagree it is
# refused. An article prints its own day once or twice (top and foot). Of 3, 4, 5, 8 and never on
# dev sh+tf, 5 was the most precise (0.955 against 0.951 never, agreement 0.830 against 0.842);
# the CV folds chose 3, 5, 5, 5 and never.
REPEATED_DAY_LINES: Final = 5
# Byline dates ("By Jane Doe 12 May 2022, 4:18pm") on this many lines or more are a teaser list's
# rows: only one within the near-article window is the article's (3 and 4 gave the same on dev;
# 3 is the smallest count that is a list and not a byline printed at top and foot).
BYLINE_LIST_LINES: Final = 3
# A URL that names the day ("/2015/12/12/") refuses a printed date more than this many days away:
# a day either side is the time zone between the CMS that wrote the path and the printed stamp.
URL_DAY_SLACK_DAYS: Final = 1


def _fits_url(value: DateValue, in_url: UrlDate | None) -> bool:
    """A path that names a month ("/2019/10/slug") rules out days of other months; one that names a
    day ("/2015/12/12/") rules out days further than URL_DAY_SLACK_DAYS from it."""
    if in_url is None:
        return True
    day = dt.date.fromisoformat(value.day)
    if in_url.day is None:
        return (day.year, day.month) == (in_url.year, in_url.month)
    return abs((day - in_url.first_day()).days) <= URL_DAY_SLACK_DAYS


def pick_published(
    candidates: Sequence[DateCandidate],
    *,
    lines: Sequence[str | None] = (),
    kept: Sequence[str | None] | None = None,
    url: str | None = None,
    before: int = NEAR_ARTICLE_BEFORE,
    after: int = NEAR_ARTICLE_AFTER,
    repeated: int = REPEATED_DAY_LINES,
) -> DateValue | None:
    """The publication date by the order in this module's docstring, or None when the page is unclear.

    `lines` are the text's lines the candidates index; `kept` is the cleaner's view of them (None
    where a line was removed), which says where the article starts.
    """
    in_url = dates_from_url(url)
    url_day = url_date_value(url)
    usable = [c for c in candidates if _fits_url(c.value, in_url)]
    view = kept if kept is not None else lines
    first = _first_filled(view)
    if lines:
        # Line index -> index among the non-empty lines, so blank lines do not count as distance: for the lines of the
        # candidates and the article's start only (a dict of a page dump's thousands of lines was 0.4% of tf's clean).
        pos = filled_positions(lines, [*(c.line for c in candidates), *(() if first is None else (first,))])
    else:
        pos = {c.line: c.line for c in candidates}
    start = pos.get(first) if first is not None else None
    published = next((c.value for c in usable if c.kind == "published"), None)
    if published is not None:
        return published
    bylines = [c for c in usable if c.kind == "byline"]
    if len({c.line for c in bylines}) >= BYLINE_LIST_LINES:
        # A teaser list's rows: only the byline beside the article is the article's.
        bylines = [c for c in bylines if start is not None and -before <= pos[c.line] - start <= after]
        usable = [c for c in usable if c.kind != "byline"]
    if bylines:
        return _nearest(bylines, pos, start)
    modified = next((c.value for c in candidates if c.kind == "modified"), None)
    rows = _days_by_position(candidates, pos)
    datelines = [
        c
        for c in usable
        if c.kind is None
        and c.dateline
        and not _listed(c, rows, pos)
        and (modified is None or c.value.day <= modified.day)
    ]
    if url_day is not None:
        return next((c.value for c in datelines if c.value.day == url_day.day), url_day)
    if len({c.value.day for c in datelines}) > 1 and any(not c.value.year_inferred for c in datelines):
        # "am 22. Januar" in a title against a printed "21.01.2022": the year a page prints wins.
        datelines = [c for c in datelines if not c.value.year_inferred]
    if len({c.value.day for c in datelines}) > 1:
        # The header's "today" and a list's stamps repeat; the article's own day does not.
        repeats = Counter(c.value.day for c in datelines)
        datelines = [c for c in datelines if repeats[c.value.day] < repeated]
    if len({c.value.day for c in datelines}) <= 1:
        return datelines[0].value if datelines else None
    if start is None:
        return None
    near = [c for c in datelines if -before <= pos[c.line] - start <= after]
    return _nearest(near, pos, start) if near else None


def _nearest(candidates: Sequence[DateCandidate], pos: dict[int, int], start: int | None) -> DateValue:
    """The value of the first of `candidates` (at least one) nearest the article's start, or of the first when the start
    is unknown: a loop, not min() with a key lambda, whose environment the compiled build made on every call."""
    best = candidates[0]
    if start is None:
        return best.value
    gap = abs(pos[best.line] - start)
    for c in candidates[1:]:
        here = abs(pos[c.line] - start)
        if here < gap:
            best, gap = c, here
    return best.value


def _days_by_position(candidates: Sequence[DateCandidate], pos: dict[int, int]) -> dict[int, list[tuple[int, str]]]:
    """Non-empty position -> (line, day) of the candidates there, so _listed looks at its neighbours
    only (comparing every dateline with every candidate was quadratic in a page dump's dates)."""
    out: dict[int, list[tuple[int, str]]] = {}
    for d in candidates:
        if d.line in pos:
            out.setdefault(pos[d.line], []).append((d.line, d.value.day))
    return out


def _listed(c: DateCandidate, rows: dict[int, list[tuple[int, str]]], pos: dict[int, int]) -> bool:
    """A row of a list: another day on a line within LIST_GAP_LINES non-empty lines."""
    here = pos.get(c.line)
    if here is None:
        return False
    return any(
        line != c.line and day != c.value.day
        for at in range(here - LIST_GAP_LINES, here + LIST_GAP_LINES + 1)
        for line, day in rows.get(at, ())
    )


def _first_filled(view: Sequence[str | None]) -> int | None:
    """The index of the first line the cleaner kept (its non-empty position is where the article starts)."""
    return next((i for i, line in enumerate(view) if line and not line.isspace()), None)
