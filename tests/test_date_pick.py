"""The publication date is picked where the page is clear about it, and refused where it is not."""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.metadata.date_pick import pick_published
from cleaner.metadata.dates import find_dates


def _pick(lines: Sequence[str], kept: Sequence[str | None] | None = None, url: str | None = None) -> str | None:
    got = pick_published(find_dates(lines, url=url), lines=lines, kept=kept, url=url)
    return got.iso if got else None


def test_a_byline_date_beats_an_earlier_bare_dateline() -> None:
    lines = ["Tuesday, 3 March 2020", "Headline of the story", "By Jane Doe 4 November 2020", "Body text."]
    assert _pick(lines) == "2020-11-04"


def test_rows_of_a_dated_list_are_not_datelines() -> None:
    lines = ["Termin: 21.02.2020, 19 Uhr", "Termin: 28.02.2020, 19 Uhr", "Termin: 06.03.2020, 19 Uhr"]
    assert _pick(lines) is None


def test_disagreeing_datelines_take_the_one_at_the_article_start() -> None:
    header = ["Wednesday, November 20, 2019", *[f"Menu item {i}" for i in range(15)]]
    article = ["Council approves the budget", "November 18, 2019", "The council voted on Monday."]
    lines = [*header, *article]
    kept: list[str | None] = [None] * len(header) + article
    assert _pick(lines, kept) == "2019-11-18"


def test_disagreeing_datelines_far_from_the_article_give_nothing() -> None:
    top = ["Wednesday, November 20, 2019", *[f"Menu item {i}" for i in range(15)]]
    article = ["Council approves the budget", *[f"Paragraph {i} of the story." for i in range(15)]]
    lines = [*top, *article, "November 18, 2019"]
    kept: list[str | None] = [None] * len(top) + article + [None]
    assert _pick(lines, kept) is None


def test_a_year_month_url_rules_out_other_months() -> None:
    lines = ["31. Mai 2016", "Der Artikel beginnt hier."]
    assert _pick(lines, url="https://blog.example.de/2019/10/schuhe-im-test/") is None
    assert _pick(["3. Oktober 2019", "Text."], url="https://blog.example.de/2019/10/schuhe-im-test/") == "2019-10-03"


def test_a_dateline_after_the_pages_own_update_is_not_its_publication() -> None:
    lines = ["Last updated on 20 Feb, 2020", "Headline", "19 Jan, 2021"]
    assert _pick(lines) is None


def test_a_url_that_names_the_day_refuses_a_byline_date_of_another_day() -> None:
    # A sidebar row of an archive list reads as a byline ("Von Sitte und Moral 7 April, 2014").
    lines = ["Suchen", "Von Sitte und Moral 7 April, 2014", "Text."]
    assert _pick(lines, url="https://blog.example.com/2015/12/12/slug/") == "2015-12-12"


def test_bylines_of_a_teaser_list_are_not_the_articles() -> None:
    article = ["Plumber jailed after boiler death", "17 April 2012 • 2:54pm", "The plumber was jailed today."]
    teasers = [
        line for i in range(4) for line in (f"Other story number {i} here", f"By Jane Roe 12 May 2022, 4:1{i}pm")
    ]
    filler = [f"Paragraph {i} of the story." for i in range(20)]
    lines = [*article, *filler, *teasers]
    kept: list[str | None] = [*article, *filler, *[None] * len(teasers)]
    assert _pick(lines, kept) == "2012-04-17T14:54:00"


def test_a_day_repeated_over_many_datelines_is_a_listing_not_the_article() -> None:
    # The header's "today" stands at the top and again over every teaser row.
    header = ["Wednesday November 20, 2019", "Breaking stories of the day"]
    article = ["Council approves the budget", "November 18, 2019", "The council voted on Monday."]
    teasers = [line for i in range(5) for line in (f"Teaser {i} about something", "Wednesday November 20, 2019")]
    lines = [*header, *article, *teasers]
    kept: list[str | None] = [*header, *article, *[None] * len(teasers)]
    assert _pick(lines, kept) == "2019-11-18"
