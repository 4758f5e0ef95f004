"""The rules once more over lines that a later stage's removals made neighbours.

Taking a line out (a repeat, a chrome block) closes up the lines around it. Cleaning the output again
reads those lines as neighbours from the start, so a block rule can fire there that did not fire the
first time: "E-mail" / "|" / "Twitter" with the repeated "|" gone is a share bar (SOC004). A stage that
removes lines therefore hands the rules the view it leaves, once, and the first
cleaning already takes what the second would. Each removal this finds is recorded under its own rule
id, category and reason, like any rule's.
"""

from __future__ import annotations

from collections.abc import Iterable

from cleaner.lines import Lines, View
from cleaner.model import Image
from cleaner.stages import apply
from cleaner.stages import rules as rules_stage
from cleaner.stages.base import Capture, Context, Proposal, StageOutput


def rules_after(lines: Lines, before: View, after: View, ctx: Context) -> StageOutput:
    """The rules' proposals on `after`, when a removal changed it; else nothing.

    Any removal counts, not only one between kept lines: a drop-tail rule places its marker by its
    share of the document's lines, and that share moves when lines above it go.
    """
    if before == after:
        return StageOutput()
    return rules_stage.propose(lines, after, ctx)


def merge(outputs: Iterable[StageOutput]) -> StageOutput:
    """One stage's output made of several rounds, in the order they ran (as `apply` replays them)."""
    # Tuples grown by concatenation: a merge is of two or three rounds (a stage's own output and the rules' re-runs,
    # `settle`), where four generators cost ~1 us each. The first language any round guessed.
    proposals: tuple[Proposal, ...] = ()
    captures: tuple[Capture, ...] = ()
    images: tuple[Image, ...] = ()
    warnings: tuple[str, ...] = ()
    language: str | None = None
    for o in outputs:
        proposals += o.proposals
        captures += o.captures
        images += o.images
        warnings += o.warnings
        language = language or o.stoplist_language
    return StageOutput(proposals, captures, images, warnings, language or None)


def settle(lines: Lines, view: View, own: StageOutput, ctx: Context) -> tuple[StageOutput, View]:
    """`own` plus what the rules then find over the lines it joined, and the view after both."""
    after = apply.step(view, own)
    again = rules_after(lines, view, after, ctx)
    if not again.proposals:
        return own, after
    return merge((own, again)), apply.step(after, again)
