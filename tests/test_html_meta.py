"""Page metadata: site affixes off headlines, dates with time and offset, author lists, publisher."""

from __future__ import annotations

import pytest

from cleaner.html import extract_html
from cleaner.html.declared import Declared
from cleaner.html.page_meta import choose_metadata, iso_datetime, split_authors
from cleaner.metadata.site_affix import domain_label, strip_site_affix

PARAS = "".join(
    f"<p>{t}</p>"
    for t in (
        "The city council voted on Tuesday to approve a new budget for the coming year after weeks of debate.",
        "Councillors said the plan would fund road repairs, two new libraries and longer opening hours at pools.",
        "Opposition members argued that the spending would force a rise in local taxes within two years.",
        "A final vote on the tax rate is expected next month, when the council meets again in the town hall.",
    )
)


def page(head: str = "", body_top: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><article>{body_top}{PARAS}</article></body></html>"


@pytest.mark.parametrize(
    ("title", "names", "domain", "expected"),
    [
        ("Council approves budget | Example News", ["Example News"], None, "Council approves budget"),
        ("Example News - Council approves budget", ["Example News"], None, "Council approves budget"),
        ("Council approves budget - BBC News", [], "www.bbc.co.uk", "Council approves budget"),
        ("Council approves budget | Politics | The Guardian", ["Guardian"], None, "Council approves budget | Politics"),
        ("Covid-19 cases rise in the city", ["Example News"], None, "Covid-19 cases rise in the city"),
        ("Example News", ["Example News"], None, "Example News"),
        ("Live: Council votes on the budget", ["Example News"], "example.com", "Live: Council votes on the budget"),
        ("Budget passes - Planet Daily - News, Views", ["Planet Daily - News, Views"], None, "Budget passes"),
        ("«We were in quarantine» - Rosa-Luxemburg-Stiftung", [], "www.rosalux.de", "«We were in quarantine»"),
    ],
)
def test_strip_site_affix(title: str, names: list[str], domain: str | None, expected: str) -> None:
    assert strip_site_affix(title, names, domain) == expected


def test_headline_starting_with_the_site_name_keeps_its_words() -> None:
    title = "BBC presenter wins award for reporting on the floods in the north | BBC News"
    assert strip_site_affix(title, ["BBC News"], "bbc.co.uk") == (
        "BBC presenter wins award for reporting on the floods in the north"
    )


def test_domain_label() -> None:
    assert (domain_label("www.bbc.co.uk"), domain_label("news.example.com")) == ("bbc", "example")


def test_declared_headline_wins_over_title_that_copies_h1() -> None:
    """<title> = "Site - " + <h1> is one witness, not a second one outvoting og:title."""
    got = extract_html(
        page(
            "<title>BBC News - Shanghai closes poultry markets</title>"
            '<meta property="og:title" content="Shanghai markets close over bird flu">'
            '<meta property="og:site_name" content="BBC News">'
        ).replace("<article>", "<article><h1>Shanghai closes poultry markets</h1>"),
        "http://bbc.co.uk/news/1",
    )
    assert got is not None and got.title == "Shanghai markets close over bird flu"


def test_segment_the_h1_shows_is_not_an_affix() -> None:
    got = extract_html(
        page('<meta property="og:title" content="Take care - example at the fair 2018">').replace(
            "<article>", "<article><h1>Take care - example at the fair 2018</h1>"
        ),
        "https://blog.example.com/fair",
    )
    assert got is not None and got.title == "Take care - example at the fair 2018"


def test_trafilatura_sitename_does_not_clean_the_headline() -> None:
    """trafilatura guesses a sitename from the title's last segment; it must not cut that segment off."""
    declared = Declared(meta=(("og_title", "Review: Love is War - Longing by R. K. Lilley"),))
    got = choose_metadata(declared, trafilatura_sitename="Longing by R. K. Lilley", domain="books.blogspot.com")
    assert (got.headline, got.publisher) == ("Review: Love is War - Longing by R. K. Lilley", "Longing by R. K. Lilley")


def test_jsonld_headline_author_objects_and_dates_with_offset() -> None:
    ld = (
        '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite",'
        '"name":"Daily Planet"},{"@type":"NewsArticle","headline":"Budget passes after long debate",'
        '"datePublished":"2024-03-12T09:00:00+01:00","dateModified":"2024-03-13T08:30:00+01:00",'
        '"author":[{"@type":"Person","name":"Jane Smith"},{"@type":"Person","name":"John Doe"}],'
        '"publisher":{"@type":"Organization","name":"Daily Planet"}}]}</script>'
    )
    got = extract_html(page(ld + "<title>Budget passes after long debate - Daily Planet</title>"))
    assert got is not None
    assert got.title == "Budget passes after long debate"
    assert got.author == ("Jane Smith", "John Doe")
    assert (got.date_published, got.date_modified) == ("2024-03-12T09:00:00+01:00", "2024-03-13T08:30:00+01:00")
    assert got.sitename == "Daily Planet"


def test_meta_author_string_is_split_into_names() -> None:
    got = extract_html(page('<meta name="author" content="By Jane Smith and John Doe">'))
    assert got is not None and got.author == ("Jane Smith", "John Doe")


def test_visible_updated_line_gives_date_modified() -> None:
    got = extract_html(
        page('<meta property="article:published_time" content="2024-03-12">', "<p>Updated: 14 March 2024</p>")
    )
    assert got is not None and got.date_modified == "2024-03-14"


def test_split_authors_drops_urls_emails_and_the_site() -> None:
    got = split_authors(["Jane Smith, https://x.com/jane", "news@example.com; Example News"], {"examplenews"})
    assert got == ("Jane Smith",)


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024-03-12T09:00:00Z", "2024-03-12T09:00:00+00:00"),
        ("2024-03-12", "2024-03-12"),
        ("Tue, 12 Mar 2024 09:00:00 GMT", "2024-03-12T09:00:00+00:00"),
        ("0001-01-01T00:00:00Z", None),
        ("not a date", None),
    ],
)
def test_iso_datetime(raw: str, iso: str | None) -> None:
    assert iso_datetime(raw) == iso
