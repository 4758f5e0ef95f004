"""The rules stage: site rules, then generic ones, as the compiled RuleEngine decides them."""

from __future__ import annotations

import dataclasses
from itertools import compress, repeat
from operator import is_not
from typing import cast

from cleaner.lines import Lines, View
from cleaner.model import Removal
from cleaner.stages.base import Capture, Context, Proposal, StageOutput


def propose(lines: Lines, view: View, ctx: Context) -> StageOutput:
    """Run the engine on its own copy of the view and pass on what it proposes and captures.

    Lines an earlier stage removed (the repeated-lines stage) are left out of what the engine reads, as
    they are when the output is cleaned again, and its line numbers are mapped back. (Glue, helper
    `learned`: the engine reads plain strings.)
    """
    kept = list(map(is_not, view, repeat(None)))  # in C: the view is a page's lines, read twice
    compact = cast("list[str]", list(compress(view, kept)))  # the lines that are not None
    res = ctx.settings.engine.apply(compact, ctx.site_keys)
    if len(compact) == len(view):
        return StageOutput(
            proposals=tuple(res.proposals),
            captures=tuple(Capture(name, value, removal) for name, value, removal in res.fields),
            images=tuple(res.images),
            warnings=tuple(res.warnings),
        )
    if not (res.proposals or res.fields or res.images):
        # Most re-runs after a later stage (`stages.rejoin`, ~1.3 a page) find nothing: no line numbers to map.
        return StageOutput(warnings=tuple(res.warnings))
    index = list(compress(range(len(view)), kept))

    def line(n: int) -> int:  # 1-based line of the compact view -> of the document
        return index[n - 1] + 1 if 0 < n <= len(index) else n

    def removal(r: Removal) -> Removal:
        return dataclasses.replace(r, line=line(r.line))

    proposals = tuple(
        Proposal(
            removal(p.removal),
            drop=tuple(index[i] for i in p.drop),
            keep=(index[p.keep[0]], p.keep[1]) if p.keep else None,
            extracted=p.extracted,
        )
        for p in res.proposals
    )
    images = tuple(dataclasses.replace(im, line=line(im.line)) if im.line else im for im in res.images)
    return StageOutput(
        proposals=proposals,
        captures=tuple(Capture(name, value, removal(r)) for name, value, r in res.fields),
        images=images,
        warnings=tuple(res.warnings),
    )
