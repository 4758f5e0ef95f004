"""What extraction left out: the page's visible blocks that are not in trafilatura's text.

"Nothing silently lost" holds for HTML too: every visible block that extraction dropped becomes a
removal with category `extraction`, so `--explain` shows navigation, teasers and, when trafilatura
errs, the article paragraphs it missed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from cleaner.model import Removal

EXTRACTION_RULE: Final = "HTML-EXTRACTION"
EXTRACTION_CATEGORY: Final = "extraction"
# Why every such removal was made: trafilatura judged the block outside the article. Said plainly, because its
# errors land here too (a missed paragraph reads as one of these, and the reader is told to look).
EXTRACTION_WHY: Final = (
    "outside the article as trafilatura extracted the page (navigation, teasers, footers; a paragraph here is "
    "one it missed)"
)
# Removals per page: a run of consecutive dropped blocks is one removal. Dev pages have a median
# of ~15 runs and a p95 of ~70; 100 keeps the audit whole on nearly every page and bounds a
# 5,000-link sitemap page to a readable record.
MAX_DROPPED_GROUPS: Final = 100
# Characters kept per removal: enough for a whole related-stories list or a missed paragraph.
MAX_GROUP_CHARS: Final = 4000
# Removals of this line number come from before the body existed (the page, not a body line).
PAGE_LINE: Final = 0


def _norm(text: str) -> str:
    return " ".join(text.split())


def dropped_blocks(blocks: Sequence[str], kept: str, also_kept: Iterable[str | None] = ()) -> tuple[Removal, ...]:
    """Runs of visible blocks found neither in the extracted text nor in `also_kept` (headline...)."""
    hay = _norm(kept)
    others = [_norm(x) for x in also_kept if x]
    groups: list[list[str]] = []
    current: list[str] = []
    for block in blocks:
        if block in hay or any(block in o or o == block for o in others):
            if current:
                groups.append(current)
                current = []
            continue
        current.append(block)
    if current:
        groups.append(current)
    out = [_removal(g) for g in groups[:MAX_DROPPED_GROUPS]]
    rest = groups[MAX_DROPPED_GROUPS:]
    if rest:
        n_blocks = sum(len(g) for g in rest)
        n_chars = sum(len(b) for g in rest for b in g)
        out.append(
            Removal(
                EXTRACTION_RULE,
                EXTRACTION_CATEGORY,
                f"… {n_blocks} more blocks ({n_chars} characters) not shown: per-page cap",
                PAGE_LINE,
                why=EXTRACTION_WHY,
            )
        )
    return tuple(out)


def _removal(group: list[str]) -> Removal:
    text = "\n".join(group)
    if len(text) > MAX_GROUP_CHARS:
        text = text[:MAX_GROUP_CHARS].rstrip() + f" … (+{len(text) - MAX_GROUP_CHARS} characters)"
    return Removal(EXTRACTION_RULE, EXTRACTION_CATEGORY, text, PAGE_LINE, why=EXTRACTION_WHY)
