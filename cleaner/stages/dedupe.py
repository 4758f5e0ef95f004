"""The repeated-lines stage: the second copy of an exact line within one document (DUP001)."""

from __future__ import annotations

from cleaner import dedupe
from cleaner.lines import Lines, View
from cleaner.model import Removal
from cleaner.stages import rejoin
from cleaner.stages.base import Context, Proposal, StageOutput


def propose(lines: Lines, view: View, ctx: Context) -> StageOutput:
    """One proposal per repeated line, so each carries its own line number in removed[].

    The rules then read the lines the repeats' removal closed up (`rejoin`): a share bar split by a
    repeated "|" is one bar on the second cleaning, so it is taken on the first.
    """
    if dedupe.RULE_ID not in ctx.settings.enabled_ids:
        return StageOutput()
    own = StageOutput(
        proposals=tuple(
            Proposal(
                Removal(dedupe.RULE_ID, dedupe.CATEGORY, (view[i] or "").strip(), i + 1, why=dedupe.WHY), drop=(i,)
            )
            for i in dedupe.repeated_lines(view)
        )
    )
    if not own.proposals:
        return own
    return rejoin.settle(lines, view, own, ctx)[0]
