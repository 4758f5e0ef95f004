"""The learned line stage in the registry: runs the Cleaner's LearnedStage on the view the rules left."""

from __future__ import annotations

from cleaner import learned  # [speed glue] RULE_ID only: the stage itself comes in the settings
from cleaner.lines import Lines, View
from cleaner.model import Removal
from cleaner.stages.base import Context, Proposal, StageOutput


def propose(lines: Lines, view: View, ctx: Context) -> StageOutput:
    """Proposals of the line model on text input (None in the settings: the stage is off or unselected)."""
    stage = ctx.settings.learned
    if stage is None or learned.RULE_ID not in ctx.settings.enabled_ids:
        return StageOutput()
    if ctx.page is not None:
        # On the HTML path trafilatura has already classified the page's blocks, and the issue allows that
        # path no loss beyond trafilatura's own; on trafilatura's text (trafilatura.txt, CV) the stage
        # gained nothing and lost one more tf must-keep snippet. So it reads only text input.
        return StageOutput()
    found, warnings = stage(view)
    return StageOutput(
        proposals=tuple(
            Proposal(Removal(p.rule, p.category, (view[p.line] or "").strip(), p.line + 1, why=p.why), drop=(p.line,))
            for p in found
        ),
        warnings=tuple(warnings),
    )
