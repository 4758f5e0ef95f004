"""The top-matter stage: the headline and standfirst lines move out of the body into their fields, and the label
lines around them above the article's first paragraph are cut (cleaner.metadata.top_block)."""

from __future__ import annotations

from cleaner.lines import Lines, View
from cleaner.metadata.assemble import known_title
from cleaner.metadata.headline import TopMatter, find_top_matter
from cleaner.metadata.top_block import settle_top_matter
from cleaner.model import Removal
from cleaner.stages.base import Capture, Context, Proposal, StageOutput

WHY = {
    "headline": "The first line is shaped like a title (short, no sentence end): moved to the headline field.",
    "description": "A one-or-two sentence summary between the title and the byline/date: moved to the "
    "description field.",
}
LABEL_ID = "TOP-label"
LABEL_CATEGORY = "navigation"
LABEL_WHY = "A short line above the article's first paragraph, around its headline: a section label or byline."


def find(view: View, ctx: Context) -> TopMatter:
    """What the stage takes from `view`: on text, the top matter settled with the lines above the article's start
    (`top_block`); on the HTML path trafilatura has already cut the page's top, and only the first lines are read."""
    metadata_lines = {c.removal.line - 1 for c in ctx.captures}
    if ctx.page is not None:
        return find_top_matter(view, metadata_lines)
    return settle_top_matter(view, metadata_lines)


def propose(lines: Lines, view: View, ctx: Context) -> StageOutput:
    """Find the title and standfirst by shape among the kept lines, and propose moving them."""
    earlier = ctx.captures
    top = find(view, ctx)
    title = known_title(earlier, ctx.page)
    proposals: list[Proposal] = [
        Proposal(Removal(LABEL_ID, LABEL_CATEGORY, (view[i] or "").strip(), i + 1, why=LABEL_WHY), drop=(i,))
        for i in top.cut
    ]
    captures: list[Capture] = []
    for idx, name in ((top.headline, "headline"), (top.standfirst, "description")):
        if idx is None:
            continue
        value = (view[idx] or "").strip()
        # On a page with a known title, a first line that differs from it is not the headline.
        if name == "headline" and title and title != value and ctx.page is not None:
            continue
        removal = Removal(f"TOP-{name}", "metadata", value, idx + 1, name, why=WHY[name])
        proposals.append(Proposal(removal, drop=(idx,), extracted=True))
        captures.append(Capture(name, value, removal, kind="top"))
    return StageOutput(proposals=tuple(proposals), captures=tuple(captures))
