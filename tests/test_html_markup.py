"""HTML is recognised whatever precedes <html>, and no path ever puts markup into the body."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.html import find_markup, looks_like_html
from cleaner.io.readers import FieldNames, read_single
from cleaner.pipeline import Cleaner
from tests.conftest import corpus_sample, require_corpus

ARTICLE = (
    "<html><head><title>Budget passes | Example News</title></head><body><nav><a href='/'>Home</a></nav>"
    "<article><h1>Budget passes</h1><p>The city council voted on Tuesday to approve a new budget after weeks "
    "of debate in the chamber.</p><p>Councillors said the plan would fund road repairs and two new libraries "
    "across the city.</p><p>A final vote on the tax rate is expected next month.</p></article></body></html>"
)
PREAMBLES = [
    "\ufeff",
    "\n\n   \t",
    "<!-- generated 2024-03-12 by CMS -->\n",
    "<!--[if IE 5]><p>Upgrade your browser</p><![endif]-->\n",
    "<!--[if lt IE 9]><html class='ie'><![endif]-->",
    '<?xml version="1.0" encoding="utf-8"?>\n',
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
    "<style>body { color: red; }\n" + "p { margin: 0 }\n" * 400 + "</style>",
    "<script>var x = 1;</script>",
    "Warning: mysql_connect(): Too many connections in /var/www/html/db.php on line 12\n",
    "Notice: Undefined index: id in /srv/site/index.php on line 3<br />\n",
]


@pytest.mark.parametrize("preamble", PREAMBLES, ids=range(len(PREAMBLES)))
def test_page_is_recognised_after_any_preamble(preamble: str) -> None:
    assert looks_like_html(preamble + ARTICLE)


@pytest.mark.parametrize(
    "text",
    [
        "Use <b> for bold and <i> for italics.",
        "If a < b and c > d, then the council's vote <5 is void.",
        "Reuters <https://reuters.com> reported the news.\nThe vote passed.",
        "The <html> tag wraps the page; tutorials explain it.",
    ],
)
def test_prose_that_mentions_tags_is_text(text: str) -> None:
    assert not looks_like_html(text)


def test_dense_fragment_is_html() -> None:
    assert looks_like_html("<div><p>One paragraph.</p><p>Another <a href='x'>link</a>.</p></div>")


@pytest.mark.parametrize("preamble", PREAMBLES, ids=range(len(PREAMBLES)))
def test_positional_page_after_preamble_has_no_markup_in_body(preamble: str) -> None:
    art = Cleaner().clean(preamble + ARTICLE)
    assert find_markup(art.body) is None
    assert "Councillors said the plan" in art.body


def test_find_markup_ignores_prose() -> None:
    assert find_markup("a <= b, <Reuters>, x<y") is None
    assert find_markup("text <p class='x'>more") == "<p class='x'>"


# -- property: whatever page structure, no output carries markup ------------------------------------

WORDS = st.sampled_from(
    [
        "council",
        "budget",
        "vote",
        "city",
        "library",
        "roads",
        "tax",
        "mayor",
        "debate",
        "Tuesday",
        "approve",
        "plan",
        "residents",
        "hall",
    ]
)
TEXT = st.lists(WORDS, min_size=1, max_size=25).map(" ".join)
TAGS = st.sampled_from(["div", "p", "span", "section", "article", "li", "b", "a", "td", "h2", "figure", "aside"])


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(TAGS)
    attrs = draw(st.sampled_from(["", ' class="story"', ' id="main"', ' style="display:none"', ' data-x="1"']))
    if depth >= 3:
        children = [draw(TEXT)]
    else:
        children = draw(st.lists(st.one_of(TEXT, elements(depth + 1)), min_size=1, max_size=4))
    return f"<{tag}{attrs}>{' '.join(children)}</{tag}>"


@st.composite
def pages(draw: st.DrawFn) -> str:
    preamble = draw(st.sampled_from(["", *PREAMBLES]))
    head = draw(st.sampled_from(["", "<head><title>T | Site</title><meta charset='utf-8'></head>"]))
    body = "".join(draw(st.lists(elements(), min_size=1, max_size=6)))
    script = draw(st.sampled_from(["", "<script>document.write('<p>x</p>')</script>", "<noscript><p>x</p></noscript>"]))
    return f"{preamble}<html>{head}<body>{script}{body}</body></html>"


CLEANER = Cleaner()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_no_path_puts_markup_into_the_body(page: str) -> None:
    outputs = [CLEANER.clean(html=page).body, CLEANER.clean(page).body]
    for kind in ("html", "txt"):
        for _pos, doc in read_single(page.encode(), kind, FieldNames(), source="p", doc_id="p"):
            assert not isinstance(doc, Exception)
            outputs.append(CLEANER.clean_document(doc).body)
    for body in outputs:
        assert find_markup(body) is None, body


# -- the dev corpus: no articleBody holds a tag, whichever way the page is handed over -------------


@pytest.mark.corpus
@pytest.mark.slow
def test_no_corpus_page_gives_markup_in_the_body() -> None:
    """Every page.html.gz read as .html and as .txt: both must take the HTML path, and its body has no tag.

    A quarter of the pages in the suite, all of them with CLEANER_CORPUS_ALL=1 (a step of .ci/run).

    A page recognised as HTML takes the same path whether handed over as html=, positionally, as a
    .html or as a .txt file (the pipeline sniffs the text), so one clean per page covers all four.
    """
    corpus = require_corpus()
    cleaner = Cleaner()
    bad: list[str] = []
    for page_gz in corpus_sample(corpus.glob("*/*/page.html.gz")):
        key = f"{page_gz.parent.parent.name}/{page_gz.parent.name}"
        (_pos, doc), *_ = read_single(page_gz.read_bytes(), "txt", FieldNames(), source=key, doc_id=key)
        if isinstance(doc, Exception):
            continue
        if not looks_like_html(doc.text or ""):
            bad.append(f"{key}: not recognised as HTML")
            continue
        tag = find_markup(cleaner.clean_document(doc).body)
        if tag:
            bad.append(f"{key}: {tag[:60]}")
    assert not bad, "\n".join(bad[:20])


@pytest.mark.corpus
def test_no_corpus_text_rendering_is_taken_for_html() -> None:
    corpus = require_corpus()
    wrong = [
        str(p.relative_to(corpus))
        for name in ("fulltext.txt", "article.txt", "paragraphs.txt", "trafilatura.txt")
        for p in sorted(corpus.glob(f"*/*/{name}"))
        if looks_like_html(p.read_text(encoding="utf-8"))
    ]
    assert not wrong, wrong[:20]
