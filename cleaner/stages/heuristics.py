"""The page-dump heuristics stage: navigation runs, link lists and footers, judged by line shape."""

from __future__ import annotations

from cleaner import heuristics
from cleaner.lines import Lines, View
from cleaner.stages.base import Context, Proposal, StageOutput


def propose(lines: Lines, view: View, ctx: Context) -> StageOutput:
    """Propose the classifier's chrome blocks among the lines the rules kept.

    On the HTML path trafilatura has already classified the page's blocks; in auto mode the
    full-page-dump classifier on top of it only cost article text (dev corpus, page.html.gz:
    tf must-keep snippets lost 68 -> 94, sh F1 0.967 -> 0.961), so only "on" forces it there.
    """
    mode = ctx.settings.heuristics_mode
    if not (mode == "on" or (mode == "auto" and ctx.page is None)):
        return StageOutput()
    blocks, lang = heuristics.propose(view, mode=mode, enabled=ctx.settings.enabled_ids)
    return StageOutput(
        proposals=tuple(Proposal(b.removal, drop=b.lines) for b in blocks),
        stoplist_language=lang,
    )
