"""benchmarks/metadata.py reads a page's declared publication day the way the page means it."""

from __future__ import annotations

from types import ModuleType

from tests.conftest import ROOT, load_script


def _module() -> ModuleType:
    return load_script("metadata_benchmark", ROOT / "benchmarks" / "metadata.py")


def _page(head: str, body: str = "") -> str:
    return f"<html lang='en'><head>{head}</head><body>{body}<p>Text.</p></body></html>"


def test_a_javascript_style_json_ld_date_with_its_zone_is_the_label() -> None:
    mb = _module()
    ld = (
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "datePublished": "Tue Nov 19 2019 03:05:46 GMT+0000"}</script>'
    )
    labels = mb.declared_labels(_page(ld, '<meta itemprop="datePublished" content="2019-11-19T00:00:00">'))
    assert labels.day == "2019-11-19T03:05:46+00:00" and labels.day_source == "json-ld"
    # Printed "November 18" in New York is that instant's day in some zone: it agrees.
    assert mb.same_day(labels.day, "2019-11-18")


def test_pubdate_stamps_of_several_days_are_a_comment_thread_not_a_label() -> None:
    mb = _module()
    thread = (
        '<time pubdate datetime="2012-09-10T09:09:25+00:00"></time>'
        '<time pubdate datetime="2012-09-26T04:27:59+00:00"></time>'
    )
    assert mb.declared_labels(_page("", thread)).day is None
    single = '<time pubdate datetime="2012-09-10T09:09:25+00:00"></time>'
    assert mb.declared_labels(_page("", single)).day == "2012-09-10T09:09:25+00:00"


def test_a_headline_label_a_host_declares_on_many_pages_or_the_site_name_is_noise() -> None:
    mb = _module()

    def page(n: int, headline: str, host: str = "blog.example.com", site: str | None = None) -> object:
        return mb.PageResult(
            page=f"dn/{host}-{n}", rendering="article", language="en", label_day=None, label_source=None,
            got_day=None, got_iso=None, got_source=None, got_raw=None, text_has_day=False,
            label_headline=headline, got_headline=None, text_has_headline=True,
            url=f"https://{host}/post-{n}", site_name=site,
        )  # fmt: skip

    blog = [page(n, "official blog of the league") for n in range(mb.LABEL_REPEAT_PAGES)]
    # The same article under two URLs (print and web) keeps its label; so does another host's.
    twice = [page(10, "council approves budget"), page(11, "council approves budget")]
    other = [page(20, "official blog of the league", host="news.example.org")]
    named = [page(30, "example times", host="exampletimes.com", site="example times")]
    results = blog + twice + other + named
    assert mb.mark_label_noise(results) == len(blog) + len(named)
    assert [r.label_noise for r in results] == [True] * len(blog) + [False] * 3 + [True]
