"""HTML input: recognise it, decode it, extract the article with trafilatura, read the page's metadata.

Modules: sniff (is this a page?), extract (trafilatura plus our readers), declared (JSON-LD and
<meta>), page_meta (choosing headline, authors, dates, publisher), visible (the page's visible text
blocks), audit (what extraction dropped), captions (<figure> captions), options (trafilatura's
options and why).
"""

from __future__ import annotations

from cleaner.html.audit import EXTRACTION_CATEGORY, EXTRACTION_RULE, dropped_blocks
from cleaner.html.captions import MAX_CAPTIONS, figure_captions
from cleaner.html.extract import HtmlExtraction, extract_html, html_fallback, html_to_text, parse_page
from cleaner.html.options import HTML_RULE_CATEGORIES, TRAFILATURA_OPTIONS, html_path_rules
from cleaner.html.sniff import find_markup, looks_like_html

__all__ = [
    "EXTRACTION_CATEGORY",
    "EXTRACTION_RULE",
    "HTML_RULE_CATEGORIES",
    "MAX_CAPTIONS",
    "TRAFILATURA_OPTIONS",
    "HtmlExtraction",
    "dropped_blocks",
    "extract_html",
    "figure_captions",
    "find_markup",
    "html_fallback",
    "html_path_rules",
    "html_to_text",
    "looks_like_html",
    "parse_page",
]
