"""Text-only block classifier for full-page dumps (navigation runs, link lists, footers).

Runs after the phrase rules, only where enabled. `auto` decides per document whether the
text looks like a full-page dump; `on` always runs; `off` never does.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from cleaner.rules.engine import EngineResult

MODES = ("auto", "on", "off")
CATEGORY = "heuristic"


@dataclass(frozen=True, slots=True)
class HeuristicInfo:
    """The id, name and reason of one heuristic, so it lists and selects like a rule."""

    id: str
    name: str
    why: str


HEURISTICS: tuple[HeuristicInfo, ...] = ()


def apply(res: EngineResult, lines: Sequence[str], *, mode: str, enabled: Collection[str]) -> None:
    """Mark further lines of `res` as removed; a no-op until the classifier lands."""
    return None
