"""Exact repeated lines within one document: the second copy of a line is template residue.

Share bars, "Advertisement" slugs and teaser blocks print twice on a page; article text does not repeat
itself line for line. Only within one document: across documents wire copy repeats legitimately, and
cross-document line dedup is what cost FineWeb 78% of its tokens (DESIGN.md, known traps).
"""

from __future__ import annotations

from collections.abc import Sequence

RULE_ID = "DUP001"
NAME = "repeated-line"
CATEGORY = "duplicate"
WHY = (
    "An exact repeat of an earlier line of the same document (share bars, ad slugs, teasers printed twice); "
    "the first copy stays, so no text is lost, and lines of other documents are never compared."
)


def repeated_lines(kept: Sequence[str | None]) -> list[int]:
    """Indexes of kept lines whose stripped text already appeared on an earlier kept line."""
    seen: set[str] = set()
    out = []
    for i, line in enumerate(kept):
        if line is None:
            continue
        s = line.strip()
        if not s:
            continue
        if s in seen:
            out.append(i)
        else:
            seen.add(s)
    return out
