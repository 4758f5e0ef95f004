"""Headline and standfirst are found by shape and only where the template makes them certain."""

from __future__ import annotations

import cleaner

BODY = "The council met on Tuesday and agreed the budget after a long debate about housing and roads."


def test_short_first_line_is_the_headline() -> None:
    art = cleaner.clean(f"Council agrees budget after long debate\n\n{BODY}\n\n{BODY}")
    assert art.headline == "Council agrees budget after long debate"
    assert art.body.startswith("The council met")


def test_first_line_ending_in_full_stop_stays_in_body() -> None:
    art = cleaner.clean(f"{BODY}\n\n{BODY}")
    assert art.headline is None and art.body.startswith(BODY)


def test_standfirst_needs_a_metadata_line_after_it() -> None:
    summary = "Councillors backed the plan by a narrow margin after a night of argument."
    with_date = cleaner.clean(f"Council agrees budget\n\n{summary}\n\nPublished: 3 March 2024\n\n{BODY}")
    without = cleaner.clean(f"Council agrees budget\n\n{summary}\n\n{BODY}")
    assert with_date.description == summary
    assert without.description is None and summary in without.body


def test_headline_alone_is_not_taken_from_a_one_line_text() -> None:
    art = cleaner.clean("Council agrees budget after long debate")
    assert art.headline is None and art.body == "Council agrees budget after long debate"
