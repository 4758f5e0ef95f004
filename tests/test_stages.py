"""cleaner.stages: stages propose, `apply` alone decides; a later stage sees only what is still kept."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cleaner
from cleaner import stages
from cleaner.lines import Lines, View
from cleaner.model import Image, Removal
from cleaner.stages import apply, rejoin
from cleaner.stages.base import Capture, Context, Proposal, Stage, StageOutput

TEXT = "Advertisement\nThe council met on Tuesday to agree the budget.\nShare this\nIt passed."


def _ctx() -> Context:
    c = cleaner.default_cleaner()
    return Context(stages.Settings(c.engine, "off", frozenset()), site_keys=(), page=None)


def _removal(line: int, rule: str = "T001") -> Removal:
    return Removal(rule, "test", "x", line, why="test stage")


def test_a_stage_listed_once_runs_after_the_rules_and_sees_their_removals() -> None:
    seen: list[View] = []

    def drop_last(lines: Lines, view: View, ctx: Context) -> StageOutput:
        seen.append(view)
        return StageOutput(proposals=(Proposal(_removal(len(lines)), drop=(len(lines) - 1,)),))

    done = stages.run(Lines.from_text(TEXT), _ctx(), (*stages.STAGES, Stage("drop-last", drop_last)))
    assert seen[0][0] is None  # ADS001 took "Advertisement" before this stage ran
    assert "It passed." not in done.kept and [r.rule for r in done.removed] == ["ADS001", "SOC001", "T001"]
    assert done.removed[-1].why == "test stage"


def test_an_overlapping_later_proposal_is_dropped_and_the_earlier_one_kept() -> None:
    first = StageOutput(proposals=(Proposal(_removal(1, "A"), drop=(0, 1)),))
    second = StageOutput(proposals=(Proposal(_removal(2, "B"), drop=(1,)),))
    done = apply.resolve(("a", "b", "c"), [first, second])
    assert done.kept == (None, None, "c") and [r.rule for r in done.removed] == ["A"]


def test_a_trim_replaces_the_text_of_its_line_and_extracted_moves_are_listed_apart() -> None:
    trim = Proposal(_removal(1, "TRIM"), keep=(0, "kept part"))
    move = Proposal(_removal(2, "TOP"), drop=(1,), extracted=True)
    done = apply.resolve(("kept part (Photo: X)", "Title", "c"), [StageOutput(proposals=(trim, move))])
    assert done.kept == ("kept part", None, "c")
    assert [r.rule for r in done.removed] == ["TRIM"] and [r.rule for r in done.extracted] == ["TOP"]


def test_step_leaves_the_view_it_was_given_unchanged() -> None:
    view = ("a", "b")
    out = StageOutput(proposals=(Proposal(_removal(1), drop=(0,)),))
    assert apply.step(view, out) == (None, "b") and view == ("a", "b")


def test_step_of_an_output_without_proposals_is_the_view_itself() -> None:
    view = ("a", None, "c")
    assert apply.step(view, StageOutput(warnings=("w",))) is view


@pytest.mark.parametrize("languages", [(None, None), ("", None), ("", ""), (None, "de"), ("en", "de"), ("", "de")])
def test_merging_outputs_joins_them_in_order_with_the_first_language(languages: tuple[str | None, str | None]) -> None:
    image = Image(caption="c", credit="k")
    a = StageOutput((Proposal(_removal(1, "A"), drop=(0,)),), (), (image,), ("w1",), languages[0])
    capture = Capture("headline", "T", _removal(2, "TOP"), kind="top")
    b = StageOutput((Proposal(_removal(2, "B"), drop=(1,)),), (capture,), (), ("w2",), languages[1])
    assert rejoin.merge([a, b]) == rejoin.merge([a, b, StageOutput()])
    first = next((lang for lang in languages if lang), None)
    want = StageOutput((*a.proposals, *b.proposals), (capture,), (image,), ("w1", "w2"), first)
    assert rejoin.merge([a, b]) == want


def test_heuristics_do_not_import_the_rule_engine() -> None:
    src = Path(cleaner.__file__).parent / "heuristics" / "__init__.py"
    imported = {n.module for n in ast.walk(ast.parse(src.read_text(encoding="utf-8"))) if isinstance(n, ast.ImportFrom)}
    assert not any(m and m.startswith("cleaner.rules") for m in imported)
