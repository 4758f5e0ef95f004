"""The learned line stage in the registry: runs the Cleaner's LearnedStage on the view the rules left."""

from __future__ import annotations

from cleaner import learned  # [speed glue] RULE_ID only: the stage itself comes in the settings
from cleaner.lines import Lines, View
from cleaner.model import Removal
from cleaner.stages.base import Context, Proposal, StageOutput


def propose(lines: Lines, view: View, ctx: Context) -> StageOutput:
    """Proposals of the line model (None in the settings: the stage is off or unselected)."""
    stage = ctx.settings.learned
    if stage is None or learned.RULE_ID not in ctx.settings.enabled_ids:
        return StageOutput()
    found, warnings = stage(view)
    return StageOutput(
        proposals=tuple(
            Proposal(Removal(p.rule, p.category, (view[p.line] or "").strip(), p.line + 1, why=p.why), drop=(p.line,))
            for p in found
        ),
        warnings=tuple(warnings),
    )
