"""How many entries each memo that lives across documents keeps: the bounds sized together, in bytes.

These memos pay when lines repeat: one page's renderings and the stages' re-reads of it, a site's menus, datelines and
bylines from page to page. Past a few thousand lines their hits come from pages long gone, while their memory grows
with the bound. Bounded by entry counts chosen one at a time (16,384 to 50,000 lines each), they held ~110 MB of a
process after one pass over the dev corpus, and a two-worker stream peaked at 430 MB against issue 13's 300
(BENCHMARKS.md, thirty-sixth round). Each figure below is an entry's size as measured there (tracemalloc, compiled
build, line and answer together). Full, these bounds hold ~13 MB of a compiled process, where they held ~70 MB; the
heuristics' per-line caches (HEURISTIC_LINES) hold a few MB more.
"""

from __future__ import annotations

from typing import Final

# The language guess's lines (heuristics/lang.py): ~430 bytes an entry compiled (the line, its word count, its hits),
# ~930 bytes pure (the words as a tuple and a 3,200-bit int). 50,000 held 21 MB compiled, 52 MB pure.
LANGUAGE_LINES: Final = 4096
# The pure language guess's stopwords (heuristics/lang.py `_VECTORS`; the kernel keeps none): ~450 bytes a word (a
# 3,200-bit int). A dev pass met ~20,000; the common ones are a few thousand.
LANGUAGE_WORDS: Final = 8192
# The date search's lines and strings (metadata/dates.py `_line_reading`, metadata/date_forms.py `_found`): ~560 and
# ~340 bytes an entry.
DATE_LINES: Final = 4096
# The headline's line keys and date tests (metadata/headline_lines.py, metadata/text_headline.py's copy keys):
# ~220 and ~260 bytes an entry.
HEADLINE_LINES: Final = 4096
# The byline verdicts (metadata/bylines.py) and the site affix's splits (metadata/site_affix.py).
BYLINE_LINES: Final = 4096
AFFIX_SPLITS: Final = 4096
# The heuristics stage's per-line answers (each module's LINE_CACHE: a comment signature's kind, a teaser's or a story
# list's shape, a dateline test, a region's line test, cohesion's content words). The stage's rounds and re-runs read
# one document's lines again, so each line is tested once per document; 4,096 is over the longest dev page's line
# count (about 2,000).
HEURISTIC_LINES: Final = 4096
# The rules' answers for short lines (rules/prefilter.py): ~110 bytes an entry; 50,000 held 5.4 MB.
RULE_LINES: Final = 16384
# The learned stage's rows (learned/rows.py `RowMemo`): ~280 bytes a row (18 floats, its line, its index).
LEARNED_ROWS: Final = 8192
