"""The templates stage: a site's learned chrome (cleaner/templates/), on what earlier stages kept."""

from __future__ import annotations

from cleaner.lines import Lines, View
from cleaner.stages.base import Context, StageOutput


def propose(lines: Lines, view: View, ctx: Context) -> StageOutput:
    """Propose the lines the site's learned template rules match; nothing without such rules."""
    engine = ctx.settings.templates
    if engine is None:
        return StageOutput()
    proposals, warnings = engine.propose(view, ctx.site_keys)
    return StageOutput(proposals=tuple(proposals), warnings=tuple(warnings))
