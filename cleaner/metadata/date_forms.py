"""Find the dates printed in a string ("16 January 2026", "Nov. 19, 2019", "23.06.2016") and resolve them.

Each language table gives its month and weekday names to four date forms; a missing year is
inferred from the other dates of the text, then from the reference date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final, Protocol, cast

import regex

from cleaner.casing import lower
from cleaner.memo_budget import DATE_LINES
from cleaner.metadata.date_tables import (
    LanguageTable,
    alternation,
    alternation_order,
    fold_case,
    language_tables,
    tables_for,
)
from cleaner.metadata.date_times import ANY_DIGIT, MATCH_TIMEOUT_S, iso_stamp, time_near, two_digits
from cleaner.model import DateValue
from cleaner.native import kernel
from cleaner.rules.patterns import compiled  # compiled once per install, not per process
from cleaner.sites import NO_URL_PARTS as _NO_PARTS
from cleaner.sites import split_url

# A full date spells its year within this many characters of its day and month
# ("Wednesday, 14th of September 2026" is 33); only windows around years are parsed for evidence.
DATE_WINDOW_CHARS: Final = 40
# URLs whose country is remembered: the date search asks once per line of a page.
URL_COUNTRIES_CACHED: Final = 256
# A two-digit year ("23.06.16", "03.Mär.19") is this century's: the dev corpus's news pages date
# from 1996 on, and none prints a 20th-century year in two digits.
TWO_DIGIT_CENTURY: Final = 2000


@dataclass(frozen=True, slots=True)
class DateForms:
    """The compiled date patterns of one language table."""

    table: LanguageTable
    patterns: tuple[regex.Pattern[str], ...]
    label: regex.Pattern[str]


_ORDINAL = r"(?:st|nd|rd|th|er|e|º|°|ª|\.)?"
_YEAR4 = r"(?P<year>(?:19|20)\d\d)"


# ISO and year-first: 2019-11-20, 2019-11-20T06:35:39Z, 2019/11/20. It holds no word of a table: every table's forms
# hold this one pattern (forms_of), and the kernel's numeric_forms reads it.
_ISO: Final = compiled(
    r"(?<![\d])(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)"
    r"(?:[T ](?P<iso_time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?P<iso_tz>Z|[+-]\d{2}:?\d{2})?)?(?![\d])"
)
# Numeric with a year: 23.06.2016, 11/19/2019, 19-11-19. Like _ISO, the same in every table.
_NUMERIC: Final = compiled(
    r"(?<![\d./-])(?P<a>[0-3]?\d)(?P<sep>[./-])\s?(?P<b>[01]?\d)(?P=sep)\s?(?P<year>(?:19|20)\d\d|\d\d)(?![\d])"
)


@cache
def forms_of(code: str) -> DateForms:
    t = language_tables()[code]
    mon = rf"(?P<mon>{alternation(t.months)})\.?"
    wd = rf"(?:(?:{alternation(t.weekdays)})\.?,?\s+)?"
    fill = r"(?:(?:de|del|of|the)\s+)?"
    # What the day-first form can start with: a weekday's first letter or the day's digit. As a lookahead
    # it changes no match, and `regex` then skips most offsets at once instead of trying the weekday
    # alternation at each (the form took half as long on dev sh+tf+dn's lines, same matches: BENCH_speed.md).
    day_first_start = "".join(sorted({regex.escape(ch) for w in t.weekdays if w for ch in (lower(w[0]), w[0].upper())}))
    patterns = (
        _ISO,
        # Day first: 16 January 2026, 16. Januar 2026, 3rd of March, 16 de enero de 2026, and the
        # two-digit year of "03.Mär.19" (read as 2019: without it, year inference guessed 1941).
        compiled(
            rf"(?i)(?=[\d{day_first_start}])(?<![\p{{L}}\d]){wd}(?P<day>[0-3]?\d){_ORDINAL}\s*{fill}{mon}"
            rf"(?:,?\s*{fill}{_YEAR4}|(?<=\d\.\p{{L}}+\.)(?P<yy>\d\d))?(?![\p{{L}}\d])"
        ),
        # Month first: Nov. 19, 2019, January 16 2026, Jan 16.
        compiled(
            rf"(?i)(?<![\p{{L}}\d]){wd}{mon}\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+{_YEAR4})?(?![\p{{L}}\d:.])"
        ),
        _NUMERIC,
    )
    labels = alternation([*t.published, *t.modified])
    label = compiled(
        rf"(?i)(?<!\p{{L}})(?P<label>{labels})\s*(?:on|am|le|el|il|em|op)?\s*[:|\-–—]?\s*"
        r"(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*,?\s*)?$"
    )
    return DateForms(t, patterns, label)


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=URL_COUNTRIES_CACHED)
def url_country(url: str | None) -> str | None:
    """The country code of a URL's top-level domain (`.co.uk` gives "uk"), or None for .com and kin."""
    if not url:
        return None
    host = lower((split_url(url) or _NO_PARTS).hostname or "")
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    return tld if len(tld) == 2 else None


def _day_first(table: LanguageTable, country: str | None) -> bool:
    if country and country in table.day_first_countries:
        return True
    if country == "us":
        return False
    return table.day_first


# Not frozen, and its __init__ written out: a frozen dataclass's generated __init__ is interpreted even in the compiled
# build and sets each field through object.__setattr__ (about 15 times the cost of this one, which mypyc compiles);
# equality, hashing and repr stay the dataclass's. Nothing assigns to a DateMatch after it is made.
@dataclass(slots=True, init=False, unsafe_hash=True)
class DateMatch:
    """One date found in a string: where, the calendar day (None when the year is missing), and parts."""

    start: int
    end: int
    month: int
    day: int
    year: int | None
    time: tuple[int, int, int, str | None] | None
    language: str

    def __init__(
        self,
        start: int,
        end: int,
        month: int,
        day: int,
        year: int | None,
        time: tuple[int, int, int, str | None] | None,
        language: str,
    ) -> None:
        self.start = start
        self.end = end
        self.month = month
        self.day = day
        self.year = year
        self.time = time
        self.language = language


# forms_of's patterns by index.
_DAY_FIRST_FORM: Final = 1
_MONTH_FIRST_FORM: Final = 2


# A match of a date form with its groups' spans, (-1, -1) for a group it does not hold: after its span, a named form's
# (_named_spans) mon, day, year, and yy in the day-first form; the ISO form's (_numeric_spans) year, month, day,
# iso_time and iso_tz; the numeric form's a, sep, b and year.
_Spans = tuple[int, ...]


def _iso_date(text: str, row: _Spans) -> tuple[int | None, int, int] | None:
    """The (year, month, day) that the ISO form's match `row` (numeric_forms) in `text` prints, or None when it is no
    calendar day."""
    return _calendar(int(text[row[2] : row[3]]), int(text[row[4] : row[5]]), int(text[row[6] : row[7]]))


def _numeric_date(
    text: str, row: _Spans, table: LanguageTable, country: str | None
) -> tuple[int | None, int, int] | None:
    """The (year, month, day) that the numeric form's match `row` (numeric_forms) in `text` prints, or None when it is
    no calendar day; its order is the table's and the country's unless the numbers settle it."""
    a, b = int(text[row[2] : row[3]]), int(text[row[6] : row[7]])
    year = int(text[row[8] : row[9]])
    year = year + TWO_DIGIT_CENTURY if year < 100 else year
    # A dot is the European numeric date (23.06.2016); a number above 12 settles the order.
    if a > 12 or text[row[4]] == ".":
        day, month = a, b
    elif b > 12:
        day, month = b, a
    else:
        day, month = (a, b) if _day_first(table, country) else (b, a)
    return _calendar(year, month, day)


# The days of each month of a common year; February has one more in a leap year.
_MONTH_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _calendar(year: int | None, month: int, day: int) -> tuple[int | None, int, int] | None:
    """(year, month, day) when they can be a calendar day (any day 1-31 of a month when the year is missing). A day
    with its year is checked against the month's length, which is exactly when `dt.date` would take it: building a
    date only to check it was about 2% of the date search."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is not None and not _in_month(year, month, day):
        return None
    return year, month, day


def _in_month(year: int, month: int, day: int) -> bool:
    """Whether `dt.date(year, month, day)` is a date, for a month of 1-12 and a day of at least 1: the Gregorian
    calendar's month lengths, within the years `datetime` holds."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return False
    if day <= _MONTH_DAYS[month - 1]:
        return True
    return month == 2 and day == 29 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _named_date(table: LanguageTable, text: str, row: _Spans) -> tuple[int | None, int, int] | None:
    """The (year, month, day) a named form's match `row` in `text` prints, or None when it is no calendar day; the
    two-digit year "yy" is this century's."""
    month = table.months[lower(text[row[2] : row[3]])]
    day = int(text[row[4] : row[5]])
    if row[6] >= 0:
        year: int | None = int(text[row[6] : row[7]])
    elif len(row) > 8 and row[8] >= 0:
        year = TWO_DIGIT_CENTURY + int(text[row[8] : row[9]])
    else:
        year = None
    return _calendar(year, month, day)


def _named_spans(pattern: regex.Pattern[str], text: str, day_first: bool) -> list[_Spans]:
    """The matches of a named form's `pattern` in `text` with their groups' spans: the pure twin of the kernel's
    NamedForms.read, and what _found asks when the kernel is not built or cannot read `text`."""
    out: list[_Spans] = []
    for m in pattern.finditer(text, None, None, False, None, False, MATCH_TIMEOUT_S):
        row = (*m.span(), *m.span("mon"), *m.span("day"), *m.span("year"))
        out.append((*row, *m.span("yy")) if day_first else row)
    return out


class _NamedReader(Protocol):
    """The kernel's NamedForms (cleaner/metadata/_metalines.pyx)."""

    def read(self, text: str, day_first: bool) -> list[_Spans] | None: ...


@cache
def _named_reader(code: str) -> _NamedReader | None:
    """The kernel's reader of table `code`'s named forms (None in the pure build, which asks the regexes)."""
    if _native is None:
        return None
    table = language_tables()[code]
    months = alternation_order(table.months)
    weekdays = alternation_order(table.weekdays)
    cases = _month_cases([*months, *weekdays, *_ORDINAL_WORDS])
    return cast("_NamedReader", _native.NamedForms(months, weekdays, cases))


# The letters of the ordinals the day-first form reads after a day (_ORDINAL), for the reader's case map.
_ORDINAL_WORDS: Final = ("st", "nd", "rd", "th", "er", "e")


def _named_matches(code: str, form: int, text: str) -> list[_Spans]:
    """_named_spans's answer, from the kernel when it is built and can read `text`: the table's pattern is looked up
    only when the regex is asked (a look-up per table and form was a sixth of _add_named's time)."""
    reader = _named_reader(code)
    if reader is not None:
        got = reader.read(text, form == _DAY_FIRST_FORM)
        if got is not None:
            return got
    return _named_spans(forms_of(code).patterns[form], text, form == _DAY_FIRST_FORM)


# Gates of find_in, each a necessary condition of some of forms_of's patterns, so that a line skips
# the patterns it cannot match (they were about half of the text path's CPU): every form needs a digit;
# the ISO and numeric forms (0 and 3) need digits, a separator, one or two digits and a separator again
# ("2019-11-", "23.06.", "3. 06."; a price's "3.5" or a time's "10.30" is neither); the day-first and month-first forms
# (1 and 2) need one of the table's month names followed by no letter or by a filler word ("5 Mayof").
# The ISO and numeric forms hold no word of a table: every table finds the same spans, valid or not
# alike, and the first table's reading wins each tie below, so only the first table runs them.
_NUMERIC_GATE = regex.compile(r"\d[-/.]\s?\d\d?[-/.]")
_NAMED_FORMS = (1, 2)


# Every month name of the tables is at least this long ("mar", "jän"): its first letters, case-folded,
# are a literal that a line holding the name holds too. Three letters narrow the tables to the few
# whose names could occur before their (case-insensitive, hence slow) gate regexes run.
MONTH_PREFIX_CHARS: Final = 3


@cache
def _month_prefixes() -> tuple[tuple[str, ...], dict[str, frozenset[str]]]:
    """The folded first letters of every table's month names: all of them, and each table's."""
    by_code = {
        code: frozenset(fold_case(m)[:MONTH_PREFIX_CHARS] for m in table.months)
        for code, table in language_tables().items()
    }
    return tuple(sorted(set().union(*by_code.values()))), by_code


def _named_tables(text: str) -> frozenset[str] | set[str]:
    """The codes of the tables with a month-name prefix in `text` (a necessary condition of _month_gate)."""
    every, by_code = _month_prefixes()
    folded = fold_case(text)
    present = {p for p in every if p in folded}
    return {code for code, prefixes in by_code.items() if not prefixes.isdisjoint(present)} if present else frozenset()


# Characters outside ASCII that `regex` matches under (?i) to a lower-case letter other than their str.lower():
# "İ".lower() is two characters; the Kelvin sign and the long s are other forms of "k" and "s"
# (tests/test_native_dates.py checks the whole map against `regex` on every code point).
_CASE_EXTRAS: Final = {"\u0130": "i", "\u212a": "k", "\u017f": "s"}
_native = kernel("cleaner.metadata._metalines")


@cache
def _table_bits() -> dict[str, int]:
    """Each table's bit in a mask of tables (_named_masks)."""
    return {code: 1 << n for n, code in enumerate(language_tables())}


def _month_cases(names: Iterable[str]) -> dict[str, str]:
    """The characters outside ASCII that `regex` matches to a character of `names` (or of the filler words the
    month gate reads) under (?i), each mapped to that character: its upper and title case, and _CASE_EXTRAS."""
    chars = {ch for name in names for ch in name} | set("delofth")
    out = {
        other: ch
        for ch in sorted(chars)
        for other in (ch.upper(), ch.title())
        if len(other) == 1 and other != ch and other >= "\x80"
    }
    out.update((extra, ch) for extra, ch in _CASE_EXTRAS.items() if ch in chars)
    return out


class _MonthScan(Protocol):
    """The kernel's MonthScan (cleaner/metadata/_metalines.pyx)."""

    def scan(self, text: str) -> tuple[int, int, int] | None: ...

    def gated_rows(
        self,
        lines: Sequence[str | None],
        rows: Iterable[int],
        gate: regex.Pattern[str],
        unsure: Callable[[str], int],
    ) -> list[int]: ...


@cache
def _month_scan() -> _MonthScan | None:
    """The kernel's scan of every table's month names (None in the pure build, which asks the gates)."""
    if _native is None:
        return None
    bits = _table_bits()
    masks: dict[str, int] = {}
    for code, table in language_tables().items():
        for name in table.months:
            masks[name] = masks.get(name, 0) | bits[code]
    names = sorted(masks)
    return cast("_MonthScan", _native.MonthScan(names, [masks[name] for name in names], _month_cases(names)))


def _gated_mask(text: str) -> int:
    """The bits (_table_bits) of the tables whose _month_gate matches `text`: the pure twin of the first mask of the
    kernel's MonthScan.scan, each gate asked of the tables whose month names' first letters the text holds."""
    bits = _table_bits()
    return sum(bits[code] for code in _named_tables(text) if _month_gate(code).search(text) is not None)


# Every table's bit: the day-first and month-first forms of every table whose gate matches are read.
_EVERY_TABLE: Final = -1


def _named_masks(text: str) -> tuple[int, int, int]:
    """_gated_mask's answer, then the tables whose day-first and whose month-first form may match `text`: from the
    kernel's one pass over the line when it can tell (MonthScan.scan), else from the gates, and every table's forms."""
    scan = _month_scan()
    if scan is not None:
        got = scan.scan(text)
        if got is not None:
            return got
    return _gated_mask(text), _EVERY_TABLE, _EVERY_TABLE


def gated_rows(lines: Sequence[str | None], rows: Iterable[int]) -> list[int]:
    """Those of `rows` on which _found reads some form (_reads_a_form): it finds no date on the others. Told for a
    text's rows in one kernel pass (MonthScan.gated_rows) when the kernel is built, so that a row without a date costs
    no _found call, memo entry or gate tuple (on dev tf's articles it leaves out 2,038 of the 4,235 rows date_lines
    gives find_dates: three in four of those without a date)."""
    scan = _month_scan()
    if scan is not None:
        return scan.gated_rows(lines, rows, _NUMERIC_GATE, _gated_mask)
    return _gated_rows(lines, rows)


def _gated_rows(lines: Sequence[str | None], rows: Iterable[int]) -> list[int]:
    """gated_rows's pure twin: _reads_a_form asked of each row."""
    return [i for i in rows if (line := lines[i]) is not None and _reads_a_form(line)]


def _reads_a_form(text: str) -> bool:
    """Whether _found reads any of its forms on `text`: the numeric forms' gate passes, or some table's month gate
    passes and its day-first or month-first form may match (_named_masks)."""
    if numeric_gate(text, _NUMERIC_GATE):
        return True
    gates, day_first, month_first = _named_masks(text)
    return bool(gates & (day_first | month_first))


@cache
def _month_gate(code: str) -> regex.Pattern[str]:
    months = alternation(language_tables()[code].months)
    return compiled(rf"(?i)(?:{months})(?:(?!\p{{L}})|(?=(?:de|del|of|the)\s))")


# Strings whose dates are remembered, gates and all: a site's datelines and footers ("© 2019", "Updated 10:45 ET")
# repeat from page to page, and the year-evidence windows repeat the lines the date search reads; on the dev corpus
# 17-25% of the calls in one sweep of a rendering repeat an earlier one. The memo answers before the gates too (a line
# with a digit and no date is remembered as such), so it holds more strings than the dates alone need. Its bound is
# memo_budget's (~340 bytes an entry with the line it keeps alive).
FOUND_MEMO_STRINGS: Final = DATE_LINES


def find_in(text: str, *, language: str | None = None, url: str | None = None) -> list[DateMatch]:
    """Every date printed in `text`, leftmost first; overlapping readings keep the longest."""
    # The answer depends on the text, the language and the URL's country only.
    return list(found_in_country(text, language, url_country(url)))


def found_in_country(text: str, language: str | None, country: str | None) -> tuple[DateMatch, ...]:
    """find_in with the URL's country already read (find_dates reads it once per text)."""
    if ANY_DIGIT.search(text) is None:
        return ()  # every date form needs a digit (a day or a year); most lines have none
    rows = _found(text, language, country)
    return tuple([as_match(row) for row in rows]) if rows else ()


# A date as _found remembers it: a DateMatch's fields with its time's (hour, minute, second, zone) in place, hour -1
# for no time: start, end, month, day, year, hour, minute, second, zone, language. One flat tuple of ints, strs and
# None, in a tuple: a young collection stops tracking the dates, the next one the tuple holding them (a time tuple
# inside a date took one more, and the memo's answers were old by then, tracked for good).
_Found = tuple[int, int, int, int, int | None, int, int, int, str | None, str]


def found_time(row: _Found) -> tuple[int, int, int, str | None] | None:
    """The DateMatch time of a date _found remembers."""
    return (row[5], row[6], row[7], row[8]) if row[5] >= 0 else None


def as_match(row: _Found) -> DateMatch:
    """A date _found remembers as the DateMatch its callers read."""
    return DateMatch(row[0], row[1], row[2], row[3], row[4], found_time(row), row[9])


# A reading of _found before the overlaps are settled: a DateMatch's fields, with the time of an ISO date that prints
# one and None for a time still to read (time_near).
_Reading = tuple[int, int, int, int, int | None, tuple[int, int, int, str | None] | None, str]


def _numeric_spans(text: str) -> tuple[list[_Spans], list[_Spans]]:
    """The matches of the ISO and the numeric forms (_ISO, _NUMERIC) in `text` with their groups' spans: the pure twin
    of the kernel's numeric_forms, and what _found asks when the kernel is not built or cannot read `text`."""
    iso = [
        (*m.span(), *m.span("year"), *m.span("month"), *m.span("day"), *m.span("iso_time"), *m.span("iso_tz"))
        for m in _ISO.finditer(text, None, None, False, None, False, MATCH_TIMEOUT_S)
    ]
    numeric = [
        (*m.span(), *m.span("a"), *m.span("sep"), *m.span("b"), *m.span("year"))
        for m in _NUMERIC.finditer(text, None, None, False, None, False, MATCH_TIMEOUT_S)
    ]
    return iso, numeric


# What _found reads of a table other than the text's first: the ISO and numeric forms are read for the first only.
_NO_ROWS: Final[tuple[list[_Spans], list[_Spans]]] = ([], [])


def _numeric_matches(text: str) -> tuple[list[_Spans], list[_Spans]]:
    """_numeric_spans's answer, from the kernel when it is built and can read `text`."""
    if _native is not None:
        got = _native.numeric_forms(text)
        if got is not None:
            return cast("tuple[list[_Spans], list[_Spans]]", got)
    return _numeric_spans(text)


def _iso_time(text: str, row: _Spans) -> tuple[int, int, int, str | None] | None:
    """The time an ISO date's match `row` prints ("2019-11-20T06:35:39Z"), None when it prints none."""
    if row[8] < 0 or row[8] == row[9]:
        return None
    hms = [int(x) for x in text[row[8] : row[9]].split(".")[0].split(":")]
    zone = text[row[10] : row[11]] if row[10] >= 0 else None
    return hms[0], hms[1], hms[2] if len(hms) > 2 else 0, zone or None


def _reading_order(d: _Reading) -> tuple[int, int, bool]:
    """Leftmost first, then the longest, then a reading with its year: the order _found keeps readings in."""
    return d[0], d[0] - d[1], d[4] is None


def _add_named(found: list[_Reading], table: LanguageTable, form: int, text: str) -> None:
    """The readings of `table`'s day-first or month-first `form` in `text`, added to `found`."""
    for row in _named_matches(table.code, form, text):
        parts = _named_date(table, text, row)
        if parts is not None:
            found.append((row[0], row[1], parts[1], parts[2], parts[0], None, table.code))


@lru_cache(maxsize=FOUND_MEMO_STRINGS)
def _found(text: str, language: str | None, country: str | None) -> tuple[_Found, ...]:
    """find_in past its digit test, remembered per string with its gates: a repeated line asks no gate again. The
    dates as flat tuples (_Found; as_match makes each a DateMatch), not DateMatch objects: the memo's entries then
    leave the young generations untracked instead of living on as objects that every full collection walks (until the
    thirty-sixth round, ~15 tracked objects a page at first sight on the dev corpus, of ~57 that a page's clean left
    alive)."""
    numeric = numeric_gate(text, _NUMERIC_GATE)
    named_mask, day_first, month_first = _named_masks(text)
    if not numeric and not named_mask:
        return ()  # no table's forms can match: most lines with a digit hold neither gate's literal
    bits = _table_bits()
    found: list[_Reading] = []
    tables = tables_for(language)
    for rank in range(len(tables)):
        table = tables[rank]
        bit = bits[table.code]
        named = bool(named_mask & bit)
        own = numeric and rank == 0
        if not named and not own:
            continue  # none of this table's forms can match
        # forms_of's order: ISO, day first, month first, numeric; the ISO and numeric forms read in one call.
        iso_rows, numeric_rows = _numeric_matches(text) if own else _NO_ROWS
        for row in iso_rows:
            parts = _iso_date(text, row)
            if parts is not None:
                found.append((row[0], row[1], parts[1], parts[2], parts[0], _iso_time(text, row), table.code))
        if named and day_first & bit:
            _add_named(found, table, _DAY_FIRST_FORM, text)
        if named and month_first & bit:
            _add_named(found, table, _MONTH_FIRST_FORM, text)
        for row in numeric_rows:
            parts = _numeric_date(text, row, table, country)
            if parts is not None:
                found.append((row[0], row[1], parts[1], parts[2], parts[0], None, table.code))
    # Stable sort: at equal span, the reading of the first table (the text's language) wins. One reading (most lines
    # with a date) needs no order, nor its key.
    if len(found) > 1:
        found.sort(key=_reading_order)
    out: list[_Found] = []
    last_end = -1
    for start, end, month, day, year, time, code in found:
        if start < last_end:
            continue
        # The time near a date is read for the dates kept only (two in five readings overlap a longer or an earlier
        # one on dev tf's lines).
        near = time if time is not None else time_near(text, start, end)
        if near is None:
            out.append((start, end, month, day, year, -1, 0, 0, None, code))
        else:
            out.append((start, end, month, day, year, near[0], near[1], near[2], near[3], code))
        last_end = end
    return tuple(out)


_YEAR_ANYWHERE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# How far past a year's end its evidence window reaches ("2026, 10:45").
YEAR_WINDOW_AFTER: Final = 12


def _year_windows(text: str, before: int, after: int) -> list[str]:
    """The text around each year of `text` (_YEAR_ANYWHERE), `before` characters back and `after` on past it, dashes
    made spaces (a slug's "2026-01-16" reads as a date): the pure twin of the kernel's year_windows, which finds the
    years in one pass over a page instead of a `re` scan and a match object per year."""
    return [text[max(0, y.start() - before) : y.end() + after].replace("-", " ") for y in _YEAR_ANYWHERE.finditer(text)]


def _numeric_gate(text: str, gate: regex.Pattern[str]) -> bool:
    """Whether `text` holds `gate` (_NUMERIC_GATE): the pure twin of the kernel's numeric_gate, which reads the line in
    place instead of the search `regex` sets up for each line _found is asked of."""
    return gate.search(text) is not None


numeric_gate: Final = (
    cast("Callable[[str, regex.Pattern[str]], bool]", _native.numeric_gate) if _native else _numeric_gate
)
year_windows: Final = cast("Callable[[str, int, int], list[str]]", _native.year_windows) if _native else _year_windows


def full_dates(text: str, *, language: str | None = None) -> list[dt.date]:
    """Every date with an explicit year in `text`, slugs included, as year-inference evidence."""
    from cleaner.metadata.metalines import date_rows  # metalines reads this module's gate

    windows = year_windows(text, DATE_WINDOW_CHARS, YEAR_WINDOW_AFTER)
    found: set[dt.date] = set()
    # The windows find_in can find a date in: a fifth of them (dev tf's fulltexts) fail both its gates, told for all
    # of them in one pass instead of a memo look-up and the gates' searches each; of those, the windows _found reads no
    # form on (gated_rows: three in ten on dev tf) are not asked either. A window has no URL, so no country; and it
    # holds its year's digits, so found_in_country's digit search would pass: _found is asked directly.
    for k in gated_rows(windows, date_rows(windows, range(len(windows)), _month_prefixes()[0])):
        for d in _found(windows[k], language, None):
            year = d[4]
            if year is not None:
                found.add(dt.date(year, d[2], d[3]))
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


def dated_iso(year: int, month: int, day: int, time: tuple[int, int, int, str | None] | None) -> str | None:
    """The ISO stamp (iso_stamp) of a date read with its year, None when it is no calendar day: the value resolve
    gives a DateMatch with its year, for a caller that keeps the stamp, not the DateValue."""
    if _calendar(year, month, day) is None:
        return None  # what dt.date refuses
    if time is None and year >= 1000:
        # The day's isoformat() written from its numbers: no date object made and formatted per dated line (a date
        # with a time needs the object for its zone's offset).
        return f"{year}-{two_digits(month)}-{two_digits(day)}"
    return iso_stamp(dt.date(year, month, day), time)


def resolve(
    match: DateMatch,
    raw: str,
    *,
    evidence: Iterable[dt.date] = (),
    reference: dt.date | None = None,
    fallback: dt.date | None = None,
) -> DateValue | None:
    """A found date as a DateValue; a missing year from evidence, then reference, then fallback."""
    if match.year is not None:
        iso = dated_iso(match.year, match.month, match.day, match.time)
        return DateValue(iso, raw) if iso is not None else None
    year = _closest_year(match.month, match.day, evidence)
    anchor = reference or fallback
    if year is None and anchor is not None:
        year = _year_before(match.month, match.day, anchor)
    if year is None:
        return None
    weekday = _weekday_named(raw, match.language)
    if weekday is not None:
        year = _year_of_weekday(year, match.month, match.day, weekday, anchor)
    day = _valid(year, match.month, match.day)
    return DateValue(iso_stamp(day, match.time), raw, year_inferred=True) if day else None


# How many years either side of the inferred one a printed weekday may move a date without its year: a day of the
# year falls on a given weekday again after 5, 6 or 11 years, so within 11 years back it is always found (forward
# ones may be after the anchor, where news is not dated).
WEEKDAY_YEARS: Final = 11


# A weekday's name this short ("So", "Di", "wt") is as often a word of the text ("So Sept 10th" in English is no
# Sunday): it does not choose the year.
WEEKDAY_MIN_CHARS: Final = 3


def _weekday_named(raw: str, code: str) -> int | None:
    """The weekday (Monday 0) that `raw` opens with in table `code`'s names ("Tuesday July 24", "Wtorek, 11 maja"),
    or None: a date form reads a weekday only before its day and month. Not a name that is also one of the table's
    months ("mar" is Tuesday in Spanish and March too), nor one under WEEKDAY_MIN_CHARS."""
    table = language_tables().get(code)
    first = raw.strip().split(None, 1)
    if table is None or not first:
        return None
    word = lower(first[0]).rstrip(".,")
    if len(word) < WEEKDAY_MIN_CHARS or word in table.months:
        return None
    return table.weekday_of.get(word)


def _year_of_weekday(year: int, month: int, day: int, weekday: int, anchor: dt.date | None) -> int:
    """The year nearest `year` (the earlier of two as near) in which month/day falls on `weekday`, and not after
    `anchor` (news is dated in the past), or `year` when none within WEEKDAY_YEARS does. "Tuesday July 24" with
    evidence from 2010 is 2012; "Wtorek, 11 maja" read in 2026 is 2021."""
    for delta in range(WEEKDAY_YEARS + 1):
        for y in (year - delta, year + delta) if delta else (year,):
            cand = _valid(y, month, day)
            if cand is None or (anchor is not None and cand > anchor + dt.timedelta(days=1)):
                continue
            if cand.weekday() == weekday:
                return y
    return year
