"""The rules stage: site rules, then generic ones, as the compiled RuleEngine decides them."""

from __future__ import annotations

from cleaner.lines import Lines, View
from cleaner.stages.base import Capture, Context, StageOutput


def propose(lines: Lines, view: View, ctx: Context) -> StageOutput:
    """Run the engine on its own copy of the view and pass on what it proposes and captures."""
    res = ctx.settings.engine.apply(view, ctx.site_keys)  # type: ignore[arg-type]
    return StageOutput(
        proposals=tuple(res.proposals),
        captures=tuple(Capture(name, value, removal) for name, value, removal in res.fields),
        images=tuple(res.images),
        warnings=tuple(res.warnings),
    )
