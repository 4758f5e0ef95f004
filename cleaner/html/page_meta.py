"""Choose a page's headline, authors, dates and publisher from what it declares, trafilatura second.

The page's own declarations (JSON-LD, Open Graph, <meta>, <h1>) are what the publisher says the
article is; trafilatura's values are used where the page declares nothing. Headlines lose their
site-name affix, dates keep their time and offset, authors become a list of names.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Final

import regex

from cleaner.html.declared import Declared
from cleaner.metadata.dates import parse_date
from cleaner.metadata.site_affix import compact, strip_site_affix
from cleaner.rules.patterns import compiled

# Dates outside these years are template placeholders ("0001-01-01", "2099-12-31"), not publication.
MIN_YEAR: Final = 1990
MAX_YEARS_AHEAD: Final = 1
# Headings read before giving up on one agreeing with the page's other titles: live blogs and
# galleries have dozens of <h1>; the article's own is among the first two in the dev corpus.
MAX_H1: Final = 3
# The page's own headlines, whose agreement decides (the yardstick: JSON-LD or og:title).
HEADLINE_WITNESSES: Final = frozenset({"json-ld", "og:title", "h1"})
# A name longer than this is a sentence ("Reporting by ... Editing by ..."), not an author.
MAX_AUTHOR_WORDS: Final = 6
# Blocks scanned for a visible "Updated ..." line: it sits beside the byline, near the top.
UPDATED_SCAN_BLOCKS: Final = 80

_AUTHOR_SPLIT = compiled(r"\s*(?:;|,|&|\||\band\b|\bund\b|\bet\b|\by\b)\s*", regex.IGNORECASE)
_LETTER = compiled(r"\p{L}")
_BY_PREFIX = compiled(r"(?i)^(?:by|von|par|por|written by|posted by)\s*:?\s+")
_UPDATED_LINE = compiled(
    r"(?i)^(?:last\s+)?(?:updated|modified|aktualisiert|mis à jour|actualizado)(?:\s+on|\s+at)?"
    r"\s*[:|,-]?\s*(?P<d>.{6,60})$"
)


@dataclass(frozen=True, slots=True)
class PageMeta:
    """The chosen values, and for each one where it came from (for the record's `raw`)."""

    headline: str | None = None
    authors: tuple[str, ...] = ()
    date_published: str | None = None
    date_modified: str | None = None
    publisher: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


def choose_metadata(
    declared: Declared,
    *,
    blocks: Sequence[str] = (),
    trafilatura_title: str | None = None,
    trafilatura_author: str | None = None,
    trafilatura_date: str | None = None,
    trafilatura_sitename: str | None = None,
    domain: str | None = None,
    site_names: Iterable[str] = (),
) -> PageMeta:
    """Every field at once, so that site names found for the publisher also clean the headline."""
    sources: dict[str, str] = {}
    publisher = _first_source(
        sources,
        "publisher",
        (
            ("og:site_name", declared.first("og_site_name")),
            ("json-ld", declared.jsonld_publisher),
            ("application-name", declared.first("application_name")),
            ("trafilatura", trafilatura_sitename),
        ),
    )
    # trafilatura's sitename is often a segment of the page's own title (it guesses the site from the
    # title when nothing declares one): stripping it cut "- Sehnsucht von R. K. Lilley" off a
    # headline. It names the publisher only when nothing else does, and never cleans the headline.
    names = [declared.first("og_site_name"), declared.jsonld_publisher, declared.first("application_name"), *site_names]
    headline = choose_headline(declared, trafilatura_title, names, domain, sources)
    names.append(trafilatura_sitename)
    published = _first_source(
        sources,
        "datePublished",
        (
            ("json-ld", iso_datetime(declared.jsonld_published)),
            ("meta", next((d for d in map(iso_datetime, declared.all("published")) if d), None)),
            ("trafilatura", iso_datetime(trafilatura_date)),
        ),
    )
    modified = _first_source(
        sources,
        "dateModified",
        (
            ("json-ld", iso_datetime(declared.jsonld_modified)),
            ("meta", next((d for d in map(iso_datetime, declared.all("modified")) if d), None)),
            ("visible", updated_line_date(blocks[:UPDATED_SCAN_BLOCKS])),
        ),
    )
    if published and modified and modified[:10] < published[:10]:
        modified = None  # a "modified" date before publication is a template's stale value
        sources.pop("dateModified", None)
    authors = choose_authors(declared, trafilatura_author, names, sources)
    return PageMeta(headline, authors, published, modified, publisher, sources)


def _first_source(sources: dict[str, str], name: str, candidates: Iterable[tuple[str, str | None]]) -> str | None:
    for source, value in candidates:
        if value:
            sources[name] = source
            return value
    return None


def choose_headline(
    declared: Declared,
    trafilatura_title: str | None,
    names: Sequence[str | None],
    domain: str | None,
    sources: dict[str, str] | None = None,
) -> str | None:
    """The headline two kinds of the page's own headlines agree on, without site affixes; else the best declared one.

    Only the JSON-LD headline, og:title and <h1> are witnesses. <title> and twitter:title mostly copy
    one of them (BBC: <title> is "BBC News - " + <h1>), so counting them let a copy outvote the
    declared headline. Without agreement, priority is: JSON-LD headline, og:title, twitter:title,
    <h1>, trafilatura's title, <title>.
    """
    raw: list[tuple[str, str | None]] = [
        ("json-ld", declared.jsonld_headline),
        ("og:title", declared.first("og_title")),
        ("twitter:title", declared.first("twitter_title")),
        *(("h1", h) for h in declared.h1[:MAX_H1]),
        ("title", declared.title),
        ("trafilatura", trafilatura_title),
    ]
    # A segment the visible <h1> shows too is part of the headline, not an affix ("Take C.A.R.E. -
    # comwrap auf der DMEXCO 2018" on blog.comwrap.com).
    shown = {compact(h) for h in declared.h1[:MAX_H1]}
    cands: list[tuple[str, str]] = []
    for src, value in raw:
        if not value or not value.strip():
            continue
        whole = " ".join(value.split())
        kept = whole if compact(whole) in shown else strip_site_affix(whole, names, domain)
        if kept:
            cands.append((src, kept))
    witnesses = [c for c in cands if c[0] in HEADLINE_WITNESSES]
    chosen = next(
        (
            (src, value)
            for src, value in witnesses
            if any(compact(value) == compact(other) for other_src, other in witnesses if other_src != src)
        ),
        None,
    )
    if chosen is None:
        order = ("json-ld", "og:title", "twitter:title", "h1", "trafilatura", "title")
        ranked = sorted(cands, key=lambda c: order.index(c[0]))
        chosen = ranked[0] if ranked else None
    if chosen is None:
        return None
    if sources is not None:
        sources["headline"] = chosen[0]
    return chosen[1]


def choose_authors(
    declared: Declared, trafilatura_author: str | None, names: Sequence[str | None], sources: dict[str, str]
) -> tuple[str, ...]:
    """JSON-LD author objects, else meta[name=author], else trafilatura's byline, as a list of names."""
    site_keys = {compact(n) for n in names if n}
    for source, values in (
        ("json-ld", list(declared.jsonld_authors)),
        ("meta", declared.all("author")),
        ("trafilatura", [trafilatura_author] if trafilatura_author else []),
    ):
        found = split_authors(values, site_keys)
        if found:
            sources["author"] = source
            return found
    return ()


def split_authors(values: Iterable[str], exclude: AbstractSet[str] = frozenset()) -> tuple[str, ...]:
    """Names from author strings: "By Jane Smith and John Doe" -> ("Jane Smith", "John Doe")."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        for part in _AUTHOR_SPLIT.split(value):
            name = _BY_PREFIX.sub("", part).strip(" .:-–—")
            key = compact(name)
            if (
                not key
                or key in seen
                or key in exclude
                or "@" in name
                or "://" in name
                or name.startswith("www.")
                or len(name.split()) > MAX_AUTHOR_WORDS
                or not _LETTER.search(name)
            ):
                continue
            seen.add(key)
            out.append(name)
    return tuple(out)


def iso_datetime(value: str | None) -> str | None:
    """ISO 8601 with time and offset when the value has them, date only when it has not; else None."""
    if not value:
        return None
    text = value.strip()
    parsed: dt.datetime | dt.date | None = None
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        found = parse_date(text)
        return found.iso if found and _plausible(int(found.iso[:4])) else None
    if not _plausible(parsed.year):
        return None
    if len(text) <= len("2024-03-12") or (isinstance(parsed, dt.datetime) and "T" not in text and ":" not in text):
        return parsed.date().isoformat() if isinstance(parsed, dt.datetime) else parsed.isoformat()
    return parsed.isoformat()


def _plausible(year: int) -> bool:
    return MIN_YEAR <= year <= dt.date.today().year + MAX_YEARS_AHEAD


def updated_line_date(blocks: Iterable[str]) -> str | None:
    """The date of a visible "Updated: 14 March 2024" line near the top of the page, as ISO."""
    for block in blocks:
        m = _UPDATED_LINE.match(block)
        if m:
            found = parse_date(m.group("d"))
            if found and _plausible(int(found.iso[:4])):
                return found.iso
    return None
