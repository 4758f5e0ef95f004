"""A page's visible text, block by block: the fallback body, and the yardstick for what extraction dropped.

Two readers: lxml's tree (fast, used for every page) and the standard library's streaming parser,
which has no nesting limit and no attribute-size limit. libxml2 silently truncates a page nested
100,000 elements deep or holding a 20 MB attribute; the streaming reader then still sees its text.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Final

from lxml import etree
from lxml.html import HtmlElement

# Tags whose start or end is a block boundary in a browser's rendering.
BLOCK_TAGS: Final = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
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
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "option",
        "button",
        "label",
        "body",
        "title",
    }
)
# Elements whose content a reader never sees.
INVISIBLE_TAGS: Final = frozenset(
    {"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "select", "textarea"}
)

# Without a tree, an unclosed <head> would hide the whole page: the stream reader skips the title
# (head's only visible-looking text) instead of the head itself.
_STREAM_INVISIBLE: Final = (INVISIBLE_TAGS - {"head"}) | {"title"}


def _norm(text: str) -> str:
    return " ".join(text.split())


def visible_blocks(tree: HtmlElement) -> list[str]:
    """The visible text of <body> (or the whole tree), one whitespace-normalised string per block."""
    body = tree.find(".//body") if tree.tag != "body" else tree
    root = body if body is not None else tree
    blocks: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        text = _norm("".join(parts))
        if text:
            blocks.append(text)
        parts.clear()

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start":
            if tag is None:  # comment or processing instruction: no text of its own
                walker.skip_subtree()
                continue
            if tag in INVISIBLE_TAGS or el.get("hidden") is not None:
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS:
                flush()
            if el.text:
                parts.append(el.text)
        else:
            if tag in BLOCK_TAGS:
                flush()
            if el is not root and el.tail:
                parts.append(el.tail)
    flush()
    return blocks


class _StreamText(HTMLParser):
    """Visible text from the standard library's tokenizer: no depth or attribute-size limits."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._parts: list[str] = []
        self._skip_depth = 0

    def _flush(self) -> None:
        text = _norm("".join(self._parts))
        if text:
            self.blocks.append(text)
        self._parts.clear()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _STREAM_INVISIBLE:
            self._skip_depth += 1
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _STREAM_INVISIBLE:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def stream_visible_blocks(html: str) -> list[str]:
    """Visible text blocks without building a tree: the reader for pages lxml cannot hold."""
    parser = _StreamText()
    parser.feed(html)
    parser.close()
    return parser.blocks
