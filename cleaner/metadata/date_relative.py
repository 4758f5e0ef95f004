"""Relative dates ("vor 2 Stunden", "il y a 3 heures", "yesterday") against a reference date.

dateparser knows their phrasing in some 200 locales; it is asked only of a short phrase with a
relative word (_RELATIVE_HINT), and a labelled line ("Aktualisiert vor 2 Stunden") is read with its
label's table. Without a reference, a relative date gives nothing: never invent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Final

import regex

from cleaner.casing import lower
from cleaner.metadata.date_tables import LanguageTable, alternation, language_tables
from cleaner.model import DateValue
from cleaner.rules.patterns import compiled

# Relative dates ("vor 2 Stunden") are only parsed from this many words after a label; longer
# remainders are prose, which dateparser would happily misread.
RELATIVE_MAX_WORDS: Final = 6


def parse_relative(text: str, *, reference: dt.date | None, language: str | None = None) -> DateValue | None:
    """ "vor 2 Stunden", "il y a 3 heures", "3 months ago", "yesterday" against the reference date.

    dateparser reads the phrase in the text's language (or detects it); only phrases that are
    relative in its own terms count, so an absolute date dateparser would accept is not re-read here.
    """
    # Without a relative word the answer is None whatever dateparser says: it is not asked (its parse
    # was most of the date search on labelled lines).
    if reference is None or not text.strip() or len(text.split()) > RELATIVE_MAX_WORDS:
        return None
    if not _RELATIVE_HINT.search(text):
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
    if got is None or got > base + dt.timedelta(days=1):
        return None
    return DateValue(got.date().isoformat(), text.strip(), year_inferred=True)


# A relative phrase has a number or a day word and a unit; "16 Jan" does not look like one.
_RELATIVE_HINT = compiled(
    r"(?i)\b(?:ago|vor|il\s+y\s+a|hace|fa|geleden|há|today|yesterday|heute|gestern|hier|aujourd|ayer|hoy|"
    r"ieri|oggi|gisteren|vandaag|ontem|hoje|temu|wczoraj|dzisiaj|dziś)\b"
)


@cache
def _dateparser_languages() -> frozenset[str]:
    from dateparser.languages.loader import default_loader

    return frozenset(loc.shortname for loc in default_loader.get_locales())


@cache
def _modified_words(code: str) -> frozenset[str]:
    return frozenset(lower(w) for w in language_tables()[code].modified)


def _labelled_relative(
    line: str, tables: Sequence[LanguageTable], reference: dt.date | None, language: str | None
) -> tuple[str, DateValue] | None:
    if reference is None:
        return None
    for table in tables:
        m = _leading_label(table.code).match(line.strip())
        if not m:
            continue
        value = parse_relative(m["rest"], reference=reference, language=language or table.code)
        if value is not None:
            kind = "modified" if lower(m["label"]) in _modified_words(table.code) else "published"
            return kind, value
    return None


@cache
def _leading_label(code: str) -> regex.Pattern[str]:
    """A line that starts with one of the table's labels, and the rest of it; built once per table
    (escaping the labels again for every labelled line was most of the date search with a reference)."""
    table = language_tables()[code]
    labels = alternation([*table.published, *table.modified])
    return regex.compile(rf"(?i)^\W*(?P<label>{labels})\s*[:|\-–]?\s*(?P<rest>.+)$")
