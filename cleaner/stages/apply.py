"""The one place where proposals become the kept lines, `removed[]` and `extracted[]`.

Order of resolution, which is also the order of the STAGES tuple:

1. Stages run in turn; each sees the view the stages before it left (`step`), so a later stage
   can only remove what is still there, and never brings back what an earlier one dropped.
2. Within a stage, proposals apply in the order the stage made them. A proposal whose lines are
   all gone already (an overlap) is skipped; a trim (`keep`) replaces the text of a kept line.
3. `removed[]` lists every applied non-extracted proposal, sorted by line (stable, so on one line
   the earlier stage's entry comes first); `extracted[]` lists the moves into fields in stage order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.lines import View
from cleaner.model import Image, Removal
from cleaner.stages.base import Capture, StageOutput


def step(view: View, out: StageOutput) -> View:
    """The view after one stage's proposals; the input view is left as it was."""
    if not out.proposals:
        # The view itself (a tuple, so nobody can change it): no copy, and the next `reuse`/`==` is an identity test.
        return view
    kept = list(view)
    for p in out.proposals:
        _apply(kept, p.drop, p.keep)
    return tuple(kept)


def _apply(kept: list[str | None], drop: Sequence[int], keep: tuple[int, str] | None) -> bool:
    live = [i for i in drop if kept[i] is not None]
    if keep is not None and kept[keep[0]] is not None:
        kept[keep[0]] = keep[1]
        return True
    for i in live:
        kept[i] = None
    return bool(live)


@dataclass(frozen=True, slots=True)
class Applied:
    """The document after every stage: what the body keeps and what each stage took out."""

    kept: View
    removed: tuple[Removal, ...]
    extracted: tuple[Removal, ...]
    captures: tuple[Capture, ...]
    images: tuple[Image, ...]
    warnings: tuple[str, ...]
    stoplist_language: str | None


def resolve(start: View, outputs: Sequence[StageOutput]) -> Applied:
    """Replay every stage's proposals over the starting view, in stage order, into one result."""
    kept = list(start)
    removed: list[Removal] = []
    extracted: list[Removal] = []
    for out in outputs:
        for p in out.proposals:
            if not _apply(kept, p.drop, p.keep):
                continue
            (extracted if p.extracted else removed).append(p.removal)
    return Applied(
        kept=tuple(kept),
        removed=tuple(sorted(removed, key=lambda r: r.line)),
        extracted=tuple(extracted),
        captures=tuple(c for out in outputs for c in out.captures),
        images=tuple(i for out in outputs for i in out.images),
        warnings=tuple(w for out in outputs for w in out.warnings),
        stoplist_language=next((o.stoplist_language for o in outputs if o.stoplist_language), None),
    )
