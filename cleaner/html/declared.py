"""What a page declares about itself: JSON-LD, Open Graph and <meta> values, read once from the tree.

trafilatura reads much of this too, but keeps only dates without time, joins authors into one
string and leaves the site name on titles. Reading the declarations directly keeps times and
offsets, author lists and the publisher's own name, for metadata/page.py to choose from.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from lxml.html import HtmlElement

log = logging.getLogger(__name__)

# schema.org types whose headline, dates and authors describe the article itself (not the page,
# the site or a breadcrumb). WebPage is last: news sites without Article markup still use it.
ARTICLE_TYPES: Final = (
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "techarticle",
    "scholarlyarticle",
    "report",
    "webpage",
)
# JSON-LD blocks larger than this are product catalogues or embedded data dumps, not article
# metadata (the largest article block in the dev corpus is ~40 KB); skipping them bounds the cost.
MAX_JSONLD_CHARS: Final = 512 * 1024
# Nodes visited per page when flattening JSON-LD (@graph lists, nested objects): bounds the work
# on hostile or generated pages; article nodes sit within the first few dozen.
MAX_JSONLD_NODES: Final = 2000

_META_KEYS: Final = {
    "og:title": "og_title",
    "twitter:title": "twitter_title",
    "og:site_name": "og_site_name",
    "application-name": "application_name",
    "article:published_time": "published",
    "og:published_time": "published",
    "datepublished": "published",
    "pubdate": "published",
    "publishdate": "published",
    "publish-date": "published",
    "parsely-pub-date": "published",
    "sailthru.date": "published",
    "dc.date.issued": "published",
    "dcterms.created": "published",
    "article:modified_time": "modified",
    "og:updated_time": "modified",
    "datemodified": "modified",
    "last-modified": "modified",
    "dcterms.modified": "modified",
    "author": "author",
    "article:author": "author",
    "parsely-author": "author",
    "sailthru.author": "author",
    "dc.creator": "author",
    "byl": "author",
}


@dataclass(frozen=True, slots=True)
class Declared:
    """Raw declared values, unparsed, first occurrence of each; lists keep page order."""

    jsonld_headline: str | None = None
    jsonld_published: str | None = None
    jsonld_modified: str | None = None
    jsonld_authors: tuple[str, ...] = ()
    jsonld_publisher: str | None = None
    meta: tuple[tuple[str, str], ...] = ()
    h1: tuple[str, ...] = ()
    title: str | None = None

    def first(self, key: str) -> str | None:
        """The first <meta> value filed under `key` (see _META_KEYS)."""
        return next((v for k, v in self.meta if k == key), None)

    def all(self, key: str) -> list[str]:
        """Every <meta> value filed under `key`, in page order."""
        return [v for k, v in self.meta if k == key]


def read_declared(tree: HtmlElement) -> Declared:
    """Collect the page's declarations; never raises on malformed JSON-LD or odd markup."""
    meta: list[tuple[str, str]] = []
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        field = _META_KEYS.get(key)
        content = el.get("content")
        if field and content and content.strip():
            meta.append((field, " ".join(content.split())))
    for el in tree.iter("time"):
        prop = (el.get("itemprop") or "").lower()
        if prop in ("datepublished", "datemodified") and el.get("datetime"):
            meta.append(("published" if prop == "datepublished" else "modified", el.get("datetime", "").strip()))
    node = _article_node(tree)
    title_el = tree.find(".//title")
    return Declared(
        jsonld_headline=_headline(node) if node else None,
        jsonld_published=_text(node.get("datePublished") or node.get("dateCreated")) if node else None,
        jsonld_modified=_text(node.get("dateModified")) if node else None,
        jsonld_authors=tuple(_names(node.get("author") or node.get("creator"))) if node else (),
        jsonld_publisher=_publisher(node.get("publisher")) if node else None,
        meta=tuple(meta),
        h1=tuple(t for t in (_text(h.text_content()) for h in tree.iter("h1")) if t),
        title=_text(title_el.text_content()) if title_el is not None else None,
    )


def _article_node(tree: HtmlElement) -> dict[str, Any] | None:
    """The JSON-LD object of the most article-like type on the page."""
    best: tuple[int, dict[str, Any]] | None = None
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if not raw.strip() or len(raw) > MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            log.debug("malformed JSON-LD block skipped")
            continue
        for obj in _nodes(data):
            rank = _type_rank(obj.get("@type"))
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, obj)
    return best[1] if best else None


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON-LD document: top level, lists and @graph, plus mainEntity."""
    stack = [data]
    seen = 0
    while stack and seen < MAX_JSONLD_NODES:
        item = stack.pop(0)
        seen += 1
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            yield item
            for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                if isinstance(item.get(key), list | dict):
                    stack.append(item[key])


def _type_rank(value: Any) -> int | None:
    types = value if isinstance(value, list) else [value]
    ranks = [ARTICLE_TYPES.index(t.lower()) for t in types if isinstance(t, str) and t.lower() in ARTICLE_TYPES]
    return min(ranks) if ranks else None


def _headline(node: dict[str, Any]) -> str | None:
    """`headline`, or an article's `name`; a WebPage's name is the page's <title>, not a headline."""
    if node.get("headline"):
        return _text(node["headline"])
    return None if _type_rank(node.get("@type")) == ARTICLE_TYPES.index("webpage") else _text(node.get("name"))


def _text(value: Any) -> str | None:
    """A JSON-LD string, whitespace-normalised; CMSs often leave HTML entities in it (`&amp;`, `&#8217;`)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if not isinstance(value, str):
        return None
    return " ".join(html.unescape(value).split()) or None


def _names(value: Any) -> list[str]:
    """Author names from a string, a Person/Organization object, or a list of either."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and not name.lower().startswith(("http://", "https://")):
            out.append(name)
    return out


def _publisher(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)
