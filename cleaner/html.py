"""HTML input: trafilatura finds the article and page metadata; our text rules then clean it."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from cleaner.model import Image

_HTML_SNIFF = regex.compile(r"(?is)^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<\?xml[^>]*>\s*<html)")
_HTML_TAGS = regex.compile(r"(?i)<(?:body|div|p|article|main|section|span|a)\b[^>]*>")
# A text with this many HTML tags in its first 2 KB is markup even without <html>.
HTML_TAG_THRESHOLD = 5


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    """What trafilatura found on a page: the main text and the page's own metadata."""

    text: str
    title: str | None = None
    author: str | None = None
    date_published: str | None = None
    date_modified: str | None = None
    sitename: str | None = None
    description: str | None = None
    language: str | None = None
    url: str | None = None
    images: tuple[Image, ...] = field(default=())


def looks_like_html(text: str) -> bool:
    """True for a page (doctype/html/head at the top, or dense tags), false for scraped text."""
    head = text[:2048]
    return bool(_HTML_SNIFF.match(head)) or len(_HTML_TAGS.findall(head)) >= HTML_TAG_THRESHOLD


def extract_html(html: str, url: str | None = None) -> HtmlExtraction | None:
    """Run trafilatura; None when it finds no article, so the caller can fall back to text."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None or not getattr(doc, "text", None):
        return None
    return HtmlExtraction(
        text=doc.text or "",
        title=doc.title,
        author=doc.author,
        date_published=doc.date,
        sitename=doc.sitename,
        description=doc.description,
        language=doc.language,
        url=doc.url,
    )
