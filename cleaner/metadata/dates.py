"""Turn the date strings news templates print into ISO 8601, in the languages of the tables.

"LAST UPDATE | 16 Jan", "Nov. 19, 2019 8:03 am ET", "Veröffentlicht am 23.06.2016 um 16:14 Uhr",
"Publié le 16 janvier 2026 à 10h30", "hace 2 días": month names, weekdays and labels come from
cleaner/rulesets/languages/<code>.toml; time-zone abbreviations from zones.toml. A missing year is
inferred from the other dates of the text and of the URL, then from the reference date; relative
dates ("vor 2 Stunden") are resolved against the reference date by dateparser, which knows their
phrasing in some 200 locales. Without a reference, a relative date gives nothing: never invent.

The work is split by job: date_tables.py reads the language tables, date_times.py the time next
to a date, date_forms.py finds and resolves the dates printed in a string, date_relative.py reads
"vor 2 Stunden" against the reference date; this module reads the lines of a text (labels,
datelines, relative dates) and picks the published and modified dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from typing import Final, cast

import regex

from cleaner.casing import lower
from cleaner.metadata.date_forms import (
    FOUND_MEMO_STRINGS,
    DateMatch,
    _found,
    _month_prefixes,
    as_match,
    dated_iso,
    find_in,
    forms_of,
    found_time,
    full_dates,
    gated_rows,
    resolve,
    url_country,
)
from cleaner.metadata.date_relative import _labelled_relative, _modified_words, parse_relative
from cleaner.metadata.date_tables import (
    LanguageTable,
    alternation,
    fold_case,
    language_tables,
    tables_for,
    zones,
)
from cleaner.metadata.date_times import _TIME_GATE, ANY_DIGIT, MATCH_TIMEOUT_S, time_gate, without_times
from cleaner.metadata.metalines import date_lines, short_lines
from cleaner.model import DateValue
from cleaner.native import kernel
from cleaner.rules.literal_scan import LiteralScan, backend, line_starts
from cleaner.rules.patterns import compiled

# Re-exported: callers read dates through this module.
__all__ = [
    "DateCandidate",
    "LanguageTable",
    "find_dates",
    "full_dates",
    "language_tables",
    "parse_date",
    "parse_relative",
    "pick_dates",
    "tables_for",
    "text_date_candidates",
    "text_dates",
]


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


# Its __init__ written out, not frozen: as date_forms.DateMatch's (a frozen dataclass's generated __init__ is
# interpreted in the compiled build). Nothing assigns to a DateCandidate after it is made.
@dataclass(slots=True, init=False, unsafe_hash=True)
class DateCandidate:
    """A date found on a line of the text, with what the line says about it."""

    value: DateValue
    kind: str | None  # "published", "modified", "byline" (on a byline line) or None (an unlabelled date)
    line: int  # 0-based index into the lines
    dateline: bool  # the line is mostly this date (a template's dateline, not prose)

    def __init__(self, value: DateValue, kind: str | None, line: int, dateline: bool) -> None:
        self.value = value
        self.kind = kind
        self.line = line
        self.dateline = dateline


# The year the first web page went up: no page's own date is older.
WEB_FIRST_YEAR: Final = 1991
# An unlabelled date is a dateline when the rest of its line holds at most this many words
# ("By Chris Pokorny @DawgsByNature Nov 18, 2019" leaves 4); prose around a date leaves more.
DATELINE_MAX_OTHER_WORDS: Final = 5
# Lines longer than this are prose; a dateline with byline and time stays under it.
DATELINE_MAX_WORDS: Final = 18
_WORD = compiled(r"[\p{L}\p{N}][\p{L}\p{N}'’@._-]*")
_native = kernel("cleaner.metadata._metalines")


def _other_words(line: str, spans: Sequence[tuple[int, int]], code: str) -> int:
    """How many words of `line` are left outside the dates at `spans`, their times and table `code`'s dateline words
    (_skip_words). From the kernel when it is built and can read the line: its other_words steps over the dates and
    times in place and counts the words as it cuts them, with no substitution's copies, `regex` scan or list of words
    (the twin: _words_besides of _rest_words)."""
    if _native is not None:
        got = _native.other_words(line, spans, _skip_words(code))
        if got is not None:
            return cast("int", got)
    return _words_besides(_rest_words(line, spans), code)


def _rest_words(line: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """The words of `line` outside the dates at `spans` and the times it prints."""
    rest = line
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    # Every TIME match holds _TIME_GATE: a line without it has no time to take out (no substitution scan).
    if time_gate(rest, 0, len(rest), _TIME_GATE):
        rest = without_times(rest)
    return cast("list[str]", _WORD.findall(rest))


def _words_besides(words: list[str], code: str) -> int:
    """How many of `words` are not among the words a dateline of table `code` may hold (_skip_words)."""
    skip = _skip_words(code)
    return sum(1 for w in words if lower(w) not in skip and w not in skip)


@cache
def _skip_words(code: str) -> frozenset[str]:
    """The words a dateline may hold besides its date (weekdays, labels, zones), built once per table."""
    table = language_tables()[code]
    skip = {lower(w) for w in (*table.weekdays, *table.fillers, *table.published, *table.modified, *table.byline)}
    return frozenset(skip | set(zones()[0]) | set(zones()[1]))


def find_dates(
    lines: Sequence[str | None],
    *,
    url: str | None = None,
    language: str | None = None,
    reference: dt.date | None = None,
    fallback: dt.date | None = None,
    evidence: Iterable[dt.date] | Callable[[], Iterable[dt.date]] = (),
) -> list[DateCandidate]:
    """Dates on short lines of the text: labelled ones ("Publié le …", "Aktualisiert …") and datelines.

    Long lines are prose: a date there is what the article is about, not when it was written.
    `evidence` may be a function: it is called only if a date without its year needs it.
    """
    # Read once, when a date without its year first needs it. Not a nested function: in the compiled build a closure
    # and its environment form a reference cycle per call, which leaves the text's lines to the cyclic collector.
    known: list[dt.date] | None = None if callable(evidence) else list(evidence)
    tables = tables_for(language)
    codes = tuple(t.code for t in tables)
    # The rows find_in can find a date on (`dated`): short lines holding a digit, which every date form needs, that pass
    # both of its gates (most rows with a digit fail them: a count, a price, a clock time), told in one pass over the
    # lines (metalines.date_lines, which counts a line's words and looks for its digit in one walk; the word count
    # stops past the limit) instead of a call, a memo look-up, a digit search and the gates' searches each;
    # _line_reading then asks no digit search of them. Of those, only the rows _found reads some form on can give a
    # date (date_forms.gated_rows: _found's gates and the month scan's masks, one kernel pass over the rows): most
    # rows do not (a German line passes date_lines' screen with any umlaut), and they are not read one by one (a
    # call, two memo entries and the gates' answers each).
    dated_rows = gated_rows(lines, date_lines(lines, ANY_DIGIT, DATELINE_MAX_WORDS, _month_prefixes()[0])[1])
    # The rows read: every short line with a reference date (a labelled one may give a relative date). Without one a
    # labelled line gives no relative date (_labelled_relative), so a row find_in can find no date on gives nothing:
    # only the dated rows are read, their labels looked for (half the rows on dev tf).
    row_indexes = short_lines(lines, range(len(lines)), DATELINE_MAX_WORDS) if reference is not None else dated_rows
    # The labels and byline words each row holds, as a mask per row (_row_words): most rows hold none.
    masks, n_labels = _row_words(lines, row_indexes, codes)
    label_bits = (1 << n_labels) - 1
    dated = set(dated_rows)
    country = url_country(url)
    out: list[DateCandidate] = []
    for row in range(len(row_indexes)):
        idx = row_indexes[row]
        mask = masks.get(row, 0)
        labelled = bool(mask & label_bits)
        if not labelled and idx not in dated:
            continue  # no date form matches and no label: nothing to read (find_in would find nothing)
        line = cast("str", lines[idx])
        reading = _line_reading(line, language, country, labelled, mask > label_bits, idx in dated)
        for d in reading:
            raw, iso, kind, dateline = d[10], d[11], d[12], d[13]
            value: DateValue | None = None
            if d[4] is None:
                # Only a date without its year reads the evidence (gathering it was ~10% of the text path).
                if known is None:
                    known = list(cast("Callable[[], Iterable[dt.date]]", evidence)())
                value = resolve(_match_of(d), raw, evidence=known, reference=reference, fallback=fallback)
            elif iso is not None:
                value = DateValue(iso, raw)  # what resolve gives a date with its year
            if value is None:
                continue
            out.append(DateCandidate(value, kind, idx, dateline))
        if not reading and labelled:
            rel = _labelled_relative(line, tables, reference, language)
            if rel is not None:
                out.append(DateCandidate(rel[1], rel[0], idx, True))
    return out


# Lines whose reading (_line_reading) is remembered: a site's datelines, bylines and footers repeat from page to page,
# and a page's renderings repeat each other's lines (half the dated lines of dev tf's first sight were seen before).
# The lines are short (at most DATELINE_MAX_WORDS words) and most readings hold one date: the same bound as
# date_forms' memo of the strings it searched.
LINE_READINGS_MEMO: Final = FOUND_MEMO_STRINGS

# One date of a line as _line_reading reads it: the date as date_forms._found remembers it (its first ten fields), its
# text, its ISO stamp when it has its year (None when it has none, or when it is no calendar day: resolve's value
# without its DateValue), its kind and whether it is a dateline. One flat tuple of plain values, as _found's: the memo's
# entries leave the young generations untracked (until the thirty-sixth round each held a DateMatch and a DateValue,
# tracked for as long as the memo kept them).
_LineDate = tuple[int, int, int, int, int | None, int, int, int, str | None, str, str, str | None, str | None, bool]


def _match_of(d: _LineDate) -> DateMatch:
    """The DateMatch of a line's date, for resolve to read with the text's evidence."""
    return as_match(d[:10])


@lru_cache(maxsize=LINE_READINGS_MEMO)
def _line_reading(
    line: str, language: str | None, country: str | None, labelled: bool, held_byline: bool, may_hold_date: bool
) -> tuple[_LineDate, ...]:
    """The dates find_dates reads on one line, with all it says of each but the value of a date without its year
    (which the text's evidence and the reference date give): a function of the line, the text's language, the URL's
    country and whether the line holds a label or a byline word (the text's gates), so remembered per line.

    `labelled`, `held_byline` and `may_hold_date` are what find_dates tells of the line: it holds one of the tables'
    labels, one of their byline words (fold_case'd), and holds a digit and passes metalines.date_rows (else find_in
    would find nothing, and is not asked).
    """
    tables = tables_for(language)
    # A label's language reads the line: "Atualizado em 12/03/2021" is day first even in a
    # text whose stopwords looked English.
    line_lang = (_label_language(line, tables) if labelled else None) or language
    # A dated row holds a digit (find_dates): found_in_country's digit search is not asked again.
    matches = _found(line, line_lang, country) if may_hold_date else ()
    bylined = bool(matches) and held_byline and _starts_with_byline(line, tables)
    spans = [(d[0], d[1]) for d in matches]
    # The words a date leaves on its line are the same for every date of the line in one table's language: counted
    # once per line, again only for a date of another language.
    counted = ""
    other = 0
    out: list[_LineDate] = []
    for m in matches:
        start, end, year, code = m[0], m[1], m[4], m[9]
        # A label before the date is one of the labels the line holds (fold_case is the gate).
        kind = (_label_before(line[:start], tables) if labelled else None) or ("byline" if bylined else None)
        raw = line[start:end].strip()
        # A date with its year is the same whatever the evidence and the reference.
        iso = dated_iso(year, m[2], m[3], found_time(m)) if year is not None else None
        if code != counted:
            counted = code
            other = _other_words(line, spans, counted)
        dateline = other <= DATELINE_MAX_OTHER_WORDS
        out.append((*m, raw, iso, kind, dateline))
    return tuple(out)


@cache
def _folded_words(codes: tuple[str, ...], kind: str) -> tuple[str, ...]:
    """The tables' labels ("labels": published and modified) or byline words, case-folded."""
    tables = language_tables()
    words = (
        w
        for c in codes
        for w in (tables[c].byline if kind == "byline" else (*tables[c].published, *tables[c].modified))
    )
    return tuple(sorted({fold_case(w) for w in words}))


@cache
def _word_scan(codes: tuple[str, ...]) -> tuple[LiteralScan, int]:
    """One automaton of the tables' labels and byline words (_folded_words), each numbered in that order, and how many
    of them are labels: the rows are searched for all of them in one pass, not one substring test each (133 words)."""
    labels = _folded_words(codes, "labels")
    words = (*labels, *_folded_words(codes, "byline"))
    numbers: dict[str, list[int]] = {}
    for n, w in enumerate(words):
        numbers.setdefault(w, []).append(n)
    return LiteralScan(numbers, backend()), len(labels)


def _row_words(lines: Sequence[str | None], rows: Sequence[int], codes: tuple[str, ...]) -> tuple[dict[int, int], int]:
    """For each of `rows` (by its place among them) whose line holds one of the tables' labels or byline words in its
    fold_case, the mask of those it holds (_word_scan's numbering; no entry: none), and how many of the words are
    labels (the mask's low bits). The rows are folded and searched in one pass over their join: the automaton gives
    each hit's row, so no row's fold is cut out and no row is searched again for the words the join holds."""
    scan, n_labels = _word_scan(codes)
    found: dict[int, int] = {}
    if not rows:
        return found, n_labels
    texts = [cast("str", lines[idx]) for idx in rows]
    folded = fold_case("\n".join(texts))
    # Each row's fold is its piece of the joined fold (casefold maps no character to or from "\n", and "i\u0307" is
    # one line's), unless a row holds "\n" itself: then each row is folded on its own and their folds joined.
    if folded.count("\n") == len(texts) - 1:
        starts = _piece_starts(folded, len(texts))
    else:
        folds = [fold_case(text) for text in texts]
        folded = "\n".join(folds)
        starts = line_starts(folds)
    scan.add_lines(folded, starts, found)
    return found, n_labels


def _piece_starts(joined: str, n: int) -> list[int]:
    """Where each of the `n` pieces of `joined` (joined with "\n", none holding one) starts."""
    starts = [0] * n
    at = 0
    for k in range(1, n):
        at = joined.find("\n", at) + 1
        starts[k] = at
    return starts


def _starts_with_byline(line: str, tables: Sequence[LanguageTable]) -> bool:
    """ "By Michelle Ehrhardt 04 November 2020": a byline's date is the article's, not a teaser's."""
    return bool(_byline_start(tuple(t.code for t in tables)).match(line, None, None, None, False, MATCH_TIMEOUT_S))


@cache
def _byline_start(codes: tuple[str, ...]) -> regex.Pattern[str]:
    labels = alternation([w for c in codes for w in language_tables()[c].byline])
    # The label, then a capitalised name: "By the time …" and "Von der Leyen sagte" are prose.
    return regex.compile(rf"(?i)^\W*(?:{labels})\s*:?\s+(?-i:\p{{Lu}}\p{{Ll}}+)(?!\s+(?:der|die|das)\b)")


def _label_pattern(labels: str) -> regex.Pattern[str]:
    return regex.compile(rf"(?i)(?<!\p{{L}})(?:{labels})(?!\p{{L}})")


@cache
def _label_patterns(codes: tuple[str, ...]) -> tuple[regex.Pattern[str], ...]:
    """Every table's label pattern, compiled once: rebuilding and escaping each table's alternation on every line was
    ~45% of the text path's CPU. `_label_language` asks only the tables whose labels the line's fold holds, so no union
    of them is needed as a gate."""
    tables = language_tables()
    return tuple(_label_pattern(alternation([*tables[c].published, *tables[c].modified])) for c in codes)


@cache
def _table_labels(code: str) -> tuple[str, ...]:
    """Table `code`'s labels (published and modified), case-folded: a line, or the text before a date, that `regex`
    finds one of them in under (?i) holds one of these in its fold_case (the gate find_dates reads labels with)."""
    table = language_tables()[code]
    return tuple(sorted({fold_case(w) for w in (*table.published, *table.modified)}))


def _holds_label(folded: str, code: str) -> bool:
    """Whether `folded` (fold_case'd) holds one of table `code`'s labels: else its label patterns cannot match."""
    return any(word in folded for word in _table_labels(code))


def _label_language(line: str, tables: Sequence[LanguageTable]) -> str | None:
    """The first of `tables` whose label pattern matches `line`: only the tables whose labels the line's fold holds
    are searched, instead of a search of every table's labels and then of each table's."""
    per_table = _label_patterns(tuple(t.code for t in tables))
    folded = fold_case(line)
    for n in range(len(tables)):
        code = tables[n].code
        if _holds_label(folded, code) and per_table[n].search(line, None, None, None, False, MATCH_TIMEOUT_S):
            return code
    return None


def _label_before(prefix: str, tables: Sequence[LanguageTable]) -> str | None:
    """ "published"/"modified" when the text just before a date ends with one of their labels."""
    segments = _SEPARATOR.split(prefix[-60:])
    # Labels further back than the last separator belong to another date on the line, unless
    # nothing but the separator stands between label and date ("LAST UPDATE | 16 Jan").
    tail = segments[-1] if segments[-1].strip() or len(segments) == 1 else segments[-2]
    folded = fold_case(tail)
    for table in tables:
        if not _holds_label(folded, table.code):
            continue  # its label pattern needs one of its labels
        m = forms_of(table.code).label.search(tail, None, None, None, False, MATCH_TIMEOUT_S)
        if m:
            return "modified" if lower(m["label"]) in _modified_words(table.code) else "published"
    return None


# What separates the dates of one line ("Published 3 May | Updated 4 May"); compiled once, not per date.
_SEPARATOR = compiled(r"[|•·]")


def pick_dates(
    candidates: Sequence[DateCandidate],
    *,
    url: str | None = None,
    lines: Sequence[str | None] = (),
    kept: Sequence[str | None] | None = None,
) -> tuple[DateValue | None, DateValue | None]:
    """(published, modified): published by date_pick.pick_published; modified is the first labelled one."""
    from cleaner.metadata.date_pick import pick_published

    modified = next((c.value for c in candidates if c.kind == "modified"), None)
    return pick_published(candidates, lines=lines, kept=kept, url=url), modified


def text_dates(
    lines: Sequence[str | None],
    *,
    url: str | None = None,
    language: str | None = None,
    reference: dt.date | None = None,
    fallback: dt.date | None = None,
    kept: Sequence[str | None] | None = None,
) -> tuple[DateValue | None, DateValue | None]:
    """(published, modified) from the text alone, with the URL's date as evidence and last resort.

    `kept` (the cleaner's view of `lines`) tells the picker where the article starts.
    """
    cands = text_date_candidates(lines, url=url, language=language, reference=reference, fallback=fallback)
    return pick_dates(cands, url=url, lines=lines, kept=kept)


def text_date_candidates(
    lines: Sequence[str | None],
    *,
    url: str | None = None,
    language: str | None = None,
    reference: dt.date | None = None,
    fallback: dt.date | None = None,
) -> list[DateCandidate]:
    """Every date find_dates reads on the lines, with the text's full dates and the URL's as year evidence."""
    # A partial over a module-level function, not a closure: no reference cycle per text in the compiled build.
    evidence = partial(_text_evidence, lines, language, url)
    return find_dates(lines, url=url, language=language, reference=reference, fallback=fallback, evidence=evidence)


def _text_evidence(lines: Sequence[str | None], language: str | None, url: str | None) -> list[dt.date]:
    """The text's full dates and the URL's: the year evidence of text_date_candidates, gathered only when needed.

    A date before WEB_FIRST_YEAR is history the page tells, never the page's own time ("… po 382 dniach, 11 lipca
    1966 roku" gave a Polish page's undated dateline "10 maja" the year 1966); later dates in prose stay evidence, as
    a news page's prose mostly dates the weeks around it."""
    from cleaner.metadata.url_dates import dates_from_url

    found = [
        d for d in full_dates("\n".join(line for line in lines if line), language=language) if d.year >= WEB_FIRST_YEAR
    ]
    in_url = dates_from_url(url)
    if in_url is not None:
        found.append(in_url.first_day())
    return found
