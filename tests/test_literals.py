"""The literal and suffix analysis that lets the engine skip rules must never skip a possible match."""

from __future__ import annotations

import pytest

from cleaner.rules import load_rules
from cleaner.rules.prefilter import required_literals, required_suffixes


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
