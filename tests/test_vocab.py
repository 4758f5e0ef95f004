"""The shared vocabulary (cleaner/rulesets/vocab.toml) is well formed and covers what rules spell out.

The loader does not expand `{vocab:NAME}` references yet; until it does, these checks keep the
table ready for it: a rule that swaps its own month list for the vocabulary must lose no word.
"""

from __future__ import annotations

import tomllib
from importlib import resources

import regex

from cleaner.rules import load_rules

VOCAB = tomllib.loads((resources.files("cleaner.rulesets") / "vocab.toml").read_text(encoding="utf-8"))["vocab"]
# Tables matched case-insensitively: their words are stored lower-case so expansion needs no folding.
CASEFOLDED = ("month_names", "month_abbreviations", "day_names", "day_abbreviations", "dateline_labels")
# The dateline rules that spell out month and day lists the vocabulary will replace.
DATELINE_RULES = ("MET007", "MET012", "MET013", "MET014")


def _words(table: str) -> set[str]:
    return {w for key, words in VOCAB[table].items() if key != "why" for w in words}


def test_every_table_says_why_and_holds_distinct_words() -> None:
    for name, table in VOCAB.items():
        assert table.get("why"), f"{name} has no why"
        for key, words in table.items():
            if key == "why":
                continue
            assert words and len(words) == len(set(words)), f"{name}.{key} is empty or repeats a word"
            if name in CASEFOLDED:
                assert all(w == w.lower() for w in words), f"{name}.{key} must be lower case"


def test_dateline_rules_use_no_month_or_day_word_missing_from_the_vocabulary() -> None:
    known = set().union(*(_words(t) for t in CASEFOLDED))
    # Words the rules use that are not month, day or label names: clock and date glue, ordinals.
    glue = {"uhr", "um", "at", "on", "am", "de", "del", "il", "el", "st", "nd", "rd", "th"}
    for rule in (r for r in load_rules().rules if r.id in DATELINE_RULES):
        assert rule.pattern is not None
        bare = regex.sub(r"#[^\n]*|\[(?:\\.|[^\]])*\]", "", rule.pattern)  # comments and classes hold no words
        spelled = regex.findall(r"(?<![\\\p{L}?])\p{Ll}{2,}(?:\\ \p{Ll}+)*(?!\p{L})", bare)
        words = {w.replace("\\ ", " ") for w in spelled} - glue
        assert words <= known, f"{rule.id} spells words the vocabulary lacks: {sorted(words - known)}"
