"""The learned line stage in the registry: runs the Cleaner's LearnedStage on the view the rules left."""

from __future__ import annotations

from cleaner import learned  # [speed glue] RULE_ID only: the stage itself comes in the settings
from cleaner.heuristics.lang import stoplist_for, stoplist_named
from cleaner.lines import Lines, View
from cleaner.model import Removal
from cleaner.stages import apply, rejoin
from cleaner.stages import heuristics as heuristics_stage
from cleaner.stages.base import Context, Proposal, StageOutput

# Rounds of (the line model, then the page-dump heuristics over what it left) until the model removes nothing.
MAX_ROUNDS = 3


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
    # One language guess per document: the heuristics' when they made one, else ours, which the record's
    # inLanguage then reuses instead of guessing again (the guess was ~0.4 ms of the stage's ~3 ms).
    language = next((out.stoplist_language for out in ctx.earlier if out.stoplist_language), None)
    if language is None:
        language, stop = stoplist_for(view)
    else:
        stop = stoplist_named(language)
    rounds: list[StageOutput] = []
    cur = view
    for _ in range(MAX_ROUNDS):
        found, warnings = stage(cur, stop)
        own = StageOutput(
            proposals=tuple(
                Proposal(
                    Removal(p.rule, p.category, (cur[p.line] or "").strip(), p.line + 1, why=p.why), drop=(p.line,)
                )
                for p in found
            ),
            warnings=tuple(warnings),
            stoplist_language=language,
        )
        if not rounds or own.proposals:
            rounds.append(own)
        if not own.proposals:
            break
        # A second cleaning reads the lines the stage left with the page-dump heuristics before the stage
        # sees them again; so the first cleaning hands them the same view, and the stage then reads what they
        # leave (with the stage on, 4 of 1,806 dev documents changed on a second cleaning through HEU005 and
        # HEU006 without this; none through the rules, whose re-run here cost 0.5 ms per article.txt page).
        cur = apply.step(cur, own)
        again = heuristics_stage.propose(lines, cur, ctx)
        if not again.proposals:
            break  # the stage's own rounds already left nothing it would take
        rounds.append(again)
        cur = apply.step(cur, again)
    return rejoin.merge(rounds)
