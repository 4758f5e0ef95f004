"""One page through trafilatura, plus what it does not give: declared metadata, captions, the drop audit.

The page is parsed once. Our readers (declared metadata, captions, visible blocks) use the tree;
trafilatura gets the same tree (it works on its own copy). A parse that libxml2 cut short (too
deep, an attribute too large) is not extracted at all: the caller falls back to the page's visible
text read by a streaming parser, with a warning (html_fallback).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from lxml.html import HtmlElement

from cleaner.html.audit import EXTRACTION_CATEGORY, PAGE_LINE, dropped_blocks
from cleaner.html.captions import figure_captions
from cleaner.html.declared import read_declared
from cleaner.html.language import declared_language
from cleaner.html.options import TRAFILATURA_OPTIONS
from cleaner.html.page_meta import choose_metadata
from cleaner.html.sniff import KNOWN_TAGS
from cleaner.html.sniff import TAG as MARKUP_TAG
from cleaner.html.visible import stream_visible_blocks, visible_blocks
from cleaner.io.decode import PARTIAL_WARNING_PREFIX
from cleaner.model import Image, Removal
from cleaner.sites import domain_of

# trafilatura and htmldate keep LRU caches that grow about 1 MB per page in long runs
# (adbar/trafilatura#216). Clearing them (plus its gc.collect()) took 76 ms against 103 ms per
# page extracted (dev machine, 2026-11-22): every 500 pages bounds memory for ~0.15% of the time.
RESET_CACHES_EVERY: Final = 500
# libxml2's error type for a parse it stopped early (nesting deeper than 256, an attribute or text
# node beyond its buffer limit): the tree then holds only the page's beginning.
_TRUNCATED_PARSE = "ERR_RESOURCE_LIMIT"

MARKUP_RULE: Final = "HTML-MARKUP"
MARKUP_WHY: Final = (
    "HTML tags left in the extracted text (a page that prints escaped markup): template debris, not prose"
)
# Characters of stripped tags shown in the removal: enough to see what they were.
MAX_MARKUP_CHARS: Final = 500

log = logging.getLogger(__name__)
_lock = threading.Lock()
_documents_since_reset = 0


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    """What a page yields: its main text, its own metadata, and the visible text extraction dropped."""

    text: str
    title: str | None = None
    author: tuple[str, ...] = ()
    date_published: str | None = None
    date_modified: str | None = None
    sitename: str | None = None
    description: str | None = None
    language: str | None = None
    url: str | None = None
    images: tuple[Image, ...] = field(default=())
    # Visible blocks not in `text`, as removals with category "extraction" (line 0: the page).
    dropped: tuple[Removal, ...] = ()
    # Where each metadata field came from ("json-ld", "og:title", "meta", "trafilatura", ...).
    sources: dict[str, str] = field(default_factory=dict)
    # trafilatura's own values, kept for the record's `raw` object and for comparison.
    raw: dict[str, Any] = field(default_factory=dict)


def parse_page(html: str) -> tuple[HtmlElement | None, bool]:
    """The page's tree (trafilatura's loader) and whether libxml2 cut the parse short."""
    from trafilatura import utils

    try:
        tree = utils.load_html(html)
    except Exception as exc:  # trafilatura refuses oversized or undecodable input by raising
        log.debug("load_html failed: %s", exc)
        return None, True
    truncated = any(e.type_name == _TRUNCATED_PARSE for e in utils.HTML_PARSER.error_log)
    return tree, truncated


def extract_html(
    html: str, url: str | None = None, site_names: Iterable[str] = (), options: Mapping[str, Any] | None = None
) -> HtmlExtraction | None:
    """Run trafilatura; None when it finds no article (or the parse was cut short), so the caller falls back.

    `options` replaces TRAFILATURA_OPTIONS (benchmarks/html_quality.py compares option sets with it).
    """
    import trafilatura
    from trafilatura.settings import Document as TrafilaturaDocument

    from cleaner.html.trafilatura_meta import RECORD_FIELDS, page_metadata

    _count_document()
    tree, truncated = parse_page(html)
    if tree is None or truncated:
        return None
    blocks = visible_blocks(tree)
    declared = read_declared(tree)
    images = figure_captions(tree)
    try:
        opts = TRAFILATURA_OPTIONS if options is None else options
        # The metadata first and the text then, as `with_metadata=True` does, but without the hostname
        # (cleaner/html/trafilatura_meta.py says why); the text is extracted with the URL trafilatura
        # would pass it (the caller's, else the page's own).
        page = page_metadata(tree, url)
        doc = trafilatura.bare_extraction(tree, url=url or page.url, with_metadata=False, **opts)
    except Exception as exc:  # any failure inside trafilatura means: use the text path
        log.debug("trafilatura failed on %s: %s", url, exc)
        return None
    if not isinstance(doc, TrafilaturaDocument) or not doc.text:
        return None
    for name in RECORD_FIELDS:
        setattr(doc, name, getattr(page, name))
    text, markup = strip_markup(doc.text)
    meta = choose_metadata(
        declared,
        blocks=blocks,
        trafilatura_title=doc.title,
        trafilatura_author=doc.author,
        trafilatura_date=doc.date,
        trafilatura_sitename=doc.sitename,
        domain=domain_of(url or doc.url),
        site_names=site_names,
    )
    return HtmlExtraction(
        text=text,
        title=meta.headline,
        author=meta.authors,
        date_published=meta.date_published,
        date_modified=meta.date_modified,
        sitename=meta.publisher,
        description=doc.description,
        # The page's own declaration before the stopword guess (cleaner/html/language.py says why).
        language=doc.language or declared_language(tree),
        url=doc.url,
        images=images,
        dropped=(*markup, *dropped_blocks(blocks, text, (meta.headline, doc.description))),
        sources=meta.sources,
        raw={"title": doc.title, "author": doc.author, "date": doc.date, "sitename": doc.sitename},
    )


def strip_markup(text: str) -> tuple[str, tuple[Removal, ...]]:
    """Tags left in extracted text (a page that shows escaped markup) taken out, and recorded.

    No body may hold markup; a tag that a page prints as text is template debris, not prose.
    """
    tags = [m.group(0) for m in MARKUP_TAG.finditer(text) if m.group(1).lower() in KNOWN_TAGS]
    if not tags:
        return text, ()
    cleaned = MARKUP_TAG.sub(lambda m: "" if m.group(1).lower() in KNOWN_TAGS else m.group(0), text)
    shown = " ".join(tags)[:MAX_MARKUP_CHARS]
    return cleaned, (Removal(MARKUP_RULE, EXTRACTION_CATEGORY, shown, PAGE_LINE, why=MARKUP_WHY),)


def html_fallback(html: str) -> tuple[str, list[str]]:
    """The page's visible text, one block a line, for when extraction gave nothing; plus warnings.

    The warnings say why; a page whose parse was cut short, or whose visible text is empty, is
    `partial` (its record must not claim a complete, clean article).
    """
    tree, truncated = parse_page(html)
    blocks = visible_blocks(tree) if tree is not None and not truncated else []
    warnings = ["html extraction found no article; cleaned the page's visible text"]
    if tree is None or truncated:
        blocks = stream_visible_blocks(html)
        warnings.append(
            PARTIAL_WARNING_PREFIX + "the HTML parser gave up on this page (too deeply nested or an oversized "
            "attribute); its visible text was read without a tree"
        )
    if not blocks:
        warnings.append(PARTIAL_WARNING_PREFIX + "the page has no visible text")
    return "\n".join(blocks), warnings


def html_to_text(html: str) -> str:
    """The visible text of a page, one line per block (see html_fallback for the warnings)."""
    return html_fallback(html)[0]


def _count_document() -> None:
    """Clear trafilatura's and htmldate's caches every RESET_CACHES_EVERY pages in this process."""
    global _documents_since_reset
    with _lock:
        _documents_since_reset += 1
        due = _documents_since_reset >= RESET_CACHES_EVERY
        if due:
            _documents_since_reset = 0
    if due:
        from trafilatura.meta import reset_caches

        reset_caches()
