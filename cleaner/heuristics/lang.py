"""Stopword lists per document language, from jusText (a trafilatura dependency), without the DOM.

The share of function words is what separates prose from chrome in any language, but only if the
list matches the text: an English list reads German prose as a link list. So the document's
language is guessed by which stoplist its words hit most.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import justext

# Words sampled for the language guess: a few hundred words already separate the stoplists (300 and
# 600 chose the same language on all 466 dev fulltext.txt pages but one); reading more only costs time.
SAMPLE_WORDS = 300
# Below this share of sampled words in the best list the guess is noise (CJK text without spaces,
# code, tables): the stopword feature is then switched off rather than trusted.
MIN_LANGUAGE_HIT_SHARE = 0.12


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[int, ...]], tuple[frozenset[str], ...], tuple[str, ...]]:
    """word -> languages whose stoplist holds it; built once per process (~0.2 s)."""
    names = tuple(sorted(justext.get_stoplists()))
    lists = tuple(frozenset(justext.get_stoplist(n)) for n in names)
    index: dict[str, list[int]] = {}
    for i, words in enumerate(lists):
        for w in words:
            index.setdefault(w, []).append(i)
    return {w: tuple(v) for w, v in index.items()}, lists, names


def stoplist_for(lines: Iterable[str | None]) -> tuple[str | None, frozenset[str]]:
    """The language whose stoplist the text hits most, and that list; (None, empty) when unsure."""
    return stoplist_for_words(line.lower().split() for line in lines if line)


def stoplist_for_words(lines: Iterable[list[str]]) -> tuple[str | None, frozenset[str]]:
    """`stoplist_for` on lines already lowercased and split, so the block classifier splits each line once."""
    index, lists, names = _index()
    words: list[str] = []
    for line_words in lines:
        # One list, counted once below: a Counter.update per line cost more than the counting itself.
        words.extend(line_words)
        if len(words) >= SAMPLE_WORDS:
            break
    if not words:
        return None, frozenset()
    hits = [0] * len(lists)
    for word, n in Counter(words).items():
        for i in index.get(word, ()):
            hits[i] += n
    best = max(range(len(hits)), key=hits.__getitem__)
    if hits[best] < MIN_LANGUAGE_HIT_SHARE * len(words):
        return None, frozenset()
    return names[best], lists[best]
