"""benchmarks/compare_rule_lines.py: the old checkout's patterns are read as its own loader expands them."""

from __future__ import annotations

from tests.conftest import ROOT, load_script, require_source


def test_a_checkout_compared_with_itself_has_no_changed_pattern_even_where_it_names_a_vocabulary() -> None:
    rulesets = require_source("cleaner/rulesets")
    crl = load_script("compare_rule_lines", ROOT / "benchmarks" / "compare_rule_lines.py")
    from cleaner.rules import load_rules

    rules = [r for r in load_rules().rules if r.action != "drop-block"]
    old = crl.old_patterns(rulesets)
    # The case raw pattern text got wrong: a rule file that names a shared word list.
    assert "{vocab:" in (rulesets / "generic" / "captions.toml").read_text(encoding="utf-8")
    assert {r.id: r.pattern for r in rules} == {rid: old[rid]["pattern"] for rid in (r.id for r in rules)}
