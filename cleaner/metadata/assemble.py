"""One precedence table for every field of the record, so that "which value wins" lives in one place.

| field          | first choice                          | then                               | then            |
|----------------|---------------------------------------|------------------------------------|-----------------|
| headline       | a rule's text capture (first one)     | the page's <title>/og:title (HTML) | text [3], top   |
| description    | a rule's text capture (first one)     | the page's meta description (HTML) | standfirst line |
| author         | the page's author (HTML)              | a rule's byline capture            | byline line [1] |
| datePublished  | the page's markup date (HTML)         | a site/user rule's date capture    | text, URL [2] |
| dateModified   | a rule's "Updated ..." capture        | the page's modified date (HTML)    | text [2] |
| publisher      | the detected site's publisher         | the page's site name (HTML)        |                 |
| inLanguage     | the page's declared language (HTML)   | a stopword guess on the kept lines |                 |
| url            | the document's URL                    | the page's canonical URL (HTML)    |                 |
| site           | the first detected site's key         |                                    |                 |
| image          | the page's images, then caption captures, split caption/credit pairs merged, repeats dropped |

[1] a labelled byline line ("Von …", "Par …"; bylines.find_byline), text path only.
[2] a labelled date, a byline's date, the URL's day, a dateline the page agrees on (date_pick.py;
    the shipped generic date rules' lines are read there, where their position counts).
[3] the title-shaped line the page backs up (slug words, a copy in the <title> or a breadcrumb, a
    byline or date below, first kept line), site affix removed (text_headline.py); text path only.
    A line a rule removed as page furniture only where the slug names it, or a <title> or breadcrumb copy the first
    look-up already found (`furniture_lines`).

Why the dates differ: htmldate reads the publication date from meta and JSON-LD, which beats a date
line in the text; but it falls back to the published date when a page declares no modified one, so
the text's "Updated ..." line wins for dateModified. The author follows the issue's merge order:
trafilatura's author on the HTML path, the text's byline otherwise; either is split into names and
roles (bylines.split_authors). An HTML date keeps the time and offset the page declares for that day
(declared.with_time). Dates and bylines are read in the language the language row decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from cleaner.lines import split_lines
from cleaner.metadata.bylines import byline_for
from cleaner.metadata.dates import full_dates, parse_date, text_dates
from cleaner.metadata.declared import declared_timestamps, with_time
from cleaner.metadata.language import guess_language
from cleaner.metadata.text_headline import find_text_headline
from cleaner.model import Byline, DateValue, Image, Removal
from cleaner.sites import NO_URL_PARTS, split_url

if TYPE_CHECKING:
    from cleaner.html import HtmlExtraction
    from cleaner.rules.schema import Site
    from cleaner.stages.base import Capture

DATE_FIELDS = ("date_published", "date_modified")
GENERIC_RULES_DIR = "cleaner/rulesets/generic/"
SCALAR_FIELDS = ("author", "headline", "description", "dateline")
# Rule categories whose removals are page furniture: a credit, a menu word, a share label, a teaser heading or a
# comment. Title-shaped ones ("(crédito: Minervino Júnior/CB/D.A.Press)", "Jump to navigation") were the text headline
# of 23 sh, tf and sites renderings and 30 dn ones (metadata.py --dump), most with nothing naming them; now only where
# the slug, the <title> or a breadcrumb names them (a title a rule took, "Watch: … says …"). Left out: the
# top-matter stage's TOP-* proposals (category "navigation"), which take the title itself out of the body, and the
# statistical stages (duplicate, heuristic, learned), whose removed lines include the title's own repeats.
FURNITURE_CATEGORIES = frozenset(
    {
        "ads", "captions", "comments", "donation", "footer", "images", "metadata", "navigation", "newsletter",
        "paywall", "related", "social", "syndication", "video",
    }
)  # fmt: skip
TOP_MATTER_PREFIX = "TOP-"
# Templates print one image's credit and caption on neighbouring lines (BBC: "Image source, X"
# then "Image caption, Y"); parts this close together, each missing what the other has, are one image.
IMAGE_PART_MAX_GAP_LINES = 2


# Not frozen, and its __init__ written out: a frozen dataclass's generated __init__ is interpreted even in the compiled
# build and sets each of its ten fields through object.__setattr__ (date_forms.DateMatch's note), once per document;
# equality, hashing and repr stay the dataclass's. Nothing assigns to a Fields after assemble makes it.
@dataclass(slots=True, init=False, unsafe_hash=True)
class Fields:
    """The record's metadata fields, each already decided by the table above."""

    headline: str | None
    description: str | None
    author: Byline | None
    date_published: DateValue | None
    date_modified: DateValue | None
    publisher: str | None
    language: str | None
    url: str | None
    site: str | None
    images: tuple[Image, ...]

    def __init__(
        self,
        *,
        headline: str | None,
        description: str | None,
        author: Byline | None,
        date_published: DateValue | None,
        date_modified: DateValue | None,
        publisher: str | None,
        language: str | None,
        url: str | None,
        site: str | None,
        images: tuple[Image, ...],
    ) -> None:
        self.headline = headline
        self.description = description
        self.author = author
        self.date_published = date_published
        self.date_modified = date_modified
        self.publisher = publisher
        self.language = language
        self.url = url
        self.site = site
        self.images = images


def furniture_lines(removed: Sequence[Removal]) -> frozenset[int]:
    """0-based lines a rule removed as page furniture (see FURNITURE_CATEGORIES): the text headline only where the
    page names them (text_headline.find_text_headline)."""
    return frozenset(
        r.line - 1 for r in removed if r.category in FURNITURE_CATEGORIES and not r.rule.startswith(TOP_MATTER_PREFIX)
    )


def known_title(captures: Sequence[Capture], page: HtmlExtraction | None) -> str | None:
    """The headline before top matter is considered: a rule's capture, else the page's title."""
    first = next((c.value for c in captures if c.kind == "text" and c.name == "headline"), None)
    return first or (page.title if page else None)


def assemble(
    *,
    captures: Sequence[Capture],
    images: Sequence[Image],
    kept: Sequence[str | None],
    text: str,
    url: str | None,
    page: HtmlExtraction | None,
    sites: Sequence[Site],
    reference: dt.date | None,
    mtime: float | None,
    stoplist_language: str | None = None,
    html: str | None = None,
    removed: Sequence[Removal] = (),
    lines: Sequence[str] | None = None,
) -> Fields:
    """Every field by the precedence table in this module's docstring.

    `lines` are `text`'s lines as cleaner.lines.split_lines gives them, when the caller has them already (the
    pipeline's `Lines`): splitting the text again was about 4% of the metadata's time."""
    language = (page.language if page else None) or guess_language(kept, stoplist_language)
    url = url or (page.url if page else None)
    found, dates = _text_fields([c for c in captures if c.kind == "text"], text, reference, mtime, language, url)
    top = {c.name: c.value for c in captures if c.kind == "top"}
    date_published = dates.get("date_published")
    date_modified = dates.get("date_modified")
    if page is not None:
        stamps = declared_timestamps(html) if html else {}
        if page.date_published:
            date_published = _page_date(page.date_published, stamps.get("published", []))
        if date_modified is None and page.date_modified:
            date_modified = _page_date(page.date_modified, stamps.get("modified", []))
    lines = split_lines(text) if lines is None else list(lines)
    if date_published is None or date_modified is None:
        fallback = dt.datetime.fromtimestamp(mtime, dt.UTC).date() if mtime else None
        view = kept if len(kept) == len(lines) else None
        in_text = text_dates(lines, url=url, language=language, reference=reference, fallback=fallback, kept=view)
        date_published = date_published or in_text[0]
        date_modified = date_modified or in_text[1]
    # The HTML path hands over a tuple of names; joined with ";" they split back the same way.
    page_author = "; ".join(page.author) if page and page.author else None
    headline = found.get("headline") or (page.title if page else None)
    if headline is None:
        names = [s.publisher for s in sites]
        host = (split_url(url) or NO_URL_PARTS).hostname if url else None
        moved = {c.removal.line - 1 for c in captures if c.kind == "top" and c.name == "headline"}
        fits = len(kept) == len(lines)
        furniture = furniture_lines(removed)
        got = (
            find_text_headline(lines, kept, url=url, site_names=names, domain=host, moved=moved, furniture=furniture)
            if fits
            else None
        )
        headline = got.text if got else top.get("headline")
    return Fields(
        headline=headline,
        description=found.get("description") or (page.description if page else None) or top.get("description"),
        author=byline_for(page_author, found.get("author"), [] if page else lines, language=language),
        date_published=date_published,
        date_modified=date_modified,
        publisher=next((s.publisher for s in sites if s.publisher), None) or (page.sitename if page else None),
        language=language,
        url=url,
        site=sites[0].key if sites else None,
        images=tuple(_dedupe_images([*(page.images if page else ()), *images])),
    )


def _text_fields(
    captures: Sequence[Capture],
    text: str,
    reference: dt.date | None,
    mtime: float | None,
    language: str | None = None,
    url: str | None = None,
) -> tuple[dict[str, str], dict[str, DateValue]]:
    """First value captured for each field wins; dates are normalised with year inference."""
    out: dict[str, str] = {}
    dates: dict[str, DateValue] = {}
    evidence: list[dt.date] | None = None
    fallback = dt.datetime.fromtimestamp(mtime, dt.UTC).date() if mtime else None
    for c in captures:
        if c.name in out or c.name in dates:
            continue
        if c.name == "date_published" and c.removal.rule in generic_date_rules():
            continue  # read with its position by text_dates, which weighs it against the page's other dates
        if c.name in DATE_FIELDS:
            if evidence is None:
                evidence = full_dates(text)
            parsed = parse_date(
                c.value, evidence=evidence, reference=reference, fallback=fallback, language=language, url=url
            )
            if parsed is not None:
                dates[c.name] = parsed
        elif c.name in SCALAR_FIELDS:
            out[c.name] = c.value
    return out, dates


@cache
def generic_date_rules() -> frozenset[str]:
    """Ids of the shipped generic rules that capture a publication date.

    Their lines ("Published: …", a bare dateline) are candidates for text_dates too, which knows
    where each stands: taken first, the first bare dateline of a page dump won, and that was often
    a comment's, a teaser's or the site header's "today" (dev: 9 of the 50 wrong dates).
    """
    from cleaner.rules.loader import load_rules

    return frozenset(
        r.id
        for r in load_rules().rules
        if r.site is None and r.source_file.startswith(GENERIC_RULES_DIR) and "(?P<date_published>" in (r.pattern or "")
    )


def _complements(a: Image, b: Image) -> bool:
    if a.line is None or b.line is None or abs(b.line - a.line) > IMAGE_PART_MAX_GAP_LINES:
        return False
    return all(not (getattr(a, f) and getattr(b, f)) for f in ("caption", "credit", "alt"))


def _dedupe_images(images: Sequence[Image]) -> list[Image]:
    """Merge split caption/credit pairs, then drop exact repeats, keeping document order."""
    merged: list[Image] = []
    for img in images:
        if merged and _complements(merged[-1], img):
            prev = merged[-1]
            merged[-1] = Image(
                caption=prev.caption or img.caption,
                credit=prev.credit or img.credit,
                alt=prev.alt or img.alt,
                line=prev.line,
            )
        else:
            merged.append(img)
    seen: set[tuple[str | None, str | None]] = set()
    out = []
    for img in merged:
        key = (img.caption, img.credit)
        if key in seen:
            continue
        seen.add(key)
        out.append(img)
    return out


def _page_date(value: str, stamps: list[str]) -> DateValue:
    """A page date as the HTML path found it: full ISO 8601 kept; a bare day gets a declared time of that day."""
    if len(value) > 10:
        return DateValue(value, value, source="html")
    return with_time(DateValue(value[:10], value, source="html"), stamps)
