"""Exact repeated lines within one document: the second copy of a line is template residue.

Share bars, "Advertisement" slugs and teaser blocks print twice on a page; article text does not repeat
itself line for line. Only within one document: across documents wire copy repeats legitimately, and
cross-document line dedup is what cost FineWeb 78% of its tokens (DESIGN.md, known traps).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, repeat
from operator import is_not

RULE_ID = "DUP001"
NAME = "repeated-line"
CATEGORY = "duplicate"
WHY = (
    "An exact repeat of an earlier line of the same document (share bars, ad slugs, teasers printed twice); "
    "the first copy stays, so no text is lost, and lines of other documents are never compared."
)


def repeated_lines(kept: Sequence[str | None]) -> list[int]:
    """Indexes of kept lines whose stripped text already appeared on an earlier kept line."""
    live = list(map(is_not, kept, repeat(None)))
    index = list(compress(range(len(kept)), live))
    texts = list(map(str.strip, compress(kept, live)))  # type: ignore[arg-type]  # no None is left
    # Each text's first line: built backwards, so the earliest line is written last and stays.
    first = dict(zip(reversed(texts), reversed(index), strict=True))
    return [i for i, s in zip(index, texts, strict=True) if s and first[s] != i]
