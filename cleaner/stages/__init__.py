"""The stages one document passes through, in order, and the loop that runs them.

To add a stage, write a function `(lines, view, context) -> StageOutput` in its own module and
list it once in STAGES, with the ids and categories that `--select`/`--ignore` may name it by.
"""

from __future__ import annotations

from cleaner import dedupe as _dedupe
from cleaner import heuristics as _heuristics
from cleaner import learned as _learned  # [speed glue] the package: its ids without numpy
from cleaner.lines import Lines
from cleaner.selection import Selectable
from cleaner.stages import apply
from cleaner.stages import dedupe as dedupe_stage
from cleaner.stages import heuristics as heuristics_stage
from cleaner.stages import learned as learned_stage
from cleaner.stages import rules as rules_stage
from cleaner.stages import templates as templates_stage
from cleaner.stages import top_matter as top_matter_stage
from cleaner.stages.base import Capture, Context, Proposal, Settings, Stage, StageOutput

# Rules decide first; the statistical stages only see, and may only remove from, what rules kept;
# top matter runs last so that it finds the title among the lines that survived everything else.
STAGES: tuple[Stage, ...] = (
    Stage("rules", rules_stage.propose),
    Stage(
        "heuristics",
        heuristics_stage.propose,
        ids=tuple(h.id for h in _heuristics.HEURISTICS),
        category=_heuristics.CATEGORY,
    ),
    # Exact repeats go after the rules and the classifier: run first, the repeat of a share-bar or menu
    # line was taken from the run that a block rule needs whole, and the rest of that run stayed.
    Stage("dedupe", dedupe_stage.propose, ids=(_dedupe.RULE_ID,), category=_dedupe.CATEGORY),
    Stage("learned", learned_stage.propose, ids=(_learned.RULE_ID,), category=_learned.CATEGORY),
    # Learned site templates run after the shipped rules and the classifier (issue 12: applied
    # after the cleaner they gain far more than before it), before top matter looks for the title.
    Stage("templates", templates_stage.propose),
    Stage("top-matter", top_matter_stage.propose),
)


def selectables(registered: tuple[Stage, ...] = STAGES) -> list[Selectable]:
    """The ids every registered stage can be selected by (rules select inside their RuleSet)."""
    return [Selectable(i, st.category) for st in registered for i in st.ids]


def run(lines: Lines, ctx: Context, stages: tuple[Stage, ...] = STAGES) -> apply.Applied:
    """Run every stage on the view the ones before it left, then resolve all proposals in one place.

    The learned stage runs the stages after it ahead (cleaner/stages/learned.py); where such a run read the view
    and captures this loop hands the stage, its output is taken rather than made again."""
    view = lines.view()
    outputs: list[StageOutput] = []
    ahead: dict[Stage, learned_stage.Ran] = {}
    for stage in stages:
        # Built directly: `dataclasses.replace` reads the fields' metadata and calls through keywords (~2 us a stage).
        here = Context(ctx.settings, ctx.site_keys, ctx.page, tuple(outputs))
        out = learned_stage.reuse(ahead.get(stage), view, here) if ahead else None
        if out is None:
            out = stage.run(lines, view, here)
        if stage.run is learned_stage.propose:
            ahead = learned_stage.handed_on(out)
        view = apply.step(view, out)
        outputs.append(out)
    return apply.resolve(lines.view(), outputs)


__all__ = ["STAGES", "Capture", "Context", "Proposal", "Settings", "Stage", "StageOutput", "run", "selectables"]
