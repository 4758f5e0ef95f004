"""The top-matter stage: the headline and standfirst lines move out of the body into their fields, after the short
label lines above the headline are cut (`cleaner.stages.top_cut`)."""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.lines import Lines, View
from cleaner.metadata.assemble import known_title
from cleaner.metadata.headline import find_top_matter
from cleaner.model import Removal
from cleaner.stages import top_cut
from cleaner.stages.base import Capture, Context, Proposal, StageOutput

WHY = {
    "headline": "The first line is shaped like a title (short, no sentence end): moved to the headline field.",
    "description": "A one-or-two sentence summary between the title and the byline/date: moved to the "
    "description field.",
}


def propose(lines: Lines, view: View, ctx: Context) -> StageOutput:
    """Find the title and standfirst by shape among the kept lines, and propose moving them."""
    earlier = ctx.captures
    metadata_lines = {c.removal.line - 1 for c in earlier}
    plain = find_top_matter(view, metadata_lines)
    cut = top_cut.labels_above(view, {i for i in (plain.headline, plain.standfirst) if i is not None})
    # The headline is looked for below the cut labels: they stood above it and hid it from find_top_matter.
    seen: Sequence[str | None] = view
    top = plain
    if cut:
        masked = list(view)
        for i in cut:
            masked[i] = None
        seen = masked
        top = find_top_matter(seen, metadata_lines)
    title = known_title(earlier, ctx.page)
    proposals: list[Proposal] = [
        Proposal(Removal(top_cut.RULE_ID, top_cut.CATEGORY, (view[i] or "").strip(), i + 1, why=top_cut.WHY), drop=(i,))
        for i in cut
    ]
    captures: list[Capture] = []
    for idx, name in ((top.headline, "headline"), (top.standfirst, "description")):
        if idx is None:
            continue
        value = (seen[idx] or "").strip()
        # On a page with a known title, a first line that differs from it is not the headline.
        if name == "headline" and title and title != value and ctx.page is not None:
            continue
        removal = Removal(f"TOP-{name}", "metadata", value, idx + 1, name, why=WHY[name])
        proposals.append(Proposal(removal, drop=(idx,), extracted=True))
        captures.append(Capture(name, value, removal, kind="top"))
    return StageOutput(proposals=tuple(proposals), captures=tuple(captures))
