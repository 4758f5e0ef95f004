"""Cleaning the body `clean` returned must take nothing more, on every real page of the dev corpus.

Each page is cleaned twice in one of its four text renderings, taken in turn, so that all four
are covered across the corpus at a quarter of the cost; CLEANER_IDEMPOTENCE_ALL=1 checks every
rendering of every page (about 7,200 documents, several minutes). Skips where ../shared is absent.

Issue 9 item 16 asks for none, and none is what is asserted. Measured on the default settings
(2026-12-01): 0 of 1,806 documents with one rendering per page (20 before this change). Since 2026-12-02
the default settings run the learned line stage: 0 of 1,806 with it (1 before its adapter read the page as
a second cleaning will, cleaner/stages/learned.py; tests/test_idempotence_learned.py). With
CLEANER_IDEMPOTENCE_ALL=1, 0 of 7,224 (2026-12-07; 5 before a header that counts a comment thread started it
above a plain header further down, BENCHMARKS.md, forty-seventh round): CI (.ci/run) runs it so. The causes removed: the
classifier judged a block by neighbours the same cleaning then removed (its own blocks, which moved
the core and the last prose line; the repeats DUP001 takes after it), and a removal closed up lines
that a rule then reads differently (SOC004's share bar; a drop-tail marker past half the page).
"""

from __future__ import annotations

import os
from functools import cache

import cleaner
from tests.conftest import require_corpus

RENDERINGS = ("article.txt", "fulltext.txt", "paragraphs.txt", "trafilatura.txt")


@cache
def _second_cleanings() -> dict[str, cleaner.Article]:
    """`clean(clean(page).body)` keyed `src/id/rendering`."""
    corpus = require_corpus()
    every = bool(os.environ.get("CLEANER_IDEMPOTENCE_ALL"))
    out: dict[str, cleaner.Article] = {}
    pages = sorted(p for p in corpus.glob("*/*") if p.is_dir())
    for n, page in enumerate(pages):
        for name in RENDERINGS if every else (RENDERINGS[n % len(RENDERINGS)],):
            path = page / name
            if path.is_file():
                once = cleaner.clean(path.read_text(encoding="utf-8"))
                out[f"{page.relative_to(corpus)}/{name}"] = cleaner.clean(once.body)
    return out


def test_recleaning_takes_nothing_from_any_page() -> None:
    """Nothing removed and nothing moved into a field (a headline), from any document."""
    again = _second_cleanings()
    assert len(again) > 1000
    changed = {k: sorted({r.rule for r in (*a.removed, *a.extracted)}) for k, a in again.items()}
    assert {k: v for k, v in changed.items() if v} == {}
