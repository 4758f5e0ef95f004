"""Take the site name off a title: "Council approves budget | Example News" -> "Council approves budget".

Page titles and og:titles carry the publisher's name as a prefix or suffix far more often than the
headline itself does; left on, a headline never equals the one the article declares. A segment is
stripped only when it names the site (og:site_name, JSON-LD publisher, a known site's publisher, or
the domain), so a headline that happens to contain a dash or a colon keeps all its words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Final

from cleaner.casing import lower
from cleaner.memo_budget import AFFIX_SPLITS
from cleaner.rules.patterns import compiled

# Separators templates put between headline and site name. A hyphen or colon only counts with
# spaces around it ("Covid-19" and "Live: ..." stay whole); so do guillemets, which otherwise quote
# ("«Wir waren fast 40 Tage in Quarantäne» - Stiftung" keeps its quotes). Breadcrumb arrows (› ► ▸ →)
# count with spaces around them too ("ReelSEO ► Video Marketing ► <title>").
_SEPARATOR = compiled(r"\s+(?:[|·•»«›►▸→/~#–—-]|::|:)\s+|\s*[|·•]\s*")
# Every character one of _SEPARATOR's alternatives needs.
_SEPARATOR_CHARS = frozenset("|·•»«›►▸→/~#–—-:")
# What every _SEPARATOR match holds: one of its bare characters, or a space right before a spaced one. A line
# whose only separator characters sit inside words ("well-known", "10:30", "and/or") fails it, and the scan
# of _SEPARATOR, which starts at every space, is skipped (0.65 -> 0.56 ms a document on dev tf fulltext).
_SEPARATOR_HINT = compiled(r"[|·•]|\s[»«›►▸→/~#–—\-:]")
# _SEPARATOR_HINT's bare characters; the other _SEPARATOR_CHARS count only after a space.
_BARE_SEPARATORS = frozenset("|·•")
# A separator closing the text before a trailing site name ("Headline - " of "Headline - Site").
_SEPARATOR_AT_END = compiled(rf"(?:{_SEPARATOR.pattern})\Z")
_NON_ALNUM = compiled(r"[\W_]+")
# Registrable-domain endings whose label before them is not the name ("bbc" of bbc.co.uk).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or"})
# A name shorter than this (compacted) is too unspecific to match on containment ("ap", "9").
MIN_NAME_CHARS: Final = 3
# Lines whose segments are kept (memo_budget).
SPLITS_CACHED: Final = AFFIX_SPLITS
# Pages whose strippers are kept: a batch cleans one site's pages in a row.
STRIPPERS_CACHED: Final = 64
# Leading words a site name often carries in titles and not in og:site_name, or the reverse.
_NAME_NOISE = ("the", "www")


def compact(value: str) -> str:
    """Lower-case letters and digits only: "The New York Times" -> "thenewyorktimes"."""
    return _NON_ALNUM.sub("", value.casefold())


def domain_label(domain: str | None) -> str | None:
    """The name part of a host: "www.bbc.co.uk" -> "bbc", "news.example.com" -> "example"."""
    if not domain:
        return None
    parts = [p for p in lower(domain).removeprefix("www.").split(".") if p]
    if len(parts) < 2:
        return parts[0] if parts else None
    parts = parts[:-1]
    if len(parts) >= 2 and parts[-1] in _SECOND_LEVEL:
        parts = parts[:-1]
    return parts[-1]


def _name_keys(names: Iterable[str | None], domain: str | None) -> tuple[set[str], str | None]:
    keys: set[str] = set()
    for name in names:
        if not name:
            continue
        key = compact(name)
        for noise in _NAME_NOISE:
            key = key.removeprefix(noise)
        if len(key) >= MIN_NAME_CHARS:
            keys.add(key)
    label = domain_label(domain)
    return keys, compact(label) if label and len(compact(label)) >= MIN_NAME_CHARS else None


def is_site_name(segment: str, names: Iterable[str | None], domain: str | None = None) -> bool:
    """True when a title segment names the site: a site name, its domain, or a domain-like word."""
    keys, label = _name_keys(names, domain)
    return _matches(segment, keys, label)


def _matches(segment: str, keys: set[str], label: str | None) -> bool:
    seg = compact(segment)
    for noise in _NAME_NOISE:
        seg = seg.removeprefix(noise)
    if len(seg) < MIN_NAME_CHARS:
        return False
    if seg in keys:
        return True
    # "BBC News" against the domain "bbc"; "Example.com" against "example"; a site name that adds
    # a section ("Example News Sport") to a known name.
    if label and (seg.startswith(label) or seg.removesuffix("com") == label):
        return len(segment.split()) <= SITE_SEGMENT_MAX_WORDS
    return any(seg.startswith(k) and len(segment.split()) <= SITE_SEGMENT_MAX_WORDS for k in keys)


# A segment longer than this is a headline, even if it starts with the site's name
# ("BBC News presenter ..."): site names and "Site Section" labels in titles are at most 5 words.
SITE_SEGMENT_MAX_WORDS: Final = 5


def strip_site_affix(title: str | None, names: Iterable[str | None] = (), domain: str | None = None) -> str | None:
    """The title without leading or trailing segments that name the site; None stays None.

    Never returns an empty string: a title that is only the site name is given back unchanged.
    """
    if not title:
        return title
    return affix_stripper(tuple(n for n in names if n), domain)(title)


@lru_cache(maxsize=STRIPPERS_CACHED)
def affix_stripper(names: tuple[str, ...], domain: str | None) -> Callable[[str], str]:
    """strip_site_affix for one page's names and domain, with their keys worked out once.

    The text headline strips every line of a text with the same names: recomputing the keys per
    line was a quarter of its CPU.
    """
    keys, label = _name_keys(names, domain)
    whole = [n for n in names if len(_split(" ".join(n.split()))) >= 2]

    def strip(title: str) -> str:
        title = " ".join(title.split())
        # No separator character, no affix (a name taken whole holds a separator too): the text
        # headline strips every line of a text, paragraphs included.
        if _SEPARATOR_CHARS.isdisjoint(title):
            return title
        if whole:
            title = _strip_whole_name(title, whole)
        if not keys and not label:
            return title
        parts = _split(title)
        if len(parts) < 2:
            return title
        start, end = 0, len(parts)
        while end - start > 1 and _matches(parts[end - 1][0], keys, label):
            end -= 1
        while end - start > 1 and _matches(parts[start][0], keys, label):
            start += 1
        if (start, end) == (0, len(parts)):
            return title
        return title[parts[start][1] : parts[end - 1][2]].strip()

    return strip


@lru_cache(maxsize=STRIPPERS_CACHED)
def site_name_test(names: tuple[str, ...], domain: str | None) -> Callable[[str], bool]:
    """is_site_name for one page's names and domain, with their keys worked out once."""
    keys, label = _name_keys(names, domain)
    folded = {" ".join(n.split()).casefold() for n in names}
    if not folded and not keys and label is None:
        # No name and no domain (the text path's usual case): _matches has nothing to match, and no line names the
        # site; its compact() was a regex substitution per line asked.
        return _names_nothing

    def test(line: str) -> bool:
        return " ".join(line.split()).casefold() in folded or _matches(line, keys, label)

    return test


def _names_nothing(line: str) -> bool:
    """site_name_test's test when there is no name and no domain: no line names the site."""
    return False


def _strip_whole_name(title: str, names: Iterable[str]) -> str:
    """The title without one declared site name taken whole, for names that hold a separator themselves.

    "Halloween workouts - My Daily Magazine - Art, Design, DIY" with og:site_name "My Daily Magazine -
    Art, Design, DIY": split at separators, no single segment is the name.
    """
    folded = title.casefold()
    for name in names:
        name = " ".join(name.split())
        if len(_split(name)) < 2:
            continue
        key = name.casefold()
        if folded.endswith(key):
            rest = title[: len(title) - len(key)]
            m = _SEPARATOR_AT_END.search(rest)
            if m and m.start() > 0:
                return rest[: m.start()].strip()
        if folded.startswith(key):
            rest = title[len(key) :]
            m = _SEPARATOR.match(rest)
            if m and m.end() < len(rest):
                return rest[m.end() :].strip()
    return title


@lru_cache(maxsize=SPLITS_CACHED)
def _split(title: str) -> tuple[tuple[str, int, int], ...]:
    """Segments of a title with their character spans, split at template separators.

    Cached: the text headline splits each line twice (its segments, then its affix), and menus
    repeat the same lines page after page. Most lines (paragraphs) hold no separator character at
    all: they are one segment without a scan.
    """
    if _SEPARATOR_CHARS.isdisjoint(title) or _SEPARATOR_HINT.search(title) is None:
        return ((title, 0, len(title)),) if title else ()
    out: list[tuple[str, int, int]] = []
    pos = 0
    for m in _SEPARATOR.finditer(title):
        if m.start() > pos:
            out.append((title[pos : m.start()], pos, m.start()))
        pos = m.end()
    if pos < len(title):
        out.append((title[pos:], pos, len(title)))
    return tuple(out)
