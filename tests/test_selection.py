"""One meaning of --select/--ignore for rules and stages, in the library and in `rules list`."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import cleaner
from cleaner import heuristics
from cleaner.cli import app
from cleaner.selection import Selectable, Selection

HEURISTIC_IDS = {h.id for h in heuristics.HEURISTICS}


def test_one_token_matches_by_id_prefix_category_or_site() -> None:
    rule = Selectable("DON001", "donation", "thejournal.ie")
    assert all(Selection.of([t], None).admits(rule) for t in ("don", "DON001", "donation", "thejournal.ie"))
    assert not Selection.of(["CAP"], None).admits(rule)
    assert not Selection.of(None, ["donation"]).admits(rule)


def test_selecting_only_heuristics_turns_every_rule_off() -> None:
    c = cleaner.Cleaner(select=["heuristic"])
    assert c.ruleset.rules == () and c.heuristic_ids == HEURISTIC_IDS


def test_selecting_only_rules_turns_every_heuristic_off() -> None:
    c = cleaner.Cleaner(select=["ads"])
    assert {r.category for r in c.ruleset.rules} == {"ads"} and not c.heuristic_ids


def test_a_token_that_names_nothing_is_an_error() -> None:
    with pytest.raises(cleaner.RuleError, match="matches no rule"):
        cleaner.Cleaner(ignore=["nosuchthing"])


def test_rules_list_selects_as_the_library_does() -> None:
    out = CliRunner().invoke(app, ["rules", "list", "--select", "HEU"]).output
    library = cleaner.Cleaner(select=["HEU"])
    assert out.splitlines()[-1].startswith(f"{len(library.ruleset.rules)} rules")
    assert all(h in out for h in library.heuristic_ids)
