"""The page-dump heuristics stage: navigation runs, link lists and footers, judged by line shape."""

from __future__ import annotations

from cleaner import heuristics
from cleaner.lines import Lines, View
from cleaner.stages import rejoin
from cleaner.stages.base import Context, Proposal, StageOutput

# Rounds of (classifier, then the rules over what it joined) until one finds nothing. The classifier
# judges a block by its neighbours and by the document's own prose (the core, the stopword median), and
# both change once chrome is gone; a second cleaning then cut what the first judged by the chrome around
# it. On the dev corpus the second round finds something on few page dumps and a third almost never;
# the rule engine repeats its passes for the same reason and at the same bound.
MAX_ROUNDS = 3


def propose(lines: Lines, view: View, ctx: Context) -> StageOutput:
    """Propose the classifier's chrome blocks among the lines the rules kept.

    On the HTML path trafilatura has already classified the page's blocks; in auto mode the
    full-page-dump classifier on top of it only cost article text (dev corpus, page.html.gz:
    tf must-keep snippets lost 68 -> 94, sh F1 0.967 -> 0.961), so only "on" forces it there.

    Each round judges the lines the rounds before it left, as a second cleaning of the output would,
    so that the output holds nothing the classifier (or a rule over the lines it joined) would still
    take; every block is recorded under the heuristic that took it, in the round that took it.
    """
    mode = ctx.settings.heuristics_mode
    if not (mode == "on" or (mode == "auto" and ctx.page is None)):
        return StageOutput()
    rounds: list[StageOutput] = []
    cur = view
    for _ in range(MAX_ROUNDS):
        blocks, lang = heuristics.propose(cur, mode=mode, enabled=ctx.settings.enabled_ids)
        own = StageOutput(proposals=tuple(Proposal(b.removal, drop=b.lines) for b in blocks), stoplist_language=lang)
        if not blocks:
            if not rounds:
                rounds.append(own)
            break
        out, cur = rejoin.settle(lines, cur, own, ctx)
        rounds.append(out)
    return rejoin.merge(rounds)
