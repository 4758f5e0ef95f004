"""The learned stage hands the pipeline the later stages' runs it made ahead, and the output stays the same."""

from __future__ import annotations

import dataclasses

import pytest

from cleaner import stages
from cleaner.learned import stage as S
from cleaner.lines import Lines
from cleaner.pipeline import Cleaner
from cleaner.stages import apply, top_matter
from cleaner.stages import learned as stage_module
from cleaner.stages.base import Context, StageOutput
from tests.test_learned import MENU, PROSE, certain_model, cleaner_settings

TITLE = "Harbour bridge to close for two years"
BYLINE = "By Jane Smith"
# A page whose menu, split by paragraphs, the heuristics leave to the stage.
PAGE = "\n".join([TITLE, BYLINE, *MENU[:4], PROSE[0], *MENU[4:7], PROSE[1], *MENU[7:], PROSE[2]])
# The stage takes the menu at the certain model's cutoff, and reads the page and takes nothing above p = 1.
CUTOFFS = {"menu taken": 0.5, "nothing taken": 2.0}


def _earlier_and_view(cleaner: Cleaner, text: str) -> tuple[Lines, list[StageOutput], tuple[str | None, ...], Context]:
    """The outputs of the stages up to the learned one and the view they leave, as `stages.run` makes them."""
    lines = Lines.from_text(text)
    ctx = Context(cleaner_settings(cleaner), (), None)
    at = next(k for k, st in enumerate(stages.STAGES) if st.run is stage_module.propose)
    view = lines.view()
    outputs: list[StageOutput] = []
    for st in stages.STAGES[: at + 1]:
        out = st.run(lines, view, dataclasses.replace(ctx, earlier=tuple(outputs)))
        view = apply.step(view, out)
        outputs.append(out)
    return lines, outputs, view, ctx


@pytest.mark.parametrize("page", sorted(CUTOFFS))
def test_later_stages_read_of_earlier_outputs_only_their_captures(page: str) -> None:
    # What makes a run ahead reusable (stage_module.Ran): each stage after the learned one, handed the same view,
    # returns the same output whether the earlier outputs are whole or only their captures.
    cleaner = Cleaner(learned=S.LearnedStage(certain_model(CUTOFFS[page])))
    lines, outputs, view, ctx = _earlier_and_view(cleaner, PAGE)
    bare = [StageOutput(captures=o.captures) for o in outputs]
    assert any(o.captures for o in outputs)  # the byline rule captured: the captures are not all empty
    at = next(k for k, st in enumerate(stages.STAGES) if st.run is stage_module.propose)
    for st in stages.STAGES[at + 1 :]:
        whole = st.run(lines, view, dataclasses.replace(ctx, earlier=tuple(outputs)))
        assert st.run(lines, view, dataclasses.replace(ctx, earlier=tuple(bare))) == whole, st.name
        view = apply.step(view, whole)
        outputs.append(whole)
        bare.append(StageOutput(captures=whole.captures))


@pytest.mark.parametrize("page", sorted(CUTOFFS))
def test_the_pipeline_takes_the_later_stages_runs_ahead_and_cleans_as_it_would_without(
    page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cleaner = Cleaner(learned=S.LearnedStage(certain_model(CUTOFFS[page])))
    calls: list[int] = []
    find = top_matter.find

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return find(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(top_matter, "find", counted)
    handed = cleaner.clean(PAGE)
    ahead = len(calls)
    monkeypatch.setattr(stage_module, "reuse", lambda ran, view, ctx: None)
    calls.clear()
    again = cleaner.clean(PAGE)
    assert handed == again
    assert bool([r for r in handed.removed if r.rule == S.RULE_ID]) == (page == "menu taken")
    # Without the hand-over top matter runs once more than the runs ahead made it run, where the stage's attempts
    # settle ("nothing taken"). Where it takes the menu they cycle: top matter cuts the menu line the stage keeps under
    # the title once the stage has taken the rest (cleaner/metadata/top_block.py), the stage then keeps the line below
    # it, and the attempt kept has no run ahead to hand on, so the pipeline runs top matter itself either way.
    assert ahead >= 1 and len(calls) == ahead + (page == "nothing taken")
