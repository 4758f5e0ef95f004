"""The language tables dates and bylines are read with: month and weekday names, labels, zones.

One TOML file per language under cleaner/rulesets/languages/<code>.toml, plus zones.toml for the
time-zone abbreviations; read once per process.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Final

import regex

from cleaner.casing import lower

TABLES_PACKAGE: Final = "cleaner.rulesets"
TABLES_DIR: Final = "languages"


@dataclass(frozen=True, slots=True)
class LanguageTable:
    """One language's date and byline vocabulary, as written in its TOML file."""

    code: str
    day_first: bool
    day_first_countries: frozenset[str]
    months: dict[str, int]
    weekdays: tuple[str, ...]
    # Each weekday name's day, Monday 0 (as `datetime.date.weekday`): the file lists the names day by day.
    weekday_of: dict[str, int]
    fillers: tuple[str, ...]
    published: tuple[str, ...]
    modified: tuple[str, ...]
    byline: tuple[str, ...]
    conjunctions: tuple[str, ...]
    roles: tuple[str, ...]
    # German capitalises every noun, so one capitalised word is no sign of a name (bylines.find_byline).
    nouns_capitalised: bool = False


def _table(data: dict[str, Any]) -> LanguageTable:
    months = {lower(name): i + 1 for i, names in enumerate(data["months"]) for name in names}
    days = data.get("weekdays", ())
    return LanguageTable(
        code=data["language"],
        day_first=bool(data["day_first"]),
        day_first_countries=frozenset(data.get("day_first_countries", ())),
        months=months,
        weekdays=tuple(name for names in days for name in names),
        weekday_of={lower(name): i for i, names in enumerate(days) for name in names},
        fillers=tuple(data.get("fillers", ())),
        published=tuple(data.get("published", ())),
        modified=tuple(data.get("modified", ())),
        byline=tuple(data.get("byline", ())),
        conjunctions=tuple(data.get("conjunctions", ())),
        roles=tuple(data.get("roles", ())),
        nouns_capitalised=bool(data.get("nouns_capitalised", False)),
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
def zones() -> tuple[dict[str, str], dict[str, str]]:
    """(fixed offsets, regional zone names) by abbreviation, from zones.toml."""
    data = tomllib.loads(files(TABLES_PACKAGE).joinpath(TABLES_DIR, "zones.toml").read_text(encoding="utf-8"))
    return dict(data["fixed"]), dict(data["regional"])


def tables_for(language: str | None) -> tuple[LanguageTable, ...]:
    """The tables to read a text with: its own language first, then English, then the others.

    All of them, because the stopword guess of a short or mixed text is often wrong (a German
    dateline under an English-looking teaser list); the order decides between two readings.
    """
    # Asked on every line a date is read on: the language's order is looked up by the language itself, not lowered,
    # cut and looked up again on each call.
    got = _ORDER_BY_LANGUAGE.get(language)
    if got is None:
        got = _tables_in_order(lower(language or "")[:2])
        if len(_ORDER_BY_LANGUAGE) < LANGUAGES_REMEMBERED:
            _ORDER_BY_LANGUAGE[language] = got
    return got


# The languages tables_for remembers: the texts' guesses ("en", "de") and what callers pass ("en-US", "pt_BR") are a
# handful; the bound keeps a long run with odd language strings from growing the dict.
LANGUAGES_REMEMBERED: Final = 256
_ORDER_BY_LANGUAGE: Final[dict[str | None, tuple[LanguageTable, ...]]] = {}


@cache
def _tables_in_order(lang: str) -> tuple[LanguageTable, ...]:
    """tables_for's order, built once per language: it was rebuilt on every line a date could be on."""
    tables = language_tables()
    order = [lang] if lang in tables else []
    order += [c for c in ("en", *tables) if c not in order]
    return tuple(tables[c] for c in dict.fromkeys(order))


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, escaped, longest first so a prefix never wins.

    Ties go alphabetically, so the pattern text is the same in every process (a set's order is
    not) and its compiled form can be reused from disk (rules/compiled_cache.py)."""
    return "|".join(regex.escape(w) for w in alternation_order(words))


def alternation_order(words: Iterable[str]) -> list[str]:
    """The words in the order alternation() tries them: the order the native date reader tries them in too."""
    return sorted(set(words), key=_longest_first)


def _longest_first(word: str) -> tuple[int, str]:
    return -len(word), word


def fold_case(text: str) -> str:
    """`text` folded so that a word `regex` matches under (?i) is a substring of it (a gate, never a verdict).

    casefold() agrees with regex's case-insensitive matching on every letter of the tables but one:
    regex matches "i" to "İ", which casefolds to "i" plus a combining dot (tests/test_date_gates.py).
    """
    return text.casefold().replace("i\u0307", "i")
