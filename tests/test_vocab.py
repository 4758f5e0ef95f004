"""The shared vocabulary (cleaner/rulesets/vocab.toml): well formed, expanded by the loader, and used.

Rule patterns name a list as `{vocab:NAME}`, `{vocab:NAME.KEY}` or `{vocab:NAME.en,de}`; the
loader expands the reference before the pattern is validated, compiled and read by the prefilter.
A list spelled out again inside a shipped pattern is the accretion the table exists to end.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest
import regex

from cleaner.rules import RuleError, load_rule_file, load_rules
from cleaner.rules.loader import builtin_rule_files
from cleaner.rules.schema import PATTERN_KEYS
from cleaner.rules.vocab import expand

VOCAB = tomllib.loads((resources.files("cleaner.rulesets") / "vocab.toml").read_text(encoding="utf-8"))["vocab"]
# Tables matched case-insensitively: their words are stored lower-case so expansion needs no folding.
CASEFOLDED = ("month_names", "month_abbreviations", "day_names", "day_abbreviations", "dateline_labels")
# The dateline rules whose month and day lists come from the vocabulary.
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


RULE = """
[[rule]]
id = "TST001"
name = "test-weekday"
action = "drop-line"
pattern = 'PATTERN'
why = "A test."
examples.drop = ["Dienstag"]
examples.keep = ["Dienstagabend gab es Regen."]
"""


def test_a_reference_expands_to_a_group_of_the_escaped_words_longest_first() -> None:
    assert expand("{vocab:day_abbreviations.de}x") == "(?:di|do|fr|mi|mo|sa|so)x"
    labels = expand("(?x){vocab:dateline_labels.en}")
    assert labels.startswith("(?x)(?:last\\ modified|last\\ updated|published|")  # spaces survive (?x)
    both = expand("{vocab:day_names.en,de}")
    assert regex.fullmatch(both, "Wednesday".lower()) and regex.fullmatch(both, "donnerstag")
    assert expand("{vocab:month_names.en:title}").count("|") == 11 and "January" in expand(
        "{vocab:month_names.en:title}"
    )
    assert expand("\\{vocab:day_names\\}") == "\\{vocab:day_names\\}"  # an escaped brace is text


def test_loaded_rules_match_every_word_of_the_list_they_name(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(RULE.replace("PATTERN", "(?i){vocab:day_names.de}"), encoding="utf-8")
    (rule,), _ = load_rule_file(path)
    assert rule.pattern is not None and "{vocab" not in rule.pattern
    for day in VOCAB["day_names"]["de"]:
        assert regex.fullmatch(rule.pattern, day.title())


@pytest.mark.parametrize("reference", ["{vocab:weekdays}", "{vocab:day_names.xx}"])
def test_an_unknown_vocabulary_names_file_rule_and_reference(tmp_path: Path, reference: str) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(RULE.replace("PATTERN", reference), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rule_file(path)
    message = str(info.value)
    assert "mine.toml" in message and "TST001" in message and reference in message


def _alternation_groups(pattern: str) -> list[list[str]]:
    """The top-level alternatives of the pattern and of each group in it (classes and escapes skipped)."""
    stack: list[list[str]] = [[""]]
    done: list[list[str]] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        piece = pattern[i : i + 2] if ch == "\\" else ch
        i += len(piece)
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            stack.append([""])
            continue
        elif ch == ")" and len(stack) > 1:
            done.append(stack.pop())
            stack[-1][-1] += "(…)"
            continue
        elif ch == "|":
            stack[-1].append("")
            continue
        stack[-1][-1] += piece
    return done + stack


def _spelled(alternative: str, words: set[str], casefold: bool) -> str | None:
    """The vocabulary word an alternative opens with, if any (`Alamy(…)?` opens with Alamy)."""
    text = regex.sub(r"^\s*(?:\?(?:[:>]|P<\w+>|[a-zA-Z-]+:))?\s*", "", alternative)
    text = regex.sub(r"\\(.)", r"\1", text)
    for word in sorted(words, key=len, reverse=True):
        head = text[: len(word)]
        if (head.lower() == word.lower() if casefold else head == word) and not text[len(word) :][:1].isalpha():
            return word.lower() if casefold else word
    return None


# A group that names more words than this of one vocabulary table spells the list out again.
MAX_SPELLED_WORDS = 2
# Groups allowed to name a few words of a table, each with its reason.
SPELLED_ON_PURPOSE = {
    # A case-sensitive byline names two English labels in two cases and the German phrase
    # "aktualisiert am"; the label table is lower case for case-insensitive datelines.
    ("MET008", "dateline_labels"),
}


def test_no_shipped_pattern_spells_out_a_vocabulary_list() -> None:
    tables = {name: {w for key, ws in t.items() if key != "why" for w in ws} for name, t in VOCAB.items()}
    offenders = []
    for label, text in builtin_rule_files():
        for raw in tomllib.loads(text).get("rule", []):
            for key in PATTERN_KEYS:
                for group in _alternation_groups(raw.get(key, "")):
                    for name, words in tables.items():
                        hits = {w for a in group if (w := _spelled(a, words, name in CASEFOLDED)) is not None}
                        if len(hits) > MAX_SPELLED_WORDS and (raw["id"], name) not in SPELLED_ON_PURPOSE:
                            offenders.append(f"{label} {raw['id']}: {name} {sorted(hits)}")
    assert not offenders, "use {vocab:NAME} instead of spelling the list:\n" + "\n".join(offenders)


def test_the_check_above_catches_a_spelled_list() -> None:
    words = {w for key, ws in VOCAB["photo_agencies"].items() if key != "why" for w in ws}
    groups = _alternation_groups(r"(?P<credit>(?:x/)?(?:Alamy(?:\ Stock\ Photo)?|Getty\ Images|PA\ Media))")
    assert any(len({_spelled(a, words, False) for a in g} - {None}) == 3 for g in groups)
