"""The prefilter's opening gate never refuses a rule a line the rule matches."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from cleaner.rules import RuleEngine, RuleSet, load_rule_file, load_rules
from cleaner.rules.opening_probe import opening_probe
from cleaner.rules.prefilter import PREFIX_CHARS

# Shapes where `regex`'s bare partial match refuses an opening that a full line matches: a boundary or a
# lookaround evaluated where the partial text ends, after a lazy or grouped repeat.
MISSED = [
    (r"[^\n]{0,80}?\bget top", "DH get top"),
    (r".{0,80}?(?<=\s)get top", "D get top"),
    (r"(?:\w+ ){0,3}\bget top", "DH get top"),
    (r"(?=[^\n]{0,80}?\bget top).*", "DH get top stories"),
]


@pytest.mark.parametrize(("pattern", "line"), MISSED)
def test_the_probe_admits_every_opening_of_a_matching_line(pattern: str, line: str) -> None:
    rx = regex.compile(pattern)
    probe = opening_probe(pattern)
    assert rx.fullmatch(line) and probe is not None
    heads = [line[:k] for k in range(1, PREFIX_CHARS + 1)]
    assert any(rx.fullmatch(h, partial=True) is None for h in heads)  # the bare partial match misses one
    assert all(regex.compile(probe).fullmatch(h, partial=True) is not None for h in heads)


def test_a_rule_of_that_shape_fires_through_the_engine(tmp_path: Path) -> None:
    body = """
[[rule]]
id = "TST001"
name = "get-top-promo"
action = "drop-line"
pattern = '[^\\n]{0,80}?\\bget top stories'
why = "A test."
examples.drop = ["DH get top stories"]
examples.keep = ["Nothing here."]
"""
    path = tmp_path / "mine.toml"
    path.write_text(body, encoding="utf-8")
    rules, _ = load_rule_file(path)
    engine = RuleEngine(RuleSet(rules))
    result = engine.apply(["DH get top stories", "The council met on Tuesday."])
    assert result.kept == [None, "The council met on Tuesday."]


@pytest.mark.parametrize(
    ("pattern", "probe"),
    [
        ("abc", "abc"),  # nothing to loosen: the rule's own pattern is its probe
        (r"[\b(]x", r"[\b(]x"),  # inside a set, \b is a character and ( is not a group
        (r"(?<name>x)(?<!y)z", r"(?<name>x)(?:(?<!y)|\Z)z"),  # a named group is not a lookbehind
        ("(?x) a \\b # a comment (with a paren\n b", "(?x) a (?:\\b|\\Z) \n b"),
        ("(", None),  # unreadable: the caller never gates the rule
    ],
)
def test_the_probe_reads_sets_groups_and_comments(pattern: str, probe: str | None) -> None:
    assert opening_probe(pattern) == probe


def test_every_shipped_rule_admits_the_openings_of_its_drop_examples() -> None:
    """The shipped rules' own drop lines, and the same lines behind a short word for rules that may match
    mid-line, are never refused by the gate."""
    pre = RuleEngine(load_rules()).prefilter
    scopes = [pre.generic, *(pre.site_scope(k) for k in pre.site_rules)]
    checked = 0
    for c in (c for scope in scopes for c in scope.line_rules):
        for example in c.rule.drop_examples:
            for line in (example.strip(), "DH " + example.strip()):
                if c.trigger.fullmatch(line) is None:
                    continue
                checked += 1
                assert all(c.can_open(line[:k]) for k in range(1, PREFIX_CHARS + 1)), (c.rule.id, line)
    assert checked > 100
