"""The page-dump heuristics stage: navigation runs, link lists and footers, judged by line shape."""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator

from cleaner import dedupe, heuristics, learned
from cleaner.heuristics import regions
from cleaner.lines import Lines, View
from cleaner.metadata.top_block import PLAIN_MOVES, settle_top_matter
from cleaner.stages import apply, rejoin
from cleaner.stages import top_matter as top_matter_stage
from cleaner.stages.base import Context, Proposal, StageOutput

# Rounds of (classifier, then the rules over what it joined) until one finds nothing. The classifier
# judges a block by its neighbours and by the document's own prose (the core, the stopword median), and
# both change once chrome is gone; a second cleaning then cut what the first judged by the chrome around
# it. On a dev-corpus sample (480 documents, all four text renderings) no document needed a third round
# of the classifier; the rule engine repeats its passes for the same reason.
MAX_ROUNDS = 4
# The rule category whose removed lines the comment-thread heuristic (HEU008) still reads.
COMMENT_CATEGORY = "comments"


def propose(lines: Lines, view: View, ctx: Context) -> StageOutput:
    """Propose the classifier's chrome blocks among the lines the rules kept.

    On the HTML path trafilatura has already classified the page's blocks; in auto mode the
    full-page-dump classifier on top of it only cost article text (dev corpus, page.html.gz:
    tf must-keep snippets lost 68 -> 94, sh F1 0.967 -> 0.961), so only "on" forces it there.

    The first round judges the lines as the rules left them, repeats included: a menu printed twice is
    still a whole run. Later rounds judge what a second cleaning of the output would read: the lines the
    rounds before left, without the repeats the dedupe stage (DUP001) takes after this one. So the output
    holds nothing the classifier, or a rule over the lines it joined, would still take; every block is
    recorded under the heuristic that took it, in the round that took it.
    """
    mode = ctx.settings.heuristics_mode
    if not (mode == "on" or (mode == "auto" and ctx.page is None)):
        return StageOutput()
    dedupes = dedupe.RULE_ID in ctx.settings.enabled_ids
    rounds: list[StageOutput] = []
    cur = view
    # Glue (helper `html`): the first round counts the lines the rules took as chrome as menu items; later
    # rounds read the page as a second cleaning will, where those lines are simply absent. So does a re-run
    # from a later stage (the learned stage's, with more than the rules' output before it), which stands for
    # what a second cleaning's heuristics would take.
    chrome = _rule_chrome(ctx.earlier, heuristics.CHROME_CATEGORIES) if len(ctx.earlier) == 1 else set()
    below = _rule_chrome(ctx.earlier, heuristics.BELOW_PROSE_CATEGORIES) if len(ctx.earlier) == 1 else set()
    said = _rule_comments(ctx.earlier, lines) if len(ctx.earlier) == 1 else {}
    for n in range(MAX_ROUNDS):
        judged = _without_repeats(cur) if n and dedupes else cur
        blocks, lang = heuristics.propose(
            judged,
            mode=mode,
            enabled=ctx.settings.enabled_ids,
            chrome=() if n else chrome,
            below_prose=() if n else below,
            said=None if n else said,
            read_by_stage=functools.partial(_read_by_stage, judged, ctx),
            read_after=functools.partial(_read_after, cur, dedupes),
            read_wide=functools.partial(_read_wide, cur, dedupes, ctx),
            top_moved=functools.partial(_top_moved, judged, ctx),
            after_stage=len(ctx.earlier) != 1,
        )
        if judged is not cur:
            blocks = heuristics.with_later_copies(blocks, cur, regions.END_HEADINGS)
        own = StageOutput(proposals=tuple(Proposal(b.removal, drop=b.lines) for b in blocks), stoplist_language=lang)
        if not blocks:
            if n == 0:
                rounds.append(own)
                # A round as a second cleaning reads the page: without the rules' chrome lines, or the repeats.
                again = _without_repeats(cur) if dedupes else cur
                if again is not cur or (
                    (chrome or below) and heuristics.may_act(again, mode=mode, enabled=ctx.settings.enabled_ids)
                ):
                    continue
            break
        out, _ = rejoin.settle(lines, judged, own, ctx)
        rounds.append(out)
        cur = apply.step(cur, out)
    return rejoin.merge(rounds)


def _read_by_stage(judged: View, ctx: Context) -> bool:
    """Whether the learned stage reads `judged` as a second cleaning reads it (HEU013's gate): without the headline,
    standfirst and labels the top-matter stage moves and cuts later (`settle_top_matter`: with the headline and
    standfirst alone, a sites page ran HEU013 on its second cleaning only). Counted with them, a page just over the
    stage's gate fell under it once the headline moved out, and a second cleaning ran HEU013 where the first had not (a
    tf book blog).
    The learned stage's re-run (more than the rules' output before it) already reads the page without them.

    Asked only by a round that reaches HEU013 (a partial of it goes to `heuristics.propose`): most rounds stop on the
    line shapes before, and the count, a pass over the page where it says no, is made once per round."""
    if not learned.worth_reading(judged):
        return False
    if len(ctx.earlier) != 1:
        return True
    if learned.worth_reading(judged, -PLAIN_MOVES):
        # Still read with any PLAIN_MOVES of its lines gone: on a page the stage reads, the top matter moves at most
        # that many (`find_top_matter`'s headline and standfirst; top_block's cut only runs where it does not read).
        return True
    moved = settle_top_matter(judged, {c.removal.line - 1 for c in ctx.captures}).moved()
    if not moved:
        return True
    cut = list(judged)
    for i in moved:
        cut[i] = None
    return learned.worth_reading(cut)


def _top_moved(judged: View, ctx: Context) -> set[int]:
    """The lines the top-matter stage would move out of `judged` and cut (HEU001 judges the runs above the prose
    without them too: a second cleaning reads the page with them gone)."""
    return top_matter_stage.find(judged, ctx).moved()


def _read_after(view: View, dedupes: bool, cut: Collection[int]) -> bool:
    """Whether the learned stage could still read `view` once `cut` and the repeats the dedupe stage then takes are gone
    (`regions.decide` asks it where the gate read the page before the cuts). Counted on more lines than the stage is
    handed (the top-matter stage and later rounds take more), so a "no" is certain: removing lines never makes a page
    worth reading.

    The lines are read lazily (`_left`) and the count stops once the answer is yes: the copy of the page and the
    dedupe pass over all of it were most of this function's time (BENCHMARKS.md, thirteenth round, `speed2`)."""
    return learned.worth_reading(_left(view, cut, dedupes))


def _left(view: View, cut: Collection[int], dedupes: bool) -> Iterator[str]:
    """The stripped non-blank lines of `view` without the `cut` ones and, with `dedupes`, without the repeats the
    dedupe stage takes from what is left (`dedupe.repeated_lines`: a line whose text an earlier line left holds), in
    order, made one at a time: the same lines as `_without_repeats(regions.without(view, cut))`, as far as they are
    read."""
    gone = cut if isinstance(cut, (set, frozenset)) else set(cut)
    seen: set[str] = set()
    for i, s in enumerate(view):
        if s is None or i in gone:
            continue
        t = s.strip()
        if not t:
            continue
        if dedupes:
            if t in seen:
                continue
            seen.add(t)
        yield t


def _read_wide(view: View, dedupes: bool, ctx: Context, cut: Collection[int]) -> bool:
    """Whether the learned stage could read `view` without the `cut` lines, the repeats and the top matter, if it had
    PLAIN_MOVES lines more (HEU016's gate, `regions.decide`). Without the top matter, a first cleaning and a second one
    (whose text has none left to move) count the same lines; with the margin, a page the stage reads with its headline
    and standfirst (at most PLAIN_MOVES lines on such a page) counts as read. The learned stage's re-run counts without
    the top matter too: the top-matter stage moves it only after that re-run, so counted with it, the headline was one
    short line more than a second cleaning sees, and a page just over the gate there ended on a heading only a second
    cleaning took (tf/1157c88e paragraphs, at the eighteenth round's threshold 0.80)."""
    if not learned.worth_reading(_left(view, cut, dedupes), PLAIN_MOVES):
        # Not even with the top matter: lines gone never make a page worth reading, so it need not be found.
        return False
    after = regions.without(view, cut)
    if dedupes:
        after = _without_repeats(after)
    moved = settle_top_matter(after, {c.removal.line - 1 for c in ctx.captures}).moved()
    if moved:
        after = regions.without(after, moved)
    return learned.worth_reading(after, PLAIN_MOVES)


def _rule_chrome(outputs: tuple[StageOutput, ...], categories: frozenset[str]) -> set[int]:
    """Lines the rules removed under one of `categories` (`heuristics.CHROME_CATEGORIES`, or
    `heuristics.BELOW_PROSE_CATEGORIES`)."""
    return {i for o in outputs for p in o.proposals if p.removal.category in categories for i in p.drop}


def _rule_comments(outputs: tuple[StageOutput, ...], lines: Lines) -> dict[int, str]:
    """Text of the lines the comment rules removed: a comment's signature line still marks the thread (HEU008). Also a
    line another rule took that counts the thread (SOC002 takes "{ 131 comments }" as a counter): it still marks where
    the thread starts (`regions.THREAD_COUNT_HEADER`; a plain header such as "34 Comments" is left to the comment rules,
    so the second-half search reads what it read before)."""
    return {
        i: lines[i]
        for o in outputs
        for p in o.proposals
        for i in p.drop
        if p.removal.category == COMMENT_CATEGORY or _counts_thread(lines[i])
    }


def _counts_thread(line: str) -> bool:
    """A header that counts a thread and that the plain header pattern does not take (`_rule_comments`)."""
    s = line.strip()
    return regions.counts_thread(s) and regions.COMMENT_HEADER.search(s) is None


def _without_repeats(view: View) -> View:
    """`view` as the dedupe stage will leave it: the second copies of exact lines gone."""
    gone = set(dedupe.repeated_lines(view))
    return tuple(None if i in gone else s for i, s in enumerate(view)) if gone else view
