"""Is this string a web page or scraped text? Decided the way a browser would start parsing it.

A page that reaches us as text (positional `clean(text)`, a `.txt` file in a batch) must go down
the HTML path; otherwise its markup becomes the article body. Pages open with all sorts of things
before `<html>`: a BOM, blank lines, comments and IE conditional comments, an XML prolog, a doctype,
`<style>`/`<script>` blocks, or a PHP warning printed by the server. We skip what a parser skips and
look at the first real tag; when the start is junk, a cheap tag count over the first chunk decides.
"""

from __future__ import annotations

from typing import Final

import regex

from cleaner.rules.patterns import compiled

# How far into the text the sniffer looks. Pages in the dev corpus that open with a server warning
# or a long inline <style> block reach their first structural tag within 20 KB; 64 KB leaves room
# and keeps the sniff cheap (one regex pass over at most 64 KB).
SNIFF_CHARS: Final = 64 * 1024
# Known HTML tags needed in the first SNIFF_CHARS for a text without a recognisable start to count
# as markup. Prose that quotes a tag ("Use <b> for bold.") has one or two; the smallest fragments
# scrapers hand over (`<div><p>..</p><p>..</p></div>`) have six.
HTML_TAG_THRESHOLD: Final = 5
# Distinct tag names among those: repeated "<br>" in a forum post is not a page.
HTML_DISTINCT_TAGS: Final = 2
# Closing tags among those. Blogs print "You may use these HTML tags: <a href=""> <abbr> <b> ..."
# under every post (44 dn fulltext renderings): many tags, none closed. Markup closes its elements.
HTML_CLOSING_TAGS: Final = 2

# Everything a parser passes over before the first element: whitespace, BOMs, comments (conditional
# ones are comments too), an XML prolog or processing instruction, a doctype, CDATA-like junk.
_PREAMBLE = compiled(
    r"""(?sx)
    (?: [\s\ufeff\u200b]+
      | <!--.*?(?:-->|\Z)
      | <!\[ [^\]]* \]>            # <![endif]> and friends outside comments
      | <\?.*?(?:\?>|\Z)
      | <!doctype[^>]*>
    )*""",
    flags=regex.IGNORECASE,
)
# Elements that only ever open a document (or its head): seeing one first means a page.
_PAGE_START = compiled(r"(?i)<(?:html|head|body|meta|title|link|base|frameset)[\s/>]")
_DOCTYPE_HTML = compiled(r"(?i)<!doctype\s+html")
# A structural pair anywhere near the start: an opening <html>/<head>/<body> and a closing one.
_OPEN_STRUCT = compiled(r"(?i)<(?:html|head|body)[\s>]")
_CLOSE_STRUCT = compiled(r"(?i)</(?:html|head|body|title)\s*>")
KNOWN_TAGS: Final = frozenset(
    [
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "audio",
        "b",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "center",
        "code",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "em",
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
        "head",
        "header",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "label",
        "li",
        "link",
        "main",
        "meta",
        "nav",
        "noscript",
        "ol",
        "option",
        "p",
        "picture",
        "pre",
        "script",
        "section",
        "select",
        "small",
        "source",
        "span",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "svg",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "u",
        "ul",
        "video",
    ]
)
# Share of non-blank lines in the window that hold a known tag. Markup puts tags on most lines (a
# minified fragment is one line with tags; pretty-printed, text sits between tag lines). Scraped text
# that carries a pasted widget or ad snippet does not: in the dev corpus' text renderings with 5+
# tags the share is at most 0.17, but for one page that is a raw dump of ad markup.
MIN_TAG_LINE_SHARE: Final = 0.3
# A fragment has structure; text with inline links, italics and embedded-tweet <blockquote>s left in
# (an extractor's output of a page that double-escaped its tweets, one dn page) has none of these.
_STRUCTURE_TAGS: Final = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "table",
        "tr",
        "td",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "header",
        "footer",
        "aside",
        "body",
        "head",
        "html",
    ]
)
TAG = compiled(r"</?([a-zA-Z][a-zA-Z0-9]{0,9})(?:\s[^<>]{0,2000})?/?>")


def looks_like_html(text: str) -> bool:
    """True for a web page or a dense HTML fragment, false for scraped text that mentions a tag."""
    head = text[:SNIFF_CHARS]
    if "<" not in head:
        # Every test below needs a "<" in the window (a page start, a doctype, a structural tag, a known tag), and
        # most scraped texts hold none: one C scan where the patterns' searches and the tag count cost ~20 us a page.
        return False
    start = _PREAMBLE.match(head)
    rest = head[start.end() if start else 0 :]
    if _PAGE_START.match(rest) or _DOCTYPE_HTML.search(head[: start.end() if start else 0]):
        return True
    if _OPEN_STRUCT.search(head) and _CLOSE_STRUCT.search(head):
        return True
    return is_markup_dense(head)


def is_markup_dense(text: str) -> bool:
    """The parse-based fallback: enough known HTML tags, of more than one kind, to be markup."""
    window = text[:SNIFF_CHARS]
    known = [(m.group(0)[1] == "/", m.group(1).lower()) for m in TAG.finditer(window)]
    known = [(closing, name) for closing, name in known if name in KNOWN_TAGS]
    return (
        len(known) >= HTML_TAG_THRESHOLD
        and len({name for _c, name in known}) >= HTML_DISTINCT_TAGS
        and sum(1 for closing, _n in known if closing) >= HTML_CLOSING_TAGS
        and any(name in _STRUCTURE_TAGS for _c, name in known)
        and _tag_line_share(window) >= MIN_TAG_LINE_SHARE
    )


def _tag_line_share(text: str) -> float:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return 0.0
    return sum(1 for line in lines if TAG.search(line)) / len(lines)


def find_markup(text: str) -> str | None:
    """The first HTML tag or comment in an output text, or None: the check that no body holds markup.

    Only known element names count, so "a <= b" or "<Reuters>" in prose are not markup.
    """
    for m in TAG.finditer(text):
        if m.group(1).lower() in KNOWN_TAGS:
            return m.group(0)
    idx = text.find("<!--")
    return text[idx : idx + 40] if idx >= 0 else None
