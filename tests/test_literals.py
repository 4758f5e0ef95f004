"""The literal and suffix analysis that lets the engine skip rules must never skip a possible match."""

from __future__ import annotations

import pytest

from cleaner.rules import load_rules
from cleaner.rules.literal_scan import line_starts, rules_in
from cleaner.rules.prefilter import (
    Prefilter,
    Scope,
    _opens_a_branch,
    branch_literals,
    required_literals,
    required_suffixes,
)
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


def test_each_branch_is_a_way_with_its_own_literals() -> None:
    found = branch_literals(
        r"(?i)(?:the contents of this site are ©.*|.{1,60} is part of .{1,60}, an international media.*)"
    )
    assert found is not None and found[1] is True
    ways = [set(map(frozenset, way)) for way in found[0]]
    assert len(ways) == 2
    assert frozenset({"the contents of this site are ©"}) in ways[0]
    assert frozenset({" is part of "}) in ways[1] and frozenset({", an international media"}) in ways[1]


def test_a_lookahead_s_literals_are_needed_too() -> None:
    found = branch_literals(r"(?=.*Getty).{0,20}Images")
    assert found is not None and set(map(frozenset, found[0][0])) == {frozenset({"Getty"}), frozenset({"Images"})}


def test_a_branch_without_a_useful_literal_leaves_the_rule_ungated_by_branches() -> None:
    assert branch_literals(r"(?:Advertisement|\d{4}-\d{2})") is None


def _shipped_scopes() -> list[Scope]:
    """The generic scope and every site's, of the shipped rules."""
    rules = load_rules()
    generic = [r for r in rules.rules if r.site is None]
    pre = Prefilter(generic, {s.key: [r for r in rules.rules if r.site == s.key] for s in rules.sites})
    return [pre.generic] + [pre.site_scope(s.key) for s in rules.sites]


def _gated_out_lines_never_match(lines: list[str]) -> int:
    """For every scope of the shipped rules: a rule whose literals a line holds (the document scan's answer) but none
    of whose branches it holds the literals of (`_opens_a_branch`, what keeps the rule from being tried) does not
    match that line. The number of (rule, line) pairs refused."""
    refused = 0
    text = "\n".join(lines)
    folded = text.lower()
    starts = line_starts(lines)
    folded_starts = starts if len(folded) == len(text) else line_starts(folded.split("\n"))
    for scope in _shipped_scopes():
        rows: dict[int, int] = {}
        scope.literal_scans.add_lines(text, starts, folded, folded_starts, rows)
        for row, mask in rows.items():
            s = lines[row]
            for k in rules_in(mask & scope.branched):
                c = scope.line_rules[k]
                if not _opens_a_branch(c, s):
                    assert c.trigger.fullmatch(s) is None, (c.rule.id, s)
                    refused += 1
    return refused


def test_no_drop_example_line_is_refused_by_a_branch_gate() -> None:
    rules = load_rules()
    lines = sorted({x.strip() for r in rules.rules for ex in r.drop_examples for x in ex.split("\n")} - {""})
    assert len(lines) > 500
    assert _gated_out_lines_never_match(lines) > 100
    for scope in _shipped_scopes():  # and every line a rule's own examples drop holds one of its ways
        for c in scope.line_rules:
            if c.branches:
                for ex in c.rule.drop_examples:
                    for s in (x.strip() for x in ex.split("\n")):
                        if s and c.trigger.fullmatch(s) is not None:
                            assert _opens_a_branch(c, s), (c.rule.id, s)


@pytest.mark.corpus
def test_no_dev_corpus_line_a_branch_gate_refuses_matches_the_rule() -> None:
    lines = sorted({s for f in corpus_text_lines() for x in f if x and (s := x.strip())})
    assert _gated_out_lines_never_match(lines) > 1_000
