"""The top-matter stage: the headline and standfirst lines move out of the body into their fields, after the short
label lines above the headline are cut (`cleaner.stages.top_cut`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cleaner.lines import Lines, View
from cleaner.metadata.assemble import known_title
from cleaner.metadata.headline import TopMatter, find_top_matter
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
    top, cut, seen = _settled(view, metadata_lines)
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


def _moved(top: TopMatter) -> set[int]:
    return {i for i in (top.headline, top.standfirst) if i is not None}


def _masked(view: Sequence[str | None], lines: Iterable[int]) -> list[str | None]:
    out = list(view)
    for i in lines:
        out[i] = None
    return out


def _settled(view: View, metadata_lines: set[int]) -> tuple[TopMatter, list[int], Sequence[str | None]]:
    """The top matter, the label lines cut above it (`top_cut`), and the view it was found in.

    The headline is looked for below the cut labels: they stood above it and hid it from find_top_matter. The cut is
    made only if a second cleaning of what is left would cut and move nothing more: on a dn page, labels above a
    headline and standfirst went, top matter moved those two, and under them stood another label and headline,
    which a second cleaning then took."""
    plain = find_top_matter(view, metadata_lines)
    cut = top_cut.labels_above(view, _moved(plain))
    if not cut:
        return plain, [], view
    seen = _masked(view, cut)
    top = find_top_matter(seen, metadata_lines)
    # Judged without the metadata lines, which a second cleaning no longer has: what is left with the headline moved,
    # and with the next line moved too (the standfirst top matter takes when a byline or date follows it).
    first = find_top_matter(seen, set())
    if first.headline is not None:
        rest = [i for i, s in enumerate(seen) if s is not None and s.strip() and i > first.headline]
        bodies = [_masked(seen, {first.headline}), _masked(seen, {first.headline, *rest[:1]})]
    else:
        bodies = [seen]
    for body in bodies:
        again = find_top_matter(body, set())
        if again.headline is not None or top_cut.labels_above(body, _moved(again)):
            return plain, [], view
    return top, cut, seen
