"""Text-only block classifier for full-page dumps (navigation runs, link lists, footers).

Runs after the phrase rules, only where enabled. `auto` decides per document whether the
text looks like a full-page dump; `on` always runs; `off` never does.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.rules.engine import EngineResult

MODES = ("auto", "on", "off")
CATEGORY = "heuristic"


def apply(res: EngineResult, lines: Sequence[str], *, mode: str) -> None:
    """Mark further lines of `res` as removed; a no-op until the classifier lands."""
    return None
