"""The literal and suffix analysis that lets the engine skip rules must never skip a possible match."""

from __future__ import annotations

import pytest

from cleaner.rules import load_rules
from cleaner.rules.prefilter import required_literals, required_suffixes, word_bound
from tests.conftest import corpus_text_lines


def test_literal_of_a_plain_word() -> None:
    assert required_literals("Advertisement") == (("Advertisement",), False)


def test_alternation_gives_every_branch() -> None:
    found = required_literals(r"(?:Getty Images|Alamy Stock Photo)$")
    assert found is not None and set(found[0]) == {"Getty Images", "Alamy Stock Photo"}


def test_optional_part_is_not_required() -> None:
    found = required_literals(r"(?:Photo: )?Reuters")
    assert found == (("Reuters",), False)


def test_ignorecase_folds_literals() -> None:
    assert required_literals("(?i)Newsletter") == (("newsletter",), True)


def test_no_literal_when_pattern_is_all_classes() -> None:
    assert required_literals(r"[a-z0-9]+(?:-[a-z0-9]+){5,}") is None


def test_suffix_of_a_credit_rule() -> None:
    found = required_suffixes(r"\p{Lu}.{10,}?[.!?]\s+(?:Alamy|Getty Images)(?:\s+Alamy Stock Photo)*")
    assert found is not None and set(found[0]) == {"Alamy", "Getty Images", "Alamy Stock Photo"}


def test_no_suffix_when_pattern_ends_in_a_class() -> None:
    assert required_suffixes(r"By \w+") is None


@pytest.mark.parametrize("rule", load_rules().rules, ids=lambda r: r.id)
def test_analysis_agrees_with_every_drop_example(rule) -> None:  # type: ignore[no-untyped-def]
    """Soundness check on real rules: each drop example line that the rule matches has the literals."""
    import regex

    from cleaner.rules.patterns import scoped as _scoped

    pattern = regex.compile(_scoped(rule.trigger, rule.ignorecase))
    lits = required_literals(rule.trigger, rule.ignorecase)
    sfx = required_suffixes(rule.trigger, rule.ignorecase)
    for example in rule.drop_examples:
        for line in (x.strip() for x in example.split("\n")):
            if not line or pattern.fullmatch(line) is None:
                continue
            if lits:
                hay = line.lower() if lits[1] else line
                assert any(x in hay for x in lits[0]), (line, lits)
            if sfx:
                hay = line.lower() if sfx[1] else line
                assert hay.endswith(sfx[0]), (line, sfx)


@pytest.mark.parametrize(
    ("pattern", "bound"),
    [
        (r"read more", 2),  # one literal space: one run
        (r"\s*foo\s+bar", 3),  # a repeat of white space alone is one run, however long
        (r"[a-z0-9]+(?:-[a-z0-9]+){5,}", 1),  # unbounded, but never a space
        (r"(?:\w+ ){0,3}\w+", 4),  # a bounded repeat: its bound times its body's runs
        (r"(?:a|b c d)", 3),  # the wider branch
        (r"\S+ \S+", None),  # \S matches \x1c-\x1f, which `str.split` splits at
        (r"\p{L}+", None),  # \p{Zs} would be white space: no property class counts as free of it
        (r"[[:alpha:]]+", None),  # a POSIX class, which the stdlib parser would misread
        (r"(a)\1", None),  # a back-reference is not followed
    ],
)
def test_word_bound_counts_the_runs_of_space_a_match_can_hold(pattern: str, bound: int | None) -> None:
    assert word_bound(pattern) == bound


@pytest.mark.corpus
def test_no_line_of_more_words_than_a_rule_s_bound_matches_it() -> None:
    """Soundness of the derived word cap on the shipped rules: no dev corpus line or drop example line of more words
    than a rule's `word_bound` matches its trigger (such a line would lose its removal)."""
    import regex

    from cleaner.rules.patterns import scoped as _scoped

    lines = {x.strip() for file in corpus_text_lines() for x in file if x and x.strip()}
    checked = 0
    for rule in load_rules().rules:
        bound = word_bound(rule.trigger, rule.ignorecase)
        if bound is None or rule.action == "trim":
            continue
        pattern = regex.compile(_scoped(rule.trigger, rule.ignorecase))
        own = {x.strip() for example in rule.drop_examples for x in example.split("\n") if x.strip()}
        for line in lines | own:
            if len(line.split()) > bound:
                checked += 1
                assert pattern.fullmatch(line, timeout=5) is None, (rule.id, bound, line)
    assert checked > 10_000
