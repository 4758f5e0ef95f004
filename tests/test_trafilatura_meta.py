"""trafilatura's metadata read field by field gives what `extract_metadata` gives, without the Public Suffix List."""

from __future__ import annotations

import gzip
import subprocess
import sys
from copy import deepcopy

import pytest
from lxml.html import HtmlElement
from trafilatura import extract_metadata
from trafilatura.utils import load_html

from cleaner.html import trafilatura_meta
from cleaner.html.trafilatura_meta import RECORD_FIELDS, page_metadata
from tests.conftest import corpus_sample, require_corpus


def _page(head: str, body: str = "<p>Some text of the article.</p>") -> str:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


# Each page takes a different branch of trafilatura's steps: meta tags, JSON-LD, title and author
# from the body, a URL from the canonical link, a site name title-cased, stripped of "@", or taken
# from the URL, and a domain whose label is too short for courlan's shortcut (wsj.com).
PAGES = {
    "meta tags": _page(
        '<meta property="og:title" content="A headline"><meta name="author" content="Jane Doe">'
        '<meta property="og:site_name" content="the daily"><meta property="og:url" content="https://www.wsj.com/a/b">'
        '<meta name="description" content="What it is about"><meta property="article:published_time" '
        'content="2024-03-05T10:00:00Z">'
    ),
    "json-ld": _page(
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        '"headline":"From JSON","author":{"@type":"Person","name":"John Smith"},"datePublished":"2023-01-02",'
        '"publisher":{"@type":"Organization","name":"Example News"}}</script>'
    ),
    "from the body": _page(
        '<title>Body page - @sitehandle</title><link rel="canonical" href="https://cnn.com/2022/05/06/x.html">'
        '<meta name="twitter:site" content="@sitehandle">',
        '<h1>The body headline</h1><p class="byline">By Ann Lee</p><time datetime="2022-05-06">May 6</time>'
        "<p>Text.</p>",
    ),
    "site from the URL": _page('<link rel="canonical" href="https://www.bbc.co.uk/news/x"><title>Only a title</title>'),
    "nothing": _page(""),
}


def _fields(tree: HtmlElement, url: str | None, *, ours: bool) -> tuple[object, ...]:
    found = page_metadata(tree, url) if ours else extract_metadata(tree, url)
    return tuple(getattr(found, name) for name in RECORD_FIELDS)


@pytest.mark.parametrize("url", [None, "https://www.wsj.com/given"], ids=["no url", "url given"])
@pytest.mark.parametrize("html", PAGES.values(), ids=PAGES.keys())
def test_the_record_fields_equal_trafilaturas_own_metadata(html: str, url: str | None) -> None:
    tree = load_html(html)
    assert _fields(deepcopy(tree), url, ours=True) == _fields(tree, url, ours=False)


def test_a_short_domain_does_not_load_the_public_suffix_list() -> None:
    # A fresh process: the list, once loaded, stays for the life of the process.
    script = (
        "from trafilatura.utils import load_html\n"
        "from cleaner.html.trafilatura_meta import page_metadata\n"
        "import tld.utils\n"
        f"meta = page_metadata(load_html({PAGES['meta tags']!r}))\n"
        "assert meta.url == 'https://www.wsj.com/a/b', meta.url\n"
        "print(len(tld.utils.tld_names))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_an_unchecked_trafilatura_release_runs_its_own_metadata_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    # On an unchecked release the copy of the steps is not trusted: extract_metadata fills every field,
    # the hostname (which the copy leaves None) among them.
    monkeypatch.setattr(trafilatura_meta, "STEPS_CHECKED", frozenset())
    trafilatura_meta.steps_checked.cache_clear()
    try:
        found = page_metadata(load_html(PAGES["meta tags"]))
    finally:
        monkeypatch.undo()
        trafilatura_meta.steps_checked.cache_clear()
    assert found.hostname == "wsj.com"
    assert page_metadata(load_html(PAGES["meta tags"])).hostname is None


@pytest.mark.corpus
@pytest.mark.slow
def test_the_record_fields_equal_trafilaturas_on_the_dev_pages() -> None:
    corpus = require_corpus()
    pages = corpus_sample(p for src in ("sh", "tf", "sites") for p in (corpus / src).glob("*/page.html.gz"))
    assert pages
    for path in pages:
        tree = load_html(gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace"))
        if tree is None:
            continue
        assert _fields(deepcopy(tree), None, ours=True) == _fields(tree, None, ours=False), path
