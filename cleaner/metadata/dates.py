"""Turn the date strings news templates print ("LAST UPDATE | 16 Jan", "Nov. 19, 2019 8:03 am ET",
"Updated 2 hours ago") into ISO 8601, inferring a missing year from the text around them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import regex

from cleaner.model import DateValue

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_SEP = r"[\s,./-]*"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|urday|sday)?\.?,?\s+)?"

# Each form is tried in order; the year is optional so "16 Jan" and "Jan 16" parse too.
_FORMS = [
    regex.compile(r"(?<![\d])(?P<year>(?:19|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?![\d])"),
    regex.compile(rf"(?i)(?<![\w]){_WEEKDAY}{_DAY}{_SEP}(?:of\s+)?{_MON}(?:{_SEP}{_YEAR})?(?![\w])"),
    regex.compile(rf"(?i)(?<![\w]){_WEEKDAY}{_MON}{_SEP}{_DAY}(?:{_SEP}{_YEAR})?(?![\w])"),
    regex.compile(r"(?<![\d])(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.](?P<year>(?:19|20)\d\d|\d\d)(?![\d])"),
]
_RELATIVE = regex.compile(
    r"(?i)(?P<n>\d+|an?|one)\s*(?P<unit>min(?:ute)?s?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?)\s+ago"
)
_DAYWORD = regex.compile(r"(?i)\b(?P<word>today|yesterday)\b")
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_YEAR_ANYWHERE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# A full date spells its year within this many characters of its day and month
# ("Wednesday, 14th of September 2026" is 33); only windows around years are parsed.
DATE_WINDOW_CHARS = 40


def full_dates(text: str) -> list[dt.date]:
    """Every date with an explicit year in `text`, slugs included, as year-inference evidence."""
    found: set[dt.date] = set()
    for y in _YEAR_ANYWHERE.finditer(text):
        start = max(0, y.start() - DATE_WINDOW_CHARS)
        window = text[start : y.end() + 12].replace("-", " ")
        for form in _FORMS[:3]:
            for m in form.finditer(window, timeout=1.0):
                g = m.groupdict()
                if not g.get("year"):
                    continue
                month = MONTHS[g["mon"].lower()] if g.get("mon") else int(g["month"])
                d = _valid(int(g["year"]), month, int(g["day"]))
                if d:
                    found.add(d)
    return sorted(found)


def _closest_year(month: int, day: int, evidence: Iterable[dt.date]) -> int | None:
    best: tuple[int, int] | None = None
    for ev in evidence:
        for year in (ev.year - 1, ev.year, ev.year + 1):
            cand = _valid(year, month, day)
            if cand is None:
                continue
            gap = abs((cand - ev).days)
            if best is None or gap < best[0]:
                best = (gap, year)
    return best[1] if best else None


def _year_before(month: int, day: int, reference: dt.date) -> int:
    """The year that puts month/day on or just before `reference`: news is dated in the past."""
    cand = _valid(reference.year, month, day)
    if cand is not None and cand > reference + dt.timedelta(days=1):
        return reference.year - 1
    return reference.year


def parse_date(
    raw: str,
    *,
    evidence: Iterable[dt.date] = (),
    reference: dt.date | None = None,
    fallback: dt.date | None = None,
) -> DateValue | None:
    """Normalise `raw` to an ISO date; a missing year comes from evidence, then reference, then fallback."""
    text = raw.strip()
    for form in _FORMS:
        m = form.search(text, timeout=0.5)
        if not m:
            continue
        g = m.groupdict()
        month = MONTHS[g["mon"].lower()] if g.get("mon") else int(g["month"])
        day = int(g["day"])
        if g.get("year"):
            year = int(g["year"])
            if year < 100:
                year += 2000
            d = _valid(year, month, day)
            return DateValue(d.isoformat(), raw) if d else None
        anchor = reference or fallback
        year_guess = _closest_year(month, day, evidence)
        if year_guess is None and anchor is not None:
            year_guess = _year_before(month, day, anchor)
        if year_guess is None:
            return None
        d = _valid(year_guess, month, day)
        return DateValue(d.isoformat(), raw, year_inferred=True) if d else None
    anchor = reference or fallback
    if anchor is None:
        return None
    rel = _RELATIVE.search(text)
    if rel:
        n_raw = rel.group("n").lower()
        n = 1 if n_raw in ("a", "an", "one") else int(n_raw)
        unit = rel.group("unit").lower()
        key = "m" if unit.startswith("m") else unit[0]
        ts = dt.datetime.combine(anchor, dt.time(12)) - dt.timedelta(seconds=n * _UNIT_SECONDS[key])
        return DateValue(ts.date().isoformat(), raw, year_inferred=True)
    word = _DAYWORD.search(text)
    if word:
        shift = 1 if word.group("word").lower() == "yesterday" else 0
        return DateValue((anchor - dt.timedelta(days=shift)).isoformat(), raw, year_inferred=True)
    return None
