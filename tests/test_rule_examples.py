"""Every rule's own drop/keep examples, collected as one test each (`pytest -k DON001`)."""

from __future__ import annotations

import dataclasses

import pytest

from cleaner.pipeline import split_lines
from cleaner.rules import Rule, RuleEngine, RuleSet, load_rules

RULES = load_rules().rules


def _engine_for(rule: Rule) -> RuleEngine:
    return RuleEngine(RuleSet((dataclasses.replace(rule, site=None),)))


def _cases() -> list[pytest.param]:  # type: ignore[valid-type]
    cases = []
    for rule in RULES:
        for n, text in enumerate(rule.drop_examples):
            cases.append(pytest.param(rule, "drop", text, id=f"{rule.id}-drop-{n}"))
        for n, text in enumerate(rule.keep_examples):
            cases.append(pytest.param(rule, "keep", text, id=f"{rule.id}-keep-{n}"))
    return cases


@pytest.mark.parametrize(("rule", "kind", "text"), _cases())
def test_rule_example(rule: Rule, kind: str, text: str) -> None:
    res = _engine_for(rule).apply(split_lines(text))
    fired = [r for r in res.removed if r.rule == rule.id]
    if kind == "keep":
        assert not fired, f"{rule.id} removed {fired[0].text!r} from a keep example"
        return
    assert fired, f"{rule.id} did not fire on its drop example"
    if rule.action != "trim":
        # A drop-tail example needs article lines before its marker (min_position), so only
        # what follows the first removed line has to be gone.
        start = min(r.line for r in fired) - 1 if rule.action == "drop-tail" else 0
        left = [line for line in res.kept[start:] if line is not None and line.strip()]
        assert not left, f"{rule.id} left {left!r} of its drop example"
