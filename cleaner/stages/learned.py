"""The learned line stage in the registry: runs the Cleaner's LearnedStage on the view the rules left.

Cleaning the body again must change nothing (issue 9). A second cleaning hands the stage the body, which
differs from what the first cleaning's stage read in two ways: the lines the stages after this one moved
out (the headline and standfirst, a site template's chrome) are gone, which moves every line's position
and context; and the language is guessed on the body, not on the raw page. A model scores a line near its
threshold differently for either reason (a tour-city list, a live ticker's minute marks "19'").

So the stage reads the page as the second cleaning will: the later stages are run ahead on the view it is
handed, the lines they would take are hidden from it, and the stoplist is the one guessed on the text that
will be left. Both depend on what the stage itself removes, so the adapter settles them to a fixed point
(`MAX_SETTLE` attempts): when the later stages, run on what the stage left, take exactly the lines hidden
from it, and the guess on the result names the language it used, the body is a page on which the stage's
last round removed nothing, read as the second cleaning reads it. That holds for any model and threshold once
the attempts settle; a page whose attempts cycle (the stage's removals change what the later stages take, and
that in turn what the stage removes) keeps an attempt whose body the stage would leave alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cleaner import learned  # [speed glue] RULE_ID only: the stage itself comes in the settings
from cleaner.heuristics.lang import SAMPLE_WORDS, stoplist_for, stoplist_for_lines, stoplist_named, word_count
from cleaner.lines import Lines, View
from cleaner.model import Removal
from cleaner.stages import apply, rejoin
from cleaner.stages import heuristics as heuristics_stage
from cleaner.stages.base import Capture, Context, Proposal, StageOutput
from cleaner.stages.base import Stage as Registered

# Rounds of (the line model, then the page-dump heuristics over what it left) until the model removes nothing.
MAX_ROUNDS = 3
# Attempts at the fixed point of (lines the later stages take, language guess) and the stage's removals. On
# dev sh+tf (four text renderings, 1,864 documents, 977 worth reading) 974 settled at the first, 2 at the
# second, 1 took all three (BENCH_tests.md); a page still moving after the last (or whose attempts cycle) keeps
# an attempt whose body the stage would leave alone, else the last.
MAX_SETTLE = 3

Guess = Callable[[View], str | None]


@dataclass(frozen=True, slots=True)
class Ran:
    """A later stage's output from the run ahead, with what it read: the view and the earlier stages' captures.

    The stages after this one (templates, top matter) read of the earlier stages' outputs only their captures
    (`Context.captures`; tests/test_learned_handoff.py checks it for every registered one), so on the same view
    with the same captures the pipeline's own run of such a stage returns this output."""

    view: View
    captures: tuple[Capture, ...]
    out: StageOutput


# The later stages' outputs of the run ahead that matched the stage's final answer, for `stages.run` to take
# instead of running them again on the same view (one slot per thread, taken by `handed_on`).
_HANDED = threading.local()


def handed_on(out: StageOutput) -> dict[Registered, Ran]:
    """The runs ahead that `propose` left with `out` (its return value), by stage; empty for any other output.
    The slot is emptied, so a run ahead is handed on once."""
    slot = getattr(_HANDED, "slot", None)
    _HANDED.slot = None
    return slot[1] if slot is not None and slot[0] is out else {}


def reuse(ran: Ran | None, view: View, ctx: Context) -> StageOutput | None:
    """`ran`'s output when the stage is to read what it read then (the same view and captures), else None."""
    if ran is None or ran.view != view or ran.captures != ctx.captures:
        return None
    return ran.out


# LearnedStage or learned.Shipped: (view, stoplist) -> (proposals, warnings).
Stage = Callable[..., tuple[list[Any], list[str]]]


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
    if not learned.worth_reading(view):
        # Removing lines never makes a page worth reading, so neither is any view the stage could be handed
        # here. The guess is still made for the record's inLanguage when nobody made one (the record takes the
        # heuristics' guess when they made one: apply.resolve takes the first stage's).
        told = next((out.stoplist_language for out in ctx.earlier if out.stoplist_language), None)
        return StageOutput(stoplist_language=told or stoplist_for(view)[0])
    guess = _guesser(*_told(lines, ctx))
    ahead, ran = _later(lines, view, ctx, StageOutput())
    ahead_on = view
    language: str | None = None
    guessed_on: View = view
    out = StageOutput()
    attempts: list[tuple[StageOutput, View, str | None]] = []
    starts: set[tuple[tuple[tuple[int, str | None], ...], str | None]] = set()
    for _ in range(MAX_SETTLE):
        start = (tuple(sorted(ahead.items())), language)
        if start in starts:
            break  # a cycle: the attempts would repeat, never settling
        starts.add(start)
        seen = _overlaid(view, ahead)
        # The first try is the guess on the page as the stage reads it, not the heuristics' guess on the page
        # before their cuts: the two differed on 14 of 120 fulltext.txt pages (English and Simple_English,
        # mostly), each a second attempt.
        if language is None:
            language, guessed_on = guess(seen), seen
        out = _rounds(stage, lines, seen, language, ctx)
        after = apply.step(view, out) if out.proposals else view
        # The later stages read the view they were last run ahead on again: their output is that run's (their run
        # cost ~0.1 ms). Not whenever nothing is removed: after an attempt that removed lines, the run ahead was on
        # that attempt's view, and top matter cuts the lines above the article's start only once the page no longer
        # reads as one the stage reads (cleaner/metadata/top_block.py), so on the handed view it may take less; taken
        # as settled, a sites page kept 5 lines the stage removes, its block uncut.
        now, ran = (ahead, ran) if after == ahead_on else _later(lines, after, ctx, out)
        ahead_on = after
        settled, ahead, was = now == ahead, now, language
        final = _overlaid(after, now)
        if final != guessed_on:  # the same lines get the same guess
            language, guessed_on = guess(final), final
        if settled and language == was:
            # The pipeline runs the later stages next on `after` (`reuse` checks it is the view they read here).
            _HANDED.slot = (out, ran)
            return out
        attempts.append((out, final, language))
    # Not settled (a cycle, or MAX_SETTLE spent): keep an attempt whose body the stage, reading it as a second
    # cleaning will, leaves alone (a dn page alternated between removing 63 and 64 lines, and only the 63 were
    # a fixed point; on an sh page it was the larger set); failing that, the last attempt.
    more: list[tuple[StageOutput, StageOutput, str | None]] = []
    for tried, body, said in attempts:
        found = _rounds(stage, lines, body, said, ctx)
        if not found.proposals:
            return tried
        more.append((tried, found, said))
    # None is: an attempt with what the stage still takes from its body (what a second cleaning would take), if
    # the stage then leaves that body alone (a dn blog page cycled between two headlines above its list of posts,
    # and neither attempt was a fixed point; the second cleaning took three more of the list).
    for tried, found, said in more:
        both = rejoin.merge([tried, found])
        after = apply.step(view, both)
        now, _ran = _later(lines, after, ctx, both)
        if not _rounds(stage, lines, _overlaid(after, now), said, ctx).proposals:
            return both
    return out


def _rounds(stage: Stage, lines: Lines, seen: View, language: str | None, ctx: Context) -> StageOutput:
    """The stage's removals on `seen` with `language`'s stoplist, and the heuristics' over what it leaves,
    in rounds until the model removes nothing."""
    stop = stoplist_named(language) if language else frozenset()
    rounds: list[StageOutput] = []
    cur = seen
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
        # It is the whole heuristics stage, not HEU005/HEU006 alone: removing lines moves the core, the prose's
        # stopword median, the runs (a removed line no longer splits one) and HEU013's gate (a page can fall
        # out of the stage's reading), so any heuristic can fire here. On dev sh+tf+sites (2,169 text documents)
        # six did (HEU013 11 blocks, HEU011 8, HEU006 7, HEU009 3, HEU001 2, HEU005 2), and with only HEU005 and
        # HEU006 re-run 18 of those 23 records changed (BENCHMARKS.md, tenth round, `speedrule`). The per-line
        # classes and stopword shares it reads are the ones the heuristics stage counted (features._memo_for, per
        # document).
        cur = apply.step(cur, own)
        again = heuristics_stage.propose(lines, cur, ctx)
        if not again.proposals:
            break  # the stage's own rounds already left nothing it would take
        rounds.append(again)
        cur = apply.step(cur, again)
    return rounds[0] if len(rounds) == 1 else rejoin.merge(rounds)


def _later(
    lines: Lines, view: View, ctx: Context, own: StageOutput
) -> tuple[dict[int, str | None], dict[Registered, Ran]]:
    """What the stages after this one (reading `own` among the earlier outputs) do to `view`, run the way
    `stages.run` runs them: each line they take (None) or trim (the text left), by index; and each stage's run."""
    from cleaner.stages import STAGES  # the registry imports this module

    at = next((k for k, st in enumerate(STAGES) if st.run is propose), len(STAGES))
    outputs = [*ctx.earlier, own]
    changes: dict[int, str | None] = {}
    ran: dict[Registered, Ran] = {}
    for st in STAGES[at + 1 :]:
        # Built directly: `dataclasses.replace` reads the fields' metadata and calls through keywords (as `stages.run`).
        later = Context(ctx.settings, ctx.site_keys, ctx.page, tuple(outputs))
        out = st.run(lines, view, later)
        ran[st] = Ran(view, later.captures, out)
        if out.proposals:
            after = apply.step(view, out)
            changes.update((i, after[i]) for p in out.proposals for i in (*p.drop, *(p.keep[:1] if p.keep else ())))
            view = after
        outputs.append(out)
    return changes, ran


def _overlaid(view: View, changes: dict[int, str | None]) -> View:
    """`view` with the later stages' changes made, where the line is still there."""
    if not changes:
        return view
    out = list(view)
    for i, text in changes.items():
        if out[i] is not None:
            out[i] = text
    return tuple(out)


def _told(lines: Lines, ctx: Context) -> tuple[View | None, str | None]:
    """The view an earlier stage guessed the language on (the heuristics, on the lines the rules left), and
    its guess; (None, None) when no stage guessed."""
    view = lines.view()
    for out in ctx.earlier:
        if out.stoplist_language:
            return view, out.stoplist_language
        view = apply.step(view, out)
    return None, None


def _guesser(known: View | None = None, language: str | None = None) -> Guess:
    """The stoplist guess on a view, made once per distinct sample (the lines the guess reads): most views
    of one page share the sample, and a guess costs ~0.2 ms. `known` is a view already guessed as `language`
    (the same sample gets the same guess)."""
    memo: dict[tuple[str, ...], str | None] = {}

    def sample(view: View) -> tuple[str, ...]:
        # Each line's word count comes from the guess's own memo (heuristics/lang.py), kept across documents.
        lines: list[str] = []
        words = 0
        for s in view:
            if s:
                lines.append(s)
                words += word_count(s)
                if words >= SAMPLE_WORDS:
                    break
        return tuple(lines)

    if known is not None:
        memo[sample(known)] = language

    def guess(view: View) -> str | None:
        key = sample(view)
        if key not in memo:
            # The sample's lines are the whole sample again; their hits are summed from the per-line memo.
            memo[key] = stoplist_for_lines(key)[0]
        return memo[key]

    return guess
