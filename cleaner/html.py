"""HTML input: trafilatura finds the article and page metadata; our text rules then clean it.

trafilatura's options below were chosen by measurement, not taken from its defaults. Dev corpus
page.html.gz, 466 pages (69 sh, 397 tf), trafilatura 2.3.1, 2026-11-22: F1 (P/R) of the
extracted text alone, and tf data loss (must-keep snippets lost / must-drop snippets kept).
Every row except the first has include_comments=False.

    options                     sh F1 (P/R)           tf F1 (P/R)          tf lost  tf kept
    defaults (comments on)      0.9588 (.939/.979)    0.9217 (.901/.944)   67       124
    comments off  [chosen]      0.9630 (.947/.979)    0.9236 (.904/.945)   66       120
    favor_precision             0.9717 (.966/.978)    0.9206 (.922/.919)   96       93
    favor_recall                0.9620 (.945/.980)    0.9173 (.895/.941)   70       132
    fast                        0.9640 (.947/.981)    0.9195 (.904/.935)   77       118
    include_tables=False        0.9648 (.953/.977)    0.9199 (.905/.935)   77       117
    include_images (markers)    0.9367 (.898/.979)    0.9127 (.880/.948)   62       154
    include_images, stripped    0.9615 (.943/.981)    0.9163 (.887/.947)   63       143
    deduplicate                 0.9559 (.947/.965)    0.9197 (.902/.938)   74       121
    with_metadata               same text as "comments off"
    prune_xpath hidden elements 0.9630 (.947/.979)    0.9249 (.904/.946)   64       119

favor_precision wins on sh but loses 30 must-keep snippets on tf (2.6 points of recall): deleting
article text is the one error we rank worst, so it is out. include_images changes which blocks
trafilatura keeps (captions and teaser cards come in: +23 boilerplate snippets) and costs F1 even
with the image markers stripped, so captions come from the page's own <figure> elements instead.
Pruning hidden elements ([@hidden], aria-hidden, display:none, sr-only classes) moved 3 snippets
of ~1,200: too little to outweigh "read more" pages that hide the rest of the article with CSS.

On top of the extraction, the pipeline skips the full-page-dump heuristics in auto mode (measured
in cleaner/pipeline.py), and our rule sets then take the body from sh 0.963 / tf 0.924 to
0.968 / 0.932 (BENCHMARKS.md, Quality).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Final

import regex
from lxml import etree
from lxml.html import HtmlElement

from cleaner.model import Image

_HTML_SNIFF = regex.compile(r"(?is)^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<\?xml[^>]*>\s*<html)")
_HTML_TAGS = regex.compile(r"(?i)<(?:body|div|p|article|main|section|span|a)\b[^>]*>")
# A text with this many HTML tags in its first 2 KB is markup even without <html>.
HTML_TAG_THRESHOLD = 5

# See the module docstring for the measurement behind each choice.
TRAFILATURA_OPTIONS: Final[dict[str, Any]] = {
    "include_comments": False,
    "favor_precision": False,
    "favor_recall": False,
    "fast": False,
    "include_tables": True,
    "include_images": False,
    "deduplicate": False,
}
# trafilatura and htmldate keep LRU caches that grow about 1 MB per page in long runs
# (adbar/trafilatura#216). Clearing them (plus its gc.collect()) took 76 ms against 103 ms per
# page extracted (dev machine, 2026-11-22): every 500 pages bounds memory for ~0.15% of the time.
RESET_CACHES_EVERY: Final = 500
# Captions kept per page. Dev corpus (466 pages): 324 have none, p99 21, max 32; 40 keeps every
# dev page whole and stops a 500-photo gallery from bloating the record.
MAX_CAPTIONS: Final = 40
# Tags whose end is a line break when a failed page is flattened to text for the fallback path.
_BLOCK_TAGS: Final = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
_INVISIBLE_TAGS: Final = ("script", "style", "noscript", "template", "svg")
# Class or id tokens that mark the credit inside a figcaption ("Photo: AP", "© Reuters").
_CREDIT_CLASS = regex.compile(r"(?i)credit|copyright|byline|source|attribution")
_SPACE = regex.compile(r"\s+")

log = logging.getLogger(__name__)
_lock = threading.Lock()
_documents_since_reset = 0


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
    from trafilatura.settings import Document as TrafilaturaDocument
    from trafilatura.utils import load_html

    _count_document()
    tree = load_html(html)
    if tree is None:
        return None
    images = figure_captions(tree)
    try:
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, **TRAFILATURA_OPTIONS)
    except Exception as exc:  # any failure inside trafilatura means: use the text path
        log.debug("trafilatura failed on %s: %s", url, exc)
        return None
    if not isinstance(doc, TrafilaturaDocument) or not doc.text:
        return None
    return HtmlExtraction(
        text=doc.text or "",
        title=doc.title,
        author=doc.author,
        date_published=doc.date,
        date_modified=modified_date(tree, url),
        sitename=doc.sitename,
        description=doc.description,
        language=doc.language,
        url=doc.url,
        images=images,
    )


def modified_date(tree: HtmlElement, url: str | None = None) -> str | None:
    """The page's declared last-modified date, which trafilatura never asks htmldate for.

    The params are merged into trafilatura's own date defaults (a partial dict would replace them,
    the trap in DESIGN.md). Extensive search stays off: it would guess from any date in the text,
    and a modified date is only worth reporting when the page declares one.
    """
    from htmldate import find_date
    from trafilatura.settings import set_date_params

    params = {**set_date_params(extensive=False), "original_date": False}
    try:
        found = find_date(tree, url=url, **params)
    except Exception as exc:  # a bad date tag must not lose the article
        log.debug("htmldate failed on %s: %s", url, exc)
        return None
    return str(found) if found else None


def figure_captions(tree: HtmlElement) -> tuple[Image, ...]:
    """Captions of the page's <figure> elements, from the article container when there is one.

    trafilatura drops figures from the text (and its include_images mode costs F1, see the module
    docstring), so captions are read from the markup directly. Limiting them to <article>/<main>
    keeps teaser cards of the sidebar out.
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
        if len(images) >= MAX_CAPTIONS:
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


def html_to_text(html: str) -> str:
    """The visible text of a page, one line per block, for the text path when trafilatura finds nothing.

    Feeding raw markup to the text rules would put tags and scripts into the body; this keeps the
    fallback's body readable and its line numbers meaningful.
    """
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return html
    etree.strip_elements(tree, *_INVISIBLE_TAGS, with_tail=False)
    body = tree.find(".//body")
    root = body if body is not None else tree
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    lines = (_SPACE.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


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
