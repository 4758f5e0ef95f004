"""Figure captions and credits read from the page's own <figure> elements."""

from __future__ import annotations

from typing import Final

from lxml.html import HtmlElement

from cleaner.model import Image
from cleaner.rules.patterns import compiled

# Captions kept per page. Dev corpus (466 pages): 324 have none, p99 21, max 32; 40 keeps every
# dev page whole and stops a 500-photo gallery from bloating the record.
MAX_CAPTIONS: Final = 40
# Class or id tokens that mark the credit inside a figcaption ("Photo: AP", "© Reuters").
_CREDIT_CLASS = compiled(r"(?i)credit|copyright|byline|source|attribution")
_SPACE = compiled(r"\s+")


def figure_captions(tree: HtmlElement, limit: int = MAX_CAPTIONS) -> tuple[Image, ...]:
    """Captions of the page's <figure> elements, from the article container when there is one.

    trafilatura drops figures from the text (and its include_images mode costs F1, see
    cleaner/html/extract.py), so captions are read from the markup directly. Limiting them to
    <article>/<main> keeps teaser cards of the sidebar out.
    """
    scope = tree.xpath("(//article | //main)[1]") or [tree]
    images: list[Image] = []
    for fig in scope[0].iter("figure"):
        caption_el = fig.find(".//figcaption")
        img = fig.find(".//img")
        alt = _clean(img.get("alt")) if img is not None else None
        caption, credit = _caption_and_credit(caption_el) if caption_el is not None else (None, None)
        if caption or credit or alt:
            images.append(Image(caption=caption, credit=credit, alt=alt))
        if len(images) >= limit:
            break
    return tuple(images)


def _caption_and_credit(el: HtmlElement) -> tuple[str | None, str | None]:
    credit_parts = [
        _clean(c.text_content())
        for c in el.iter()
        if isinstance(c.tag, str)
        and c is not el
        and (c.tag == "cite" or _CREDIT_CLASS.search(f"{c.get('class', '')} {c.get('id', '')}"))
    ]
    credit = next((c for c in credit_parts if c), None)
    text = _clean(el.text_content())
    if text and credit:
        text = _clean(text.replace(credit, " "))
    return text or None, credit


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    return _SPACE.sub(" ", value).strip() or None
