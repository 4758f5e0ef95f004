"""What must never be learned as chrome: a page's headline, and prose without strong support.

A headline recurs across a site's pages when pages link to each other ("Most read" lists), and
article sentences recur when a site reprints a quote or a standfirst; both are content.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from cleaner.sites import NO_URL_PARTS as _NO_PARTS
from cleaner.sites import split_url
from cleaner.templates.normalise import line_hash, normalise

_WORD = re.compile(r"[^\W\d_]+")
_SLUG_SPLIT = re.compile(r"[-_+.]|%20")
# A slug of fewer words (".../news/12345") names no headline.
MIN_SLUG_WORDS = 3
# Share of a line's words that must be slug words for it to be the page's headline: slugs drop
# stopwords and punctuation ("obama-wins" for "Obama wins the vote"), so not all of them.
SLUG_OVERLAP_SHARE = 0.6
# Headlines run up to ~25 words (cleaner/metadata/headline.py); only that many lines from the top
# and lines of at most that length are compared with the slug.
HEADLINE_MAX_WORDS = 30
# Prose: a line of at least this many words that ends like a sentence. Chrome lines of that
# length (legal notices, newsletter pitches) exist, so prose is not barred, only held to more support.
PROSE_MIN_WORDS = 12
# Longer lines are not compared with the slug: headlines stay under ~220 characters
# (cleaner/metadata/headline.py).
HEADLINE_MAX_CHARS = 250
_SENTENCE_END = re.compile(r"[.!?…]['’\"”)]*$")


def slug_words(url: str | None) -> set[str]:
    """Words of the URL's last meaningful path segment, lower-cased."""
    if not url:
        return set()
    path = unquote((split_url(url) or _NO_PARTS).path)
    for segment in reversed([s for s in path.split("/") if s]):
        words = {w.lower() for part in _SLUG_SPLIT.split(segment) for w in _WORD.findall(part)}
        words.discard("html")
        words.discard("htm")
        if len(words) >= MIN_SLUG_WORDS:
            return words
    return set()


def headline_hashes(lines: list[str], url: str | None, title: str | None = None) -> frozenset[int]:
    """Hashes of the lines that are this page's headline: its title, or a line its URL slug spells."""
    out: set[int] = set()
    if title and (norm := normalise(title)):
        out.add(line_hash(norm))
    slug = slug_words(url)
    if not slug:
        return frozenset(out)
    for raw in lines:
        if len(raw) > HEADLINE_MAX_CHARS:
            continue
        low = raw.lower()
        # Cheap substring test first: most lines hold no slug word at all.
        if sum(1 for w in slug if w in low) < MIN_SLUG_WORDS - 1:
            continue
        words = _WORD.findall(low)
        if not words or len(words) > HEADLINE_MAX_WORDS:
            continue
        hits = sum(1 for w in words if w in slug)
        if hits >= MIN_SLUG_WORDS - 1 and hits / len(words) >= SLUG_OVERLAP_SHARE and (norm := normalise(raw)):
            out.add(line_hash(norm))
    return frozenset(out)


def looks_like_prose(line: str) -> bool:
    """A long line that ends like a sentence."""
    return len(line.split()) >= PROSE_MIN_WORDS and _SENTENCE_END.search(line.rstrip()) is not None
