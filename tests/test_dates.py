"""Date strings from templates become ISO dates; a missing year is inferred, never invented."""

from __future__ import annotations

import datetime as dt

import pytest

from cleaner.metadata.dates import full_dates, parse_date


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("Nov. 19, 2019 8:03 am ET", "2019-11-19"),
        ("16 January 2026", "2026-01-16"),
        ("Tuesday 13 January 2026 10.45 GMT", "2026-01-13"),
        ("2026-01-16T10:00:00Z", "2026-01-16"),
        ("3rd of March 2024", "2024-03-03"),
        ("16/01/2026", "2026-01-16"),
    ],
)
def test_full_dates_parse(raw: str, iso: str) -> None:
    value = parse_date(raw)
    assert value is not None and value.iso == iso and not value.year_inferred


def test_year_inferred_from_nearest_evidence() -> None:
    value = parse_date("16 Jan", evidence=[dt.date(2026, 1, 13), dt.date(2022, 2, 1)])
    assert value is not None and value.iso == "2026-01-16" and value.year_inferred and value.raw == "16 Jan"


def test_year_inferred_across_new_year() -> None:
    value = parse_date("30 Dec", evidence=[dt.date(2026, 1, 2)])
    assert value is not None and value.iso == "2025-12-30"


def test_year_from_reference_date_stays_in_the_past() -> None:
    value = parse_date("16 Dec", reference=dt.date(2026, 1, 5))
    assert value is not None and value.iso == "2025-12-16"


def test_no_year_and_no_evidence_gives_nothing() -> None:
    assert parse_date("16 Jan") is None


def test_relative_date_needs_an_anchor() -> None:
    assert parse_date("Updated 2 hours ago") is None
    value = parse_date("Updated 2 days ago", reference=dt.date(2026, 1, 16))
    assert value is not None and value.iso == "2026-01-14"


def test_full_dates_found_in_slugs() -> None:
    found = full_dates("a-b-tuesday-jan-13-2026-c and 14th-jan-2026")
    assert dt.date(2026, 1, 13) in found and dt.date(2026, 1, 14) in found


def test_invalid_calendar_date_is_rejected() -> None:
    assert parse_date("31 February 2026") is None
