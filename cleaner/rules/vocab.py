"""Shared word lists (cleaner/rulesets/vocab.toml) that rule patterns name instead of spelling out.

A pattern writes `{vocab:NAME}` (every list of the table), `{vocab:NAME.LANG}` (one language's
list) or `{vocab:NAME.en,de}` (several languages' lists), and may add `:title`
(`{vocab:month_names.en:title}`) where a case-sensitive pattern matches the capitalised form of a
lower-case list. The loader expands each reference to a non-capturing group of the escaped words,
longest first, before the pattern is validated, compiled and read by the prefilter, so a month or
agency list is kept in one place and every rule that names it agrees. Longest first keeps the
greedy preference of the hand-written lists it replaces: `Alamy(?: Stock Photo)?` and
`Alamy Stock Photo|Alamy` try the same text first.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Final

import regex

from cleaner.rules.patterns import compiled

VOCAB_FILE: Final = "vocab.toml"
# `{vocab:NAME}`, `{vocab:NAME.LANG}`, `{vocab:NAME.LANG,LANG}`, optionally `:title`; an escaped
# `\{` is a literal brace (learned rules escape the text they copy).
REFERENCE: Final = compiled(
    r"(?<!\\)\{vocab:(?P<name>[a-z_]+)(?:\.(?P<langs>[a-z]+(?:,[a-z]+)*))?(?::(?P<form>title))?\}"
)


class UnknownVocab(KeyError):
    """A pattern names a vocabulary (or a language of one) that vocab.toml does not hold."""

    def __init__(self, reference: str, known: Iterable[str]) -> None:
        self.reference = reference
        super().__init__(f"unknown vocabulary {reference} (vocab.toml has: {', '.join(sorted(known))})")

    def __str__(self) -> str:
        return str(self.args[0])


@cache
def vocabulary() -> dict[str, dict[str, tuple[str, ...]]]:
    """Every table of vocab.toml: name -> language (or `names`) -> words; read once per process."""
    text = (resources.files("cleaner.rulesets") / VOCAB_FILE).read_text(encoding="utf-8")
    tables = tomllib.loads(text)["vocab"]
    return {name: {key: tuple(words) for key, words in table.items() if key != "why"} for name, table in tables.items()}


def words(name: str, langs: Sequence[str] = ()) -> tuple[str, ...]:
    """The words a reference stands for (all lists, or those of `langs`), in table order without
    repeats; UnknownVocab if the table or one of the languages is absent."""
    tables = vocabulary()
    label = f"{{vocab:{name}{'.' + ','.join(langs) if langs else ''}}}"
    if name not in tables:
        raise UnknownVocab(label, tables)
    table = tables[name]
    missing = [lang for lang in langs if lang not in table]
    if missing:
        raise UnknownVocab(label, (f"{name}.{k}" for k in table))
    lists = [table[lang] for lang in langs] if langs else list(table.values())
    return tuple(dict.fromkeys(w for ws in lists for w in ws))


def alternation(entries: Iterable[str]) -> str:
    """A non-capturing group of the escaped entries, longest first (ties alphabetical, for one output)."""
    ordered = sorted(set(entries), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(regex.escape(w) for w in ordered) + ")"


def expand(pattern: str) -> str:
    """The pattern with every `{vocab:…}` reference replaced by its group; UnknownVocab names a bad one."""

    def group(m: regex.Match[str]) -> str:
        entries = words(m["name"], m["langs"].split(",") if m["langs"] else ())
        if m["form"] == "title":
            entries = tuple(w[:1].upper() + w[1:] for w in entries)
        return alternation(entries)

    return REFERENCE.sub(group, pattern)
