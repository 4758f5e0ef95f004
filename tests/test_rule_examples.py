"""Every rule's own drop/keep examples, collected as one test each (`pytest -k DON001`).

The checker is `cleaner.rules.examples`, the same one `cleaner rules test FILE` runs.
"""

from __future__ import annotations

import pytest

from cleaner.rules import Rule, load_rules
from cleaner.rules.examples import check_example, examples

RULES = load_rules().rules


def _cases() -> list[pytest.param]:  # type: ignore[valid-type]
    return [
        pytest.param(rule, kind, text, id=f"{rule.id}-{kind}-{n}") for rule in RULES for kind, n, text in examples(rule)
    ]


@pytest.mark.parametrize(("rule", "kind", "text"), _cases())
def test_rule_example(rule: Rule, kind: str, text: str) -> None:
    failure = check_example(rule, kind, text)
    assert failure is None, failure
