"""Turn the date strings news templates print into ISO 8601, in the languages of the tables.

"LAST UPDATE | 16 Jan", "Nov. 19, 2019 8:03 am ET", "Veröffentlicht am 23.06.2016 um 16:14 Uhr",
"Publié le 16 janvier 2026 à 10h30", "hace 2 días": month names, weekdays and labels come from
cleaner/rulesets/languages/<code>.toml; time-zone abbreviations from zones.toml. A missing year is
inferred from the other dates of the text and of the URL, then from the reference date; relative
dates ("vor 2 Stunden") are resolved against the reference date by dateparser, which knows their
phrasing in some 200 locales. Without a reference, a relative date gives nothing: never invent.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Final

import regex

from cleaner.model import DateValue
from cleaner.sites import NO_URL_PARTS as _NO_PARTS
from cleaner.sites import split_url

TABLES_PACKAGE: Final = "cleaner.rulesets"
TABLES_DIR: Final = "languages"
# Matching a date form on one line must never stall a batch (DESIGN.md, known traps).
MATCH_TIMEOUT_S: Final = 0.5
# A full date spells its year within this many characters of its day and month
# ("Wednesday, 14th of September 2026" is 33); only windows around years are parsed for evidence.
DATE_WINDOW_CHARS: Final = 40
# A time belongs to a date when it follows within this many characters ("16 Jan 2026, 10:45",
# "23.06.2016 um 16:14 Uhr", "19 Feb 2020 alle ore 12:02") or precedes it within TIME_BEFORE_CHARS
# ("10:48, Tue, Nov 19, 2019", "5:45 AM PST 11/19/2019").
TIME_AFTER_CHARS: Final = 16
TIME_BEFORE_CHARS: Final = 24
# Relative dates ("vor 2 Stunden") are only parsed from this many words after a label; longer
# remainders are prose, which dateparser would happily misread.
RELATIVE_MAX_WORDS: Final = 6


@dataclass(frozen=True, slots=True)
class LanguageTable:
    """One language's date and byline vocabulary, as written in its TOML file."""

    code: str
    day_first: bool
    day_first_countries: frozenset[str]
    months: dict[str, int]
    weekdays: tuple[str, ...]
    fillers: tuple[str, ...]
    published: tuple[str, ...]
    modified: tuple[str, ...]
    byline: tuple[str, ...]
    conjunctions: tuple[str, ...]
    roles: tuple[str, ...]


def _table(data: dict[str, Any]) -> LanguageTable:
    months = {name.lower(): i + 1 for i, names in enumerate(data["months"]) for name in names}
    return LanguageTable(
        code=data["language"],
        day_first=bool(data["day_first"]),
        day_first_countries=frozenset(data.get("day_first_countries", ())),
        months=months,
        weekdays=tuple(data.get("weekdays", ())),
        fillers=tuple(data.get("fillers", ())),
        published=tuple(data.get("published", ())),
        modified=tuple(data.get("modified", ())),
        byline=tuple(data.get("byline", ())),
        conjunctions=tuple(data.get("conjunctions", ())),
        roles=tuple(data.get("roles", ())),
    )


@cache
def language_tables() -> dict[str, LanguageTable]:
    """Every shipped language table, by ISO 639-1 code, read once."""
    root = files(TABLES_PACKAGE).joinpath(TABLES_DIR)
    out: dict[str, LanguageTable] = {}
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml") and entry.name != "zones.toml":
            table = _table(tomllib.loads(entry.read_text(encoding="utf-8")))
            out[table.code] = table
    return out


@cache
def _zones() -> tuple[dict[str, str], dict[str, str]]:
    data = tomllib.loads(files(TABLES_PACKAGE).joinpath(TABLES_DIR, "zones.toml").read_text(encoding="utf-8"))
    return dict(data["fixed"]), dict(data["regional"])


def tables_for(language: str | None) -> tuple[LanguageTable, ...]:
    """The tables to read a text with: its own language first, then English, then the others.

    All of them, because the stopword guess of a short or mixed text is often wrong (a German
    dateline under an English-looking teaser list); the order decides between two readings.
    """
    tables = language_tables()
    lang = (language or "").lower()[:2]
    order = [lang] if lang in tables else []
    order += [c for c in ("en", *tables) if c not in order]
    return tuple(tables[c] for c in dict.fromkeys(order))


def _alt(words: Iterable[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Forms:
    """The compiled date patterns of one language table."""

    table: LanguageTable
    patterns: tuple[regex.Pattern[str], ...]
    label: regex.Pattern[str]


_ORDINAL = r"(?:st|nd|rd|th|er|e|º|°|ª|\.)?"
_YEAR4 = r"(?P<year>(?:19|20)\d\d)"


@cache
def _forms(code: str) -> _Forms:
    t = language_tables()[code]
    mon = rf"(?P<mon>{_alt(t.months)})\.?"
    wd = rf"(?:(?:{_alt(t.weekdays)})\.?,?\s+)?"
    fill = r"(?:(?:de|del|of|the)\s+)?"
    patterns = (
        # ISO and year-first: 2019-11-20, 2019-11-20T06:35:39Z, 2019/11/20.
        regex.compile(
            r"(?<![\d])(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)"
            r"(?:[T ](?P<iso_time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?P<iso_tz>Z|[+-]\d{2}:?\d{2})?)?(?![\d])"
        ),
        # Day first: 16 January 2026, 16. Januar 2026, 3rd of March, 16 de enero de 2026.
        regex.compile(
            rf"(?i)(?<![\p{{L}}\d]){wd}(?P<day>[0-3]?\d){_ORDINAL}\s*{fill}{mon}(?:,?\s*{fill}{_YEAR4})?(?![\p{{L}}\d])"
        ),
        # Month first: Nov. 19, 2019, January 16 2026, Jan 16.
        regex.compile(
            rf"(?i)(?<![\p{{L}}\d]){wd}{mon}\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+{_YEAR4})?(?![\p{{L}}\d:.])"
        ),
        # Numeric with a year: 23.06.2016, 11/19/2019, 19-11-19.
        regex.compile(
            r"(?<![\d./-])(?P<a>[0-3]?\d)(?P<sep>[./-])\s?(?P<b>[01]?\d)(?P=sep)\s?(?P<year>(?:19|20)\d\d|\d\d)(?![\d])"
        ),
    )
    labels = _alt([*t.published, *t.modified])
    label = regex.compile(
        rf"(?i)(?<!\p{{L}})(?P<label>{labels})\s*(?:on|am|le|el|il|em|op)?\s*[:|\-–—]?\s*"
        r"(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*,?\s*)?$"
    )
    return _Forms(t, patterns, label)


_TIME = regex.compile(
    r"(?i)(?<![\d:.])(?P<h>[0-2]?\d)(?:[:.h](?P<m>[0-5]\d))(?::(?P<s>[0-5]\d))?(?![\d])"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?(?:\s*(?:uhr|hrs?|horas|h|ore|uur))?"
    r"(?:\s*\(?(?P<tz>(?-i:[A-Z]{1,4})|[+-]\d{2}:?\d{2})(?![\p{L}]))?"
)
_TIME_BRIDGE = regex.compile(
    r"(?i)^[\s,|•·–-]*(?:(?:at|um|à|a|a\s+las|alle|alle\s+ore|ore|om|às|as|-)\s+)?(?:(?:the|le)\s+)?$"
)


def _offset_for(zone: str, day: dt.date, hour: int, minute: int) -> str | None:
    fixed, regional = _zones()
    if zone in fixed:
        return fixed[zone]
    if zone in regional:
        try:
            tz = zoneinfo.ZoneInfo(regional[zone])
        except zoneinfo.ZoneInfoNotFoundError:
            return None
        off = dt.datetime.combine(day, dt.time(hour, minute), tz).utcoffset()
        return _fmt_offset(off) if off is not None else None
    m = regex.fullmatch(r"([+-])(\d{2}):?(\d{2})", zone)
    return f"{m[1]}{m[2]}:{m[3]}" if m else None


def _fmt_offset(off: dt.timedelta) -> str:
    total = int(off.total_seconds()) // 60
    sign = "+" if total >= 0 else "-"
    return f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


def _time_near(text: str, start: int, end: int) -> tuple[int, int, int, str | None] | None:
    """(hour, minute, second, zone) of a time printed just after or just before a date."""
    after = text[end : end + TIME_AFTER_CHARS + 12]
    m = _TIME.search(after, timeout=MATCH_TIMEOUT_S)
    if m and m.start() <= TIME_AFTER_CHARS and _TIME_BRIDGE.match(after[: m.start()]):
        got = _time_parts(m)
        if got:
            return got
    before = text[max(0, start - TIME_BEFORE_CHARS) : start]
    for m in _TIME.finditer(before, timeout=MATCH_TIMEOUT_S):
        rest = before[m.end() :]
        if regex.fullmatch(r"(?i)[\s,|•·–-]*(?:\p{L}{2,9}\.?,?\s*)?", rest):
            got = _time_parts(m)
            if got:
                return got
    return None


def _time_parts(m: regex.Match[str]) -> tuple[int, int, int, str | None] | None:
    h, mi, s = int(m["h"]), int(m["m"]), int(m["s"] or 0)
    ampm = (m["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = (h % 12) + (12 if ampm == "pm" else 0)
    if h > 23:
        return None
    tz = m["tz"]
    if tz and tz not in _zones()[0] and tz not in _zones()[1] and tz[0] not in "+-":
        tz = None
    return h, mi, s, tz


def _iso(day: dt.date, time: tuple[int, int, int, str | None] | None) -> str:
    if time is None:
        return day.isoformat()
    h, mi, s, tz = time
    stamp = f"{day.isoformat()}T{h:02d}:{mi:02d}:{s:02d}"
    offset = _offset_for(tz, day, h, mi) if tz else None
    return stamp + (offset or "")


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def url_country(url: str | None) -> str | None:
    """The country code of a URL's top-level domain (`.co.uk` gives "uk"), or None for .com and kin."""
    if not url:
        return None
    host = ((split_url(url) or _NO_PARTS).hostname or "").lower()
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    return tld if len(tld) == 2 else None


def _day_first(table: LanguageTable, country: str | None) -> bool:
    if country and country in table.day_first_countries:
        return True
    if country == "us":
        return False
    return table.day_first


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date found in a string: where, the calendar day (None when the year is missing), and parts."""

    start: int
    end: int
    month: int
    day: int
    year: int | None
    time: tuple[int, int, int, str | None] | None
    language: str


def _match_to_date(
    m: regex.Match[str], text: str, forms: _Forms, country: str | None
) -> tuple[int | None, int, int] | None:
    g = m.groupdict()
    if g.get("mon"):
        month = forms.table.months[g["mon"].lower()]
        day = int(g["day"])
        year = int(g["year"]) if g.get("year") else None
    elif g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        year = int(g["year"])
        year = year + 2000 if year < 100 else year
        # A dot is the European numeric date (23.06.2016); a number above 12 settles the order.
        if a > 12 or g["sep"] == ".":
            day, month = a, b
        elif b > 12:
            day, month = b, a
        else:
            day, month = (a, b) if _day_first(forms.table, country) else (b, a)
    else:
        year, month, day = int(g["year"]), int(g["month"]), int(g["day"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is not None and _valid(year, month, day) is None:
        return None
    return year, month, day


# [speed glue] Gates of find_in, each a necessary condition of some of _forms' patterns, so that a
# line skips the patterns it cannot match (they were ~50% of the text path's CPU): every form needs a
# digit (`\d` as the patterns read it); the ISO and numeric forms (0 and 3) need a digit then a
# separator; the day-first and month-first forms (1 and 2) need one of the table's month names followed
# by no letter (".", a space, a digit, the end) or by a filler word ("5 Mayof 2019" is a day-first date).
_DIGIT = regex.compile(r"\d")
_NUMERIC_GATE = regex.compile(r"\d[-/.]")
_NAMED_FORMS = (1, 2)


@cache
def _month_gate(code: str) -> regex.Pattern[str]:
    return regex.compile(rf"(?i)(?:{_alt(language_tables()[code].months)})(?:(?!\p{{L}})|(?=(?:de|del|of|the)\s))")


def find_in(text: str, *, language: str | None = None, url: str | None = None) -> list[DateMatch]:
    """Every date printed in `text`, leftmost first; overlapping readings keep the longest."""
    if _DIGIT.search(text) is None:
        return []  # [speed glue] every date form needs a digit (a day or a year); most lines have none
    country = url_country(url)
    found: list[DateMatch] = []
    numeric = _NUMERIC_GATE.search(text) is not None
    for table in tables_for(language):
        forms = _forms(table.code)
        named = _month_gate(table.code).search(text) is not None
        for n, pat in enumerate(forms.patterns):
            if not (named if n in _NAMED_FORMS else numeric):
                continue
            for m in pat.finditer(text, timeout=MATCH_TIMEOUT_S):
                parts = _match_to_date(m, text, forms, country)
                if parts is None:
                    continue
                year, month, day = parts
                if m.groupdict().get("iso_time"):
                    hms = [int(x) for x in m["iso_time"].split(".")[0].split(":")]
                    zone = m["iso_tz"]
                    time: tuple[int, int, int, str | None] | None = (
                        hms[0],
                        hms[1],
                        hms[2] if len(hms) > 2 else 0,
                        ("Z" if zone == "Z" else zone) if zone else None,
                    )
                else:
                    time = _time_near(text, m.start(), m.end())
                found.append(DateMatch(m.start(), m.end(), month, day, year, time, table.code))
    # Stable sort: at equal span, the reading of the first table (the text's language) wins.
    found.sort(key=lambda d: (d.start, -(d.end - d.start), d.year is None))
    out: list[DateMatch] = []
    for d in found:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return out


_YEAR_ANYWHERE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def full_dates(text: str, *, language: str | None = None) -> list[dt.date]:
    """Every date with an explicit year in `text`, slugs included, as year-inference evidence."""
    found: set[dt.date] = set()
    for y in _YEAR_ANYWHERE.finditer(text):
        start = max(0, y.start() - DATE_WINDOW_CHARS)
        window = text[start : y.end() + 12].replace("-", " ")
        for d in find_in(window, language=language):
            if d.year is not None:
                found.add(dt.date(d.year, d.month, d.day))
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
        day = _valid(match.year, match.month, match.day)
        return DateValue(_iso(day, match.time), raw) if day else None
    year = _closest_year(match.month, match.day, evidence)
    anchor = reference or fallback
    if year is None and anchor is not None:
        year = _year_before(match.month, match.day, anchor)
    if year is None:
        return None
    day = _valid(year, match.month, match.day)
    return DateValue(_iso(day, match.time), raw, year_inferred=True) if day else None


def parse_relative(text: str, *, reference: dt.date | None, language: str | None = None) -> DateValue | None:
    """ "vor 2 Stunden", "il y a 3 heures", "3 months ago", "yesterday" against the reference date.

    dateparser reads the phrase in the text's language (or detects it); only phrases that are
    relative in its own terms count, so an absolute date dateparser would accept is not re-read here.
    """
    if reference is None or not text.strip() or len(text.split()) > RELATIVE_MAX_WORDS:
        return None
    import dateparser

    base = dt.datetime.combine(reference, dt.time(12))
    langs = [language[:2]] if language and language[:2] in _dateparser_languages() else None
    try:
        got = dateparser.parse(
            text,
            languages=langs,
            settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False},
        )
    except Exception:  # dateparser raises a variety of errors on odd strings
        return None
    if got is None or got > base + dt.timedelta(days=1) or not _RELATIVE_HINT.search(text):
        return None
    return DateValue(got.date().isoformat(), text.strip(), year_inferred=True)


# A relative phrase has a number or a day word and a unit; "16 Jan" does not look like one.
_RELATIVE_HINT = regex.compile(
    r"(?i)\b(?:ago|vor|il\s+y\s+a|hace|fa|geleden|há|today|yesterday|heute|gestern|hier|aujourd|ayer|hoy|"
    r"ieri|oggi|gisteren|vandaag|ontem|hoje)\b"
)


@cache
def _dateparser_languages() -> frozenset[str]:
    from dateparser.languages.loader import default_loader

    return frozenset(loc.shortname for loc in default_loader.get_locales())


def parse_date(
    raw: str,
    *,
    evidence: Iterable[dt.date] = (),
    reference: dt.date | None = None,
    fallback: dt.date | None = None,
    language: str | None = None,
    url: str | None = None,
) -> DateValue | None:
    """Normalise one captured date string; a missing year comes from evidence, then reference, then fallback."""
    text = raw.strip()
    found = find_in(text, language=language, url=url)
    if found:
        return resolve(found[0], raw, evidence=evidence, reference=reference, fallback=fallback)
    return parse_relative(text, reference=reference or fallback, language=language)


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """A date found on a line of the text, with what the line says about it."""

    value: DateValue
    kind: str | None  # "published", "modified" or None (an unlabelled date)
    line: int  # 0-based index into the lines
    dateline: bool  # the line is mostly this date (a template's dateline, not prose)


# An unlabelled date is a dateline when the rest of its line holds at most this many words
# ("By Chris Pokorny @DawgsByNature Nov 18, 2019" leaves 4); prose around a date leaves more.
DATELINE_MAX_OTHER_WORDS: Final = 5
# Lines longer than this are prose; a dateline with byline and time stays under it.
DATELINE_MAX_WORDS: Final = 18
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’@._-]*")


def _other_words(line: str, spans: Sequence[tuple[int, int]], table: LanguageTable) -> int:
    rest = line
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    rest = _TIME.sub(" ", rest)
    skip = {w.lower() for w in (*table.weekdays, *table.fillers, *table.published, *table.modified, *table.byline)}
    skip |= set(_zones()[0]) | set(_zones()[1])
    words = [w for w in _WORD.findall(rest) if w.lower() not in skip and w not in skip]
    return len(words)


def find_dates(
    lines: Sequence[str | None],
    *,
    url: str | None = None,
    language: str | None = None,
    reference: dt.date | None = None,
    fallback: dt.date | None = None,
    evidence: Iterable[dt.date] = (),
) -> list[DateCandidate]:
    """Dates on short lines of the text: labelled ones ("Publié le …", "Aktualisiert …") and datelines.

    Long lines are prose: a date there is what the article is about, not when it was written.
    """
    ev = list(evidence)
    tables = tables_for(language)
    out: list[DateCandidate] = []
    for idx, line in enumerate(lines):
        if not line or not line.strip() or len(line.split()) > DATELINE_MAX_WORDS:
            continue
        # A label's language reads the line: "Atualizado em 12/03/2021" is day first even in a
        # text whose stopwords looked English.
        line_lang = _label_language(line, tables) or language
        matches = find_in(line, language=line_lang, url=url)
        for m in matches:
            kind = _label_before(line[: m.start], tables)
            value = resolve(m, line[m.start : m.end].strip(), evidence=ev, reference=reference, fallback=fallback)
            if value is None:
                continue
            dateline = _other_words(line, [(d.start, d.end) for d in matches], language_tables()[m.language]) <= (
                DATELINE_MAX_OTHER_WORDS
            )
            out.append(DateCandidate(value, kind, idx, dateline))
        if not matches:
            rel = _labelled_relative(line, tables, reference, language)
            if rel is not None:
                out.append(DateCandidate(rel[1], rel[0], idx, True))
    return out


def _label_pattern(labels: str) -> regex.Pattern[str]:
    return regex.compile(rf"(?i)(?<!\p{{L}})(?:{labels})(?:(?!\p{{L}})|(?=(?:de|del|of|the)\s))")


@cache
def _label_patterns(codes: tuple[str, ...]) -> tuple[regex.Pattern[str], tuple[regex.Pattern[str], ...]]:
    """[speed glue] Every table's label pattern, compiled once, and their union as a gate.

    Rebuilding and escaping each table's alternation on every line was ~45% of the text path's CPU.
    The union matches a line exactly when one of the tables does (an alternation of alternations),
    so most lines, which hold no label, cost one search instead of one per table.
    """
    tables = language_tables()
    per_table = tuple(_alt([*tables[c].published, *tables[c].modified]) for c in codes)
    every = _alt(w for c in codes for w in (*tables[c].published, *tables[c].modified))
    return _label_pattern(every), tuple(_label_pattern(labels) for labels in per_table)


def _label_language(line: str, tables: Sequence[LanguageTable]) -> str | None:
    gate, per_table = _label_patterns(tuple(t.code for t in tables))
    if gate.search(line, timeout=MATCH_TIMEOUT_S) is None:
        return None
    for table, pattern in zip(tables, per_table, strict=True):
        if pattern.search(line, timeout=MATCH_TIMEOUT_S):
            return table.code
    return None


def _label_before(prefix: str, tables: Sequence[LanguageTable]) -> str | None:
    """ "published"/"modified" when the text just before a date ends with one of their labels."""
    segments = regex.split(r"[|•·]", prefix[-60:])
    # Labels further back than the last separator belong to another date on the line, unless
    # nothing but the separator stands between label and date ("LAST UPDATE | 16 Jan").
    tail = segments[-1] if segments[-1].strip() or len(segments) == 1 else segments[-2]
    for table in tables:
        m = _forms(table.code).label.search(tail, timeout=MATCH_TIMEOUT_S)
        if m:
            label = m["label"].lower()
            if label in {w.lower() for w in table.modified}:
                return "modified"
            return "published"
    return None


def _labelled_relative(
    line: str, tables: Sequence[LanguageTable], reference: dt.date | None, language: str | None
) -> tuple[str, DateValue] | None:
    if reference is None:
        return None
    for table in tables:
        labels = _alt([*table.published, *table.modified])
        m = regex.match(rf"(?i)^\W*(?P<label>{labels})\s*[:|\-–]?\s*(?P<rest>.+)$", line.strip())
        if not m:
            continue
        value = parse_relative(m["rest"], reference=reference, language=language or table.code)
        if value is not None:
            kind = "modified" if m["label"].lower() in {w.lower() for w in table.modified} else "published"
            return kind, value
    return None


def pick_dates(
    candidates: Sequence[DateCandidate], *, url_date: DateValue | None = None
) -> tuple[DateValue | None, DateValue | None]:
    """(published, modified): the first labelled date of each kind, else the URL's day, else a dateline.

    Unlabelled datelines disagree on full-page dumps: a site header prints today's date, teaser
    lists print theirs. The URL's day settles it when there is one (a dateline of that day is
    preferred, for its time). Otherwise, when they disagree, the first dateline that prints a time
    wins: article datelines carry one, a header's "Wednesday, November 20, 2019" does not
    (dev sh+tf, article and fulltext: agreement 0.844 -> 0.855, precision 0.870 -> 0.891).
    """
    published = next((c.value for c in candidates if c.kind == "published"), None)
    modified = next((c.value for c in candidates if c.kind == "modified"), None)
    if published is not None:
        return published, modified
    datelines = [c.value for c in candidates if c.kind is None and c.dateline]
    if url_date is not None:
        return next((v for v in datelines if v.day == url_date.day), url_date), modified
    if len({v.day for v in datelines}) > 1:
        published = next((v for v in datelines if "T" in v.iso), datelines[0])
    elif datelines:
        published = datelines[0]
    return published, modified


def text_dates(
    lines: Sequence[str | None],
    *,
    url: str | None = None,
    language: str | None = None,
    reference: dt.date | None = None,
    fallback: dt.date | None = None,
) -> tuple[DateValue | None, DateValue | None]:
    """(published, modified) from the text alone, with the URL's date as evidence and last resort."""
    from cleaner.metadata.url_dates import dates_from_url, url_date_value

    text = "\n".join(line for line in lines if line)
    evidence = full_dates(text, language=language)
    in_url = dates_from_url(url)
    if in_url is not None:
        evidence.append(in_url.first_day())
    cands = find_dates(lines, url=url, language=language, reference=reference, fallback=fallback, evidence=evidence)
    return pick_dates(cands, url_date=url_date_value(url))
