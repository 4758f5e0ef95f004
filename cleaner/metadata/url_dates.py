"""Dates in a URL's path (`/2017/03/31/`, `/20170331/`, `/2017/03/`): year evidence and a last fallback.

Many CMSs put the publication day in the article's path. It is evidence for inferring the year of
"16 Jan" in the text, and when the text prints no date at all it is the best guess at datePublished,
marked `source: "url"` so a reader can tell it from a printed one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from cleaner.model import DateValue
from cleaner.rules.patterns import compiled
from cleaner.sites import NO_URL_PARTS as _NO_PARTS
from cleaner.sites import split_url

# Years a news URL plausibly carries; 1990 is before the first news sites, so a product number
# like /1234/05/ does not read as a year.
MIN_YEAR: Final = 1990
MAX_YEAR: Final = 2099

# Year/month/day as separate segments (or one segment with dashes), then year+month+day as one
# 8-digit segment, then year/month. Each must be bounded by a slash, a dash or the path's end.
_YMD = compiled(r"(?<![\d])(?P<y>(?:19|20)\d\d)[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?=[/_.-]|$)")
_COMPACT = compiled(r"(?<=[/_-])(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?=[/_.-]|$)")
_YM = compiled(r"(?<=/)(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)(?=/)")


@dataclass(frozen=True, slots=True)
class UrlDate:
    """A date read from a URL; `day` is None when the path only names year and month."""

    year: int
    month: int
    day: int | None
    raw: str

    def first_day(self) -> dt.date:
        """The date itself, or the month's first day, for year evidence."""
        return dt.date(self.year, self.month, self.day or 1)


def _ok(y: int, m: int, d: int | None) -> bool:
    if not MIN_YEAR <= y <= MAX_YEAR or not 1 <= m <= 12:
        return False
    if d is None:
        return True
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def dates_from_url(url: str | None) -> UrlDate | None:
    """The most precise date in the URL's path, or None."""
    if not url:
        return None
    path = (split_url(url) or _NO_PARTS).path
    for pat in (_YMD, _COMPACT):
        for m in pat.finditer(path):
            y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
            if _ok(y, mo, d):
                return UrlDate(y, mo, d, m.group(0))
    for m in _YM.finditer(path):
        y, mo = int(m["y"]), int(m["m"])
        if _ok(y, mo, None):
            return UrlDate(y, mo, None, m.group(0))
    return None


def url_date_value(url: str | None) -> DateValue | None:
    """The URL's full date as a datePublished fallback; a year-month path gives no day, so nothing."""
    found = dates_from_url(url)
    if found is None or found.day is None:
        return None
    return DateValue(found.first_day().isoformat(), found.raw, source="url")
