"""The language a page declares for itself: `<html lang>`, else a `Content-Language` <meta>.

The record's `language` on the HTML path used to be the jusText stoplist the extracted text hits most
(`metadata/language.py`), since trafilatura gives none. That guess reads all 100 stoplists (~26 MB,
0.07-0.13 s of a `cleaner clean page.html`) for an answer most pages print in their first tag. On the
dev pages the declaration agrees with the guess on most pages, and where they differ the declaration
is mostly right (`benchmarks/html_language.py` counts both; BENCHMARKS.md has the figures). A page
that declares nothing usable still gets the guess.
"""

from __future__ import annotations

from typing import Final

from lxml.html import HtmlElement

# ISO 639-1 codes are two letters; "x-default", "zxx" (no language), "und" and three-letter codes are
# not what the record's `language` holds, so they fall back to the guess.
ISO_639_1_CHARS: Final = 2
_XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"


def declared_language(tree: HtmlElement) -> str | None:
    """The ISO 639-1 code the page declares (primary subtag, lower case), or None."""
    root = tree.getroottree().getroot()
    for value in (root.get("lang"), root.get(_XML_LANG), root.get("xml:lang"), _content_language(root)):
        code = _primary(value)
        if code is not None:
            return code
    return None


def _content_language(root: HtmlElement) -> str | None:
    for el in root.iter("meta"):
        if (el.get("http-equiv") or "").strip().lower() == "content-language":
            return el.get("content")
    return None


def _primary(value: str | None) -> str | None:
    """ "en-GB" -> "en"; a list ("de, en") names its first language; anything not two letters -> None."""
    if not value:
        return None
    first = value.split(",")[0].strip().replace("_", "-").split("-")[0].lower()
    return first if len(first) == ISO_639_1_CHARS and first.isascii() and first.isalpha() else None
