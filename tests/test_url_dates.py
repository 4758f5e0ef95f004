"""Dates in URL paths: day precision when the path has it, year and month otherwise, nothing from ids."""

from __future__ import annotations

import pytest

from cleaner.metadata.url_dates import dates_from_url, url_date_value


@pytest.mark.parametrize(
    ("url", "parts"),
    [
        ("https://www.example.com/2017/03/31/some-story/", (2017, 3, 31)),
        ("https://www.example.com/news/20170331/some-story", (2017, 3, 31)),
        ("https://www.example.com/2017-03-31-some-story", (2017, 3, 31)),
        ("https://www.example.com/2017/03/some-story.html", (2017, 3, None)),
    ],
)
def test_dates_from_url(url: str, parts: tuple[int, int, int | None]) -> None:
    found = dates_from_url(url)
    assert found is not None and (found.year, found.month, found.day) == parts


@pytest.mark.parametrize(
    "url",
    ["https://shop.example.com/product/12345678", "https://example.com/2017/13/40/x", "https://example.com/a/b", None],
)
def test_no_date_in_url(url: str | None) -> None:
    assert url_date_value(url) is None


def test_year_month_path_is_not_a_published_day() -> None:
    assert url_date_value("https://www.example.com/2017/03/story") is None
    value = url_date_value("https://www.example.com/2017/03/31/story")
    assert value is not None and value.source == "url" and value.iso == "2017-03-31"
