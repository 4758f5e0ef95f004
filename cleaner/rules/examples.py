"""Run a rule against its own drop/keep examples: the one checker behind the test suite and `cleaner rules test`."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from cleaner.lines import split_lines
from cleaner.rules.engine import RuleEngine
from cleaner.rules.schema import Rule, RuleSet


@dataclasses.dataclass(frozen=True, slots=True)
class ExampleFailure:
    """One example the rule got wrong, with a message that says how."""

    rule: str
    kind: str
    text: str
    message: str


def check_example(rule: Rule, kind: str, text: str) -> str | None:
    """None when `rule` treats `text` as its `kind` ("drop" or "keep") example says, else why not.

    The rule runs alone and unscoped (a site rule's examples hold outside its site too).
    """
    engine = RuleEngine(RuleSet((dataclasses.replace(rule, site=None),)))
    res = engine.apply(split_lines(text))
    fired = [r for r in res.removed if r.rule == rule.id]
    if kind == "keep":
        return f"{rule.id} removed {fired[0].text!r} from its keep example" if fired else None
    if not fired:
        return f"{rule.id} did not remove its drop example"
    if rule.action == "trim":
        return None
    # A drop-tail example needs article lines before its marker (min_position), so only what
    # follows the first removed line has to be gone.
    start = min(r.line for r in fired) - 1 if rule.action == "drop-tail" else 0
    left = [line for line in res.kept[start:] if line is not None and line.strip()]
    return f"{rule.id} left {left!r} of its drop example" if left else None


def examples(rule: Rule) -> Iterator[tuple[str, int, str]]:
    """(kind, number, text) of every example of a rule, drops first."""
    for kind, texts in (("drop", rule.drop_examples), ("keep", rule.keep_examples)):
        for n, text in enumerate(texts):
            yield kind, n, text


def check_rule(rule: Rule) -> list[ExampleFailure]:
    """Every example of `rule` it gets wrong."""
    out = []
    for kind, _n, text in examples(rule):
        message = check_example(rule, kind, text)
        if message is not None:
            out.append(ExampleFailure(rule.id, kind, text, message))
    return out
