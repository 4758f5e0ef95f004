"""Section labels and breadcrumbs above an article's headline: short lines the top-matter stage cuts first.

Measured on sh (issue 11, round 11): over half of the boilerplate the cleaner leaves on `paragraphs.txt` sits above
the article's first paragraph, and most of it is a template's top: a section label ("TV", "World", "Supported by"),
a breadcrumb, a "Follow …" line, then the headline, then the article. Because those short lines come first, the
top-matter stage could not take the headline either (it reads the first lines only), and both stayed in the body.

The cut is gated four ways, so that it acts only where the page's shape is plain:
- the learned stage does not read the text (`cleaner.learned.worth_reading`): where it reads, its place features
  already take a page dump's top, and a cut here changes what it reads (the later stages' removals are hidden
  from it), so the fold models' thresholds moved and CV tf lost rose on trafilatura 67 -> 68 (a fold's model took
  "The takeaway" at 0.84), while sites' fulltext and article F1 fell 0.001;
- the text has an article core: COHESIVE_PARAGRAPHS paragraphs that share content words (as
  `cleaner.heuristics.cohesion` judges them), and a start (`story_lists.article_start`, the first paragraph with
  another close below it);
- a headline-shaped line (`story_lists`' head shape) stands at most HEAD_GAP lines above that start;
- the text is bare (`regions.bare_text`: no list item, no table row): an extractor that writes lists (trafilatura)
  also keeps a recipe's or product's facts above its prose, and the cut lost tf must-keep snippets there.

Above that headline, and above any prose line there, only short non-prose lines go: at most LABEL_WORDS words, no
digit (a recipe's "für 12 Stück", a price, a date stay), no list mark. Everything from the headline down stays for
the top-matter stage, which then finds the headline first and moves it into its field (tf counts it there; sh's
golds hold no headline).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Sequence

from cleaner import learned
from cleaner.heuristics import cohesion
from cleaner.heuristics.features import LIST_MARKS
from cleaner.heuristics.lang import stoplist_for_lines
from cleaner.heuristics.regions import bare_text
from cleaner.heuristics.story_lists import _headline, article_start, starts_prose

RULE_ID = "TOP-label"
# Section labels and breadcrumbs are navigation (a known category, so the record's stats count them by name).
CATEGORY = "navigation"
WHY = (
    "A short line (a section label, breadcrumb or 'Follow' line) above the headline of a text with a cohesive "
    "article core: the template's top, not the article."
)
# The headline stands this close above the article's start (the headline right above it, or with a standfirst or
# a byline between). Measured, stage off, on sh+tf: 1 line gained fulltext sh 0.8823 -> 0.8869, 2 -> 0.8891 with the
# same tf loss; 3 lost one more tf must-keep snippet on article and trafilatura.
HEAD_GAP = 2
# Lines above the headline of at most this many words go (section labels, breadcrumbs: "TV", "U.S. news",
# "Supported by", "Follow NBC News"). 8 gained fulltext sh 0.8891 -> 0.8904 but lost a tf must-keep snippet on
# fulltext and article (a second title line of 9 words, a tag line of 7); 3 gained less (0.8874).
LABEL_WORDS = 5
# The article core the start must have, as cohesion's edge cut requires (CORE_PARAGRAPHS there): without a core of
# paragraphs that share content words, the first paragraph may be another story's standfirst.
COHESIVE_PARAGRAPHS = cohesion.CORE_PARAGRAPHS


def _cohesive(text: Sequence[str], stop: frozenset[str]) -> bool:
    """Whether COHESIVE_PARAGRAPHS of the text's paragraphs share CORE_SHARE of their content words with others."""
    paras = [s for s in text if starts_prose(s)]
    if len(paras) < COHESIVE_PARAGRAPHS:
        return False
    words = [cohesion.content(s, stop)[0] for s in paras]
    uses = Counter(itertools.chain.from_iterable(words))
    core = sum(1 for ws in words if ws and sum(uses[w] > 1 for w in ws) >= cohesion.CORE_SHARE * len(ws))
    return core >= COHESIVE_PARAGRAPHS


def _label(s: str) -> bool:
    """A short non-prose line with no digit and no list mark."""
    return (
        s.count(" ") + 1 <= LABEL_WORDS
        and not starts_prose(s)
        and s[:2] not in LIST_MARKS
        and not any(c.isdigit() for c in s)
    )


def labels_above(view: Sequence[str | None], moved: Collection[int] = ()) -> list[int]:
    """Indexes (in `view`) of the short label lines above the headline that stands over the article's start.

    `moved` are the lines the top-matter stage would move out without the cut (its headline and standfirst): the
    learned stage's gate is asked of the view without them, as a second cleaning hands it the body. Asked of the
    view with them, a tf page with 10 short lines (its headline one of them) was read, so nothing was cut, and its
    body, with 9, was not, so a second cleaning cut 7 labels."""
    if learned.worth_reading([None if i in moved else s for i, s in enumerate(view)] if moved else view):
        return []
    nonblank = [i for i, s in enumerate(view) if s is not None and s.strip()]
    text = [(view[i] or "").strip() for i in nonblank]
    start = article_start(nonblank, view)
    if not start:
        return []
    heads = [k for k in range(max(0, start - HEAD_GAP), start) if _headline(text[k])]
    if not heads:
        return []
    # Only the page's top edge: labels below a prose line are the article's (a game review's fact box, "Developer
    # Paintbucket Games", stood under its "What is it?" line on tf trafilatura and was a must-keep snippet).
    edge = next((k for k in range(heads[-1]) if starts_prose(text[k])), heads[-1])
    cut = [k for k in range(edge) if _label(text[k])]
    if not cut or not bare_text(nonblank, view):
        return []
    _lang, stop = stoplist_for_lines(text)
    if not _cohesive(text, stop):
        return []
    return [nonblank[k] for k in cut]
