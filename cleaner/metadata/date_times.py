"""The time printed next to a date ("10:45", "16:14 Uhr", "5:45 AM PST") and its UTC offset."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Final, cast

import regex

from cleaner.casing import lower
from cleaner.metadata.date_tables import zones
from cleaner.native import kernel
from cleaner.rules.patterns import compiled

# Matching a date form on one line must never stall a batch (DESIGN.md, known traps). The date modules pass it to
# `regex` by position, never as `timeout=`: a keyword sends the call through CPython's keyword parser, about 1 us a
# call in the compiled build, more than most of these searches (tests/test_dates.py pins the positions:
# `search`/`match`/`fullmatch(string, pos, endpos, concurrent, partial, timeout)` and
# `finditer(string, pos, endpos, overlapped, concurrent, partial, timeout)`).
MATCH_TIMEOUT_S: Final = 0.5
# A time belongs to a date when it follows within this many characters ("16 Jan 2026, 10:45",
# "23.06.2016 um 16:14 Uhr", "19 Feb 2020 alle ore 12:02") or precedes it within TIME_BEFORE_CHARS
# ("10:48, Tue, Nov 19, 2019", "5:45 AM PST 11/19/2019").
TIME_AFTER_CHARS: Final = 16
TIME_BEFORE_CHARS: Final = 24

TIME = compiled(
    r"(?i)(?<![\d:.])(?P<h>[0-2]?\d)(?:[:.h](?P<m>[0-5]\d))(?::(?P<s>[0-5]\d))?(?![\d])"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*(?:uhr|hrs?|horas|h|ore|uur))?"
    r"(?:\s*\(?(?P<tz>(?-i:[A-Z]{1,4})|[+-]\d{2}:?\d{2})(?![\p{L}]))?"
)
# Any digit: every date form and TIME's hour hold one, so a text without one needs no timed scan.
ANY_DIGIT = compiled(r"\d")
# What every TIME match holds: its hour's last digit, the separator and the minutes. A window around a date without it
# needs no timed scan: most windows with a digit hold the date's own year or day, not a time.
_TIME_GATE = compiled(r"(?i)\d[:.h][0-5]\d")
_ZONE_OFFSET = compiled(r"([+-])(\d{2}):?(\d{2})")


def _time_gate(text: str, lo: int, hi: int, gate: regex.Pattern[str]) -> bool:
    """Whether text[lo:hi] holds `gate` (_TIME_GATE): the pure twin of the kernel's time_gate, which reads the window
    in place, without the slice and the timed search a call to `regex` sets up (two per date in time_near)."""
    return gate.search(text, lo, hi) is not None


_native = kernel("cleaner.metadata._metalines")
time_gate: Final = (
    cast("Callable[[str, int, int, regex.Pattern[str]], bool]", _native.time_gate) if _native else _time_gate
)
# What may stand between a time and the date after it ("10:48, Tue, Nov 19"), compiled once, not looked up per time.
_TIME_BEFORE_GAP = compiled(r"(?i)[\s,|•·–-]*(?:\p{L}{2,9}\.?,?\s*)?")
_TIME_BRIDGE = compiled(
    r"(?i)^[\s,|•·–-]*(?:(?:at|um|à|a|a\s+las|alle|alle\s+ore|ore|om|às|as|-)\s+)?(?:(?:the|le)\s+)?$"
)


def _offset_for(zone: str, day: dt.date, hour: int, minute: int) -> str | None:
    fixed, regional = zones()
    if zone in fixed:
        return fixed[zone]
    if zone in regional:
        try:
            tz = zoneinfo.ZoneInfo(regional[zone])
        except zoneinfo.ZoneInfoNotFoundError:
            return None
        off = dt.datetime.combine(day, dt.time(hour, minute), tz).utcoffset()
        return _fmt_offset(off) if off is not None else None
    m = _ZONE_OFFSET.fullmatch(zone)
    return f"{m[1]}{m[2]}:{m[3]}" if m else None


def _fmt_offset(off: dt.timedelta) -> str:
    total = int(off.total_seconds()) // 60
    sign = "+" if total >= 0 else "-"
    return f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


# A match of TIME with its groups' spans: its span, then h, m, s, ampm and tz, (-1, -1) for a group it does not hold.
# Of any length to mypy (as date_forms' rows): a fixed-length tuple is unboxed field by field in the compiled build.
_TimeRow = tuple[int, ...]


def _time_spans(text: str) -> list[_TimeRow]:
    """The matches of TIME in `text` with their groups' spans: the pure twin of the kernel's time_matches, and what
    time_matches gives when the kernel is not built or cannot read `text`."""
    return [
        (*m.span(), *m.span(1), *m.span(2), *m.span(3), *m.span(4), *m.span(5))
        for m in TIME.finditer(text, None, None, False, None, False, MATCH_TIMEOUT_S)
    ]


def time_matches(text: str) -> list[_TimeRow]:
    """_time_spans's answer, from the kernel when it is built and can read `text` (a `regex` scan set up per window
    and a match object per time were most of time_near's cost)."""
    if _native is not None:
        got = _native.time_matches(text)
        if got is not None:
            return cast("list[_TimeRow]", got)
    return _time_spans(text)


def without_times(text: str) -> str:
    """`TIME.sub(" ", text)`: each time printed in `text` made one space."""
    rows = time_matches(text)
    if not rows:
        return text
    pieces: list[str] = []
    at = 0
    for row in rows:
        pieces.append(text[at : row[0]])
        at = row[1]
    pieces.append(text[at:])
    return " ".join(pieces)


def time_near(text: str, start: int, end: int) -> tuple[int, int, int, str | None] | None:
    """(hour, minute, second, zone) of a time printed just after or just before a date."""
    # A window without TIME's gate needs no scan, nor its slice.
    hi = end + TIME_AFTER_CHARS + 12
    if time_gate(text, end, hi, _TIME_GATE):
        after = text[end:hi]
        rows = time_matches(after)
        # The first match only: what TIME.search finds.
        if rows and rows[0][0] <= TIME_AFTER_CHARS and _TIME_BRIDGE.match(after[: rows[0][0]]):
            got = _time_parts(after, rows[0])
            if got:
                return got
    lo = max(0, start - TIME_BEFORE_CHARS)
    if not time_gate(text, lo, start, _TIME_GATE):
        return None
    before = text[lo:start]
    for row in time_matches(before):
        if _TIME_BEFORE_GAP.fullmatch(before[row[1] :]):
            got = _time_parts(before, row)
            if got:
                return got
    return None


def _group(text: str, row: _TimeRow, group: int) -> str | None:
    """Group `group` (1 for h, ..., 5 for tz) of the match `row` in `text`, None when the match does not hold it."""
    lo = row[2 * group]
    return text[lo : row[2 * group + 1]] if lo >= 0 else None


def _time_parts(text: str, row: _TimeRow) -> tuple[int, int, int, str | None] | None:
    """The (hour, minute, second, zone) the TIME match `row` in `text` prints, None when it is no time of day."""
    sh, sm, ss = text[row[2] : row[3]], text[row[4] : row[5]], _group(text, row, 3)
    sampm, tz = _group(text, row, 4), _group(text, row, 5)
    h, mi, s = int(sh), int(sm), int(ss or 0)
    ampm = lower(sampm or "").replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = (h % 12) + (12 if ampm == "pm" else 0)
    if h > 23:
        return None
    if tz and tz not in zones()[0] and tz not in zones()[1] and tz[0] not in "+-":
        tz = None
    return h, mi, s, tz


# "00" to "99": a time's fields as the stamp prints them, without a format call per field.
_TWO_DIGITS: Final = tuple(f"{n:02d}" for n in range(100))


def two_digits(n: int) -> str:
    """`f"{n:02d}"`: from _TWO_DIGITS for the values a time's two-digit fields hold."""
    return _TWO_DIGITS[n] if 0 <= n < 100 else f"{n:02d}"


def iso_stamp(day: dt.date, time: tuple[int, int, int, str | None] | None) -> str:
    if time is None:
        return day.isoformat()
    h, mi, s, tz = time
    stamp = f"{day.isoformat()}T{two_digits(h)}:{two_digits(mi)}:{two_digits(s)}"
    offset = _offset_for(tz, day, h, mi) if tz else None
    return stamp + (offset or "")
