"""One precedence table for every field of the record, so that "which value wins" lives in one place.

| field          | first choice                          | then                               | then            |
|----------------|---------------------------------------|------------------------------------|-----------------|
| headline       | a rule's text capture (first one)     | the page's <title>/og:title (HTML) | top-matter line |
| description    | a rule's text capture (first one)     | the page's meta description (HTML) | standfirst line |
| author         | the page's author (HTML)              | a rule's byline capture            |                 |
| datePublished  | the page's markup date (HTML)         | a rule's date capture (first that parses) |          |
| dateModified   | a rule's "Updated ..." capture        | the page's modified date (HTML)    |                 |
| publisher      | the detected site's publisher         | the page's site name (HTML)        |                 |
| inLanguage     | the page's declared language (HTML)   | a stopword guess on the kept lines |                 |
| url            | the document's URL                    | the page's canonical URL (HTML)    |                 |
| site           | the first detected site's key         |                                    |                 |
| image          | the page's images, then caption captures, split caption/credit pairs merged, repeats dropped |

Why the dates differ: htmldate reads the publication date from meta and JSON-LD, which beats a date
line in the text; but it falls back to the published date when a page declares no modified one, so
the text's "Updated ..." line wins for dateModified. The author follows the issue's merge order:
trafilatura's author on the HTML path, the text's byline otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cleaner.metadata.dates import full_dates, parse_date
from cleaner.metadata.language import guess_language
from cleaner.model import DateValue, Image

if TYPE_CHECKING:
    from cleaner.html import HtmlExtraction
    from cleaner.rules.schema import Site
    from cleaner.stages.base import Capture

DATE_FIELDS = ("date_published", "date_modified")
SCALAR_FIELDS = ("author", "headline", "description", "dateline")
# Templates print one image's credit and caption on neighbouring lines (BBC: "Image source, X"
# then "Image caption, Y"); parts this close together, each missing what the other has, are one image.
IMAGE_PART_MAX_GAP_LINES = 2


@dataclass(frozen=True, slots=True)
class Fields:
    """The record's metadata fields, each already decided by the table above."""

    headline: str | None
    description: str | None
    author: str | None
    date_published: DateValue | None
    date_modified: DateValue | None
    publisher: str | None
    language: str | None
    url: str | None
    site: str | None
    images: tuple[Image, ...]


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
) -> Fields:
    """Every field by the precedence table in this module's docstring."""
    found, dates = _text_fields([c for c in captures if c.kind == "text"], text, reference, mtime)
    top = {c.name: c.value for c in captures if c.kind == "top"}
    date_published = dates.get("date_published")
    date_modified = dates.get("date_modified")
    if page is not None:
        if page.date_published:
            # [html glue] page dates are ISO 8601 with time and offset when the page declares them.
            date_published = DateValue(page.date_published, page.date_published, source="html")
        if date_modified is None and page.date_modified:
            date_modified = DateValue(page.date_modified, page.date_modified, source="html")
    return Fields(
        headline=found.get("headline") or (page.title if page else None) or top.get("headline"),
        description=found.get("description") or (page.description if page else None) or top.get("description"),
        # [html glue] page.author is a tuple of names; Article.author is still one string.
        author=(", ".join(page.author) if page and page.author else None) or found.get("author"),
        date_published=date_published,
        date_modified=date_modified,
        publisher=next((s.publisher for s in sites if s.publisher), None) or (page.sitename if page else None),
        language=(page.language if page else None) or guess_language(kept, stoplist_language),
        url=url or (page.url if page else None),
        site=sites[0].key if sites else None,
        images=tuple(_dedupe_images([*(page.images if page else ()), *images])),
    )


def _text_fields(
    captures: Sequence[Capture], text: str, reference: dt.date | None, mtime: float | None
) -> tuple[dict[str, str], dict[str, DateValue]]:
    """First value captured for each field wins; dates are normalised with year inference."""
    out: dict[str, str] = {}
    dates: dict[str, DateValue] = {}
    evidence: list[dt.date] | None = None
    fallback = dt.datetime.fromtimestamp(mtime, dt.UTC).date() if mtime else None
    for c in captures:
        if c.name in out or c.name in dates:
            continue
        if c.name in DATE_FIELDS:
            if evidence is None:
                evidence = full_dates(text)
            parsed = parse_date(c.value, evidence=evidence, reference=reference, fallback=fallback)
            if parsed is not None:
                dates[c.name] = parsed
        elif c.name in SCALAR_FIELDS:
            out[c.name] = c.value
    return out, dates


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
