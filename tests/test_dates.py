"""Date strings from templates become ISO 8601 dates; a missing year is inferred, never invented."""

from __future__ import annotations

import datetime as dt

import pytest
import regex

from cleaner.metadata.date_forms import _calendar, dated_iso
from cleaner.metadata.date_times import MATCH_TIMEOUT_S, iso_stamp
from cleaner.metadata.dates import find_dates, full_dates, parse_date, pick_dates, text_dates


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("Nov. 19, 2019 8:03 am ET", "2019-11-19T08:03:00-05:00"),
        ("16 January 2026", "2026-01-16"),
        ("Tuesday 13 January 2026 10.45 GMT", "2026-01-13T10:45:00+00:00"),
        ("2019-11-20T06:35:39Z", "2019-11-20T06:35:39+00:00"),
        ("3rd of March 2024", "2024-03-03"),
        ("16/01/2026", "2026-01-16"),
        ("11/19/2019", "2019-11-19"),
        ("16 janvier 2026", "2026-01-16"),
        ("23.06.2016 um 16:14 Uhr", "2016-06-23T16:14:00"),
        ("5. März 2020", "2020-03-05"),
        ("3 de marzo de 2024, 10:15", "2024-03-03T10:15:00"),
        ("19 Febbraio 2020 alle ore 12:02", "2020-02-19T12:02:00"),
        ("5 mei 2021 om 14:03", "2021-05-05T14:03:00"),
        ("12 de março de 2021", "2021-03-12"),
        ("28 kwietnia 2021, 06:29", "2021-04-28T06:29:00"),
        ("16 marzec 2021", "2021-03-16"),
        ("July 4, 2019 5:00 PM ET", "2019-07-04T17:00:00-04:00"),
    ],
)
def test_printed_dates_parse_with_time_and_offset(raw: str, iso: str) -> None:
    value = parse_date(raw)
    assert value is not None and value.iso == iso and not value.year_inferred and value.raw == raw


@pytest.mark.parametrize(
    ("raw", "url", "language", "iso"),
    [
        ("04/05/2021", "https://news.example.com/a", "en", "2021-04-05"),
        ("04/05/2021", "https://www.example.co.uk/a", "en", "2021-05-04"),
        ("04/05/2021", None, "fr", "2021-05-04"),
        ("04.05.2021", None, "en", "2021-05-04"),
    ],
)
def test_numeric_order_follows_language_and_url_country(raw: str, url: str | None, language: str, iso: str) -> None:
    value = parse_date(raw, url=url, language=language)
    assert value is not None and value.iso == iso


def test_year_inferred_from_nearest_evidence() -> None:
    value = parse_date("16 Jan", evidence=[dt.date(2026, 1, 13), dt.date(2022, 2, 1)])
    assert value is not None and value.iso == "2026-01-16" and value.year_inferred and value.raw == "16 Jan"


def test_a_date_before_the_web_is_no_year_evidence() -> None:
    # A history in the article's prose does not date its undated dateline: the reference date does. A date in prose
    # from the web's years still does.
    lines = [
        "Wczoraj, 10 maja (11:03)",
        "Najdłuższy post w historii dobiegł końca po 382 dniach, 11 lipca 1966 roku. W trakcie jego trwania mężczyzna "
        "stracił 125 kilogramów, osiągając zamierzoną wagę.",
    ]
    assert text_dates(lines, language="pl")[0] is None
    published = text_dates(lines, language="pl", reference=dt.date(2021, 6, 1))[0]
    assert published is not None and published.iso.startswith("2021-05-10") and published.year_inferred
    recent = [lines[0], lines[1].replace("11 lipca 1966", "11 lipca 2019")]
    published = text_dates(recent, language="pl", reference=dt.date(2021, 6, 1))[0]
    assert published is not None and published.iso.startswith("2019-05-10")


@pytest.mark.parametrize(
    ("raw", "language", "evidence", "reference", "iso"),
    [
        # The evidence's nearest year (2010) puts 24 July on a Saturday; the printed Tuesday is 2012's.
        ("Tuesday July 24", "en", [dt.date(2010, 12, 5), dt.date(2012, 2, 19)], None, "2012-07-24"),
        # Read in 2026, 11 May was a Monday; the nearest earlier Tuesday 11 May is 2021's.
        ("Wtorek, 11 maja", "pl", [], dt.date(2026, 6, 1), "2021-05-11"),
        # No year after the reference: 24 July 2029 is a Tuesday too, but 2018 is the one before.
        ("Tuesday July 24", "en", [], dt.date(2026, 6, 1), "2018-07-24"),
        ("16 Jan", "en", [], dt.date(2026, 6, 1), "2026-01-16"),
        # A two-letter name is as often a word of the text: "So" is German Sunday, not here.
        ("So Sept 10th", "en", [dt.date(2011, 9, 1)], None, "2011-09-10"),
    ],
)
def test_a_printed_weekday_chooses_the_inferred_year(
    raw: str, language: str, evidence: list[dt.date], reference: dt.date | None, iso: str
) -> None:
    value = parse_date(raw, language=language, evidence=evidence, reference=reference)
    assert value is not None and value.iso == iso and value.year_inferred


def test_year_inferred_across_new_year() -> None:
    value = parse_date("30 Dec", evidence=[dt.date(2026, 1, 2)])
    assert value is not None and value.iso == "2025-12-30"


def test_year_from_reference_date_stays_in_the_past() -> None:
    value = parse_date("16 Dec", reference=dt.date(2026, 1, 5))
    assert value is not None and value.iso == "2025-12-16"


def test_no_year_and_no_evidence_gives_nothing() -> None:
    assert parse_date("16 Jan") is None


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2 days ago", "2026-01-14"),
        ("vor 2 Tagen", "2026-01-14"),
        ("il y a 3 jours", "2026-01-13"),
        ("hace 2 días", "2026-01-14"),
        ("3 months ago", "2025-10-16"),
        ("yesterday", "2026-01-15"),
        ("2 dni temu", "2026-01-14"),
        ("wczoraj", "2026-01-15"),
    ],
)
def test_relative_dates_resolve_against_the_reference(raw: str, iso: str) -> None:
    assert parse_date(raw) is None
    value = parse_date(raw, reference=dt.date(2026, 1, 16))
    assert value is not None and value.iso == iso and value.year_inferred


def test_full_dates_found_in_slugs_in_any_table_language() -> None:
    found = full_dates("a-b-tuesday-jan-13-2026-c and 14th-jan-2026, 5. März 2024")
    assert {dt.date(2026, 1, 13), dt.date(2026, 1, 14), dt.date(2024, 3, 5)} <= set(found)


def test_invalid_calendar_date_is_rejected() -> None:
    assert parse_date("31 February 2026") is None


def test_month_lengths_are_datetimes() -> None:
    """date_forms._calendar checks a day by the months' lengths: exactly the days `datetime.date` takes, leap years
    (2000, 2024) and centuries that are not (1900, 2100) included, and the years it holds."""
    for year in (dt.MINYEAR, 1900, 1999, 2000, 2023, 2024, 2100, dt.MAXYEAR, dt.MAXYEAR + 1, 0):
        for month in range(1, 13):
            for day in range(1, 32):
                try:
                    dt.date(year, month, day)
                    want = True
                except ValueError:
                    want = False
                assert (_calendar(year, month, day) is not None) == want, (year, month, day)


def test_a_dated_stamp_is_the_dates_isoformat() -> None:
    """dated_iso writes a day without a time from its numbers: the stamp iso_stamp gives the `datetime.date`, None where
    `datetime.date` refuses the day (month and day out of range, 29 February of a common year, years it does not hold),
    years of fewer than four digits and days with a time (and zone) included."""
    times: list[tuple[int, int, int, str | None] | None] = [None, (9, 5, 0, None), (23, 59, 7, "CET")]
    for year in (dt.MINYEAR, 999, 1000, 1900, 2000, 2023, 2024, 2100, dt.MAXYEAR, dt.MAXYEAR + 1, 0, -5):
        for month in range(-1, 15):
            for day in range(-1, 33):
                for time in times:
                    try:
                        want: str | None = iso_stamp(dt.date(year, month, day), time)
                    except ValueError:
                        want = None
                    assert dated_iso(year, month, day, time) == want, (year, month, day, time)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Veröffentlicht am 23.06.2016 um 16:14 Uhr", "published"),
        ("Aktualisiert am 17.01.2021", "modified"),
        ("Stand: 05. Februar 2020", "modified"),
        ("Publié le 16 janvier 2026 à 10h30", "published"),
        ("Mis à jour le 17 janvier 2026", "modified"),
        ("Actualizado el 3 de marzo de 2024", "modified"),
        ("Publicado el 2 de marzo de 2024", "published"),
        ("Pubblicato il 19 febbraio 2020", "published"),
        ("Aggiornato il 20 febbraio 2020", "modified"),
        ("Bijgewerkt op 5 mei 2021", "modified"),
        ("Atualizado em 12/03/2021 às 10h00", "modified"),
        ("Dodano: 30 kwietnia 2021, 11:55", "published"),
        ("Aktualizacja: 12 października 2020 r.", "modified"),
        ("Published: 3 March 2024", "published"),
        ("Last updated on Nov. 19, 2019 8:03 am ET", "modified"),
        ("LAST UPDATE | 16 Jan 2026", "modified"),
    ],
)
def test_labels_say_which_date_a_line_holds(line: str, kind: str) -> None:
    found = find_dates([line])
    assert [c.kind for c in found] == [kind]


def test_label_language_reads_an_ambiguous_numeric_date() -> None:
    (found,) = find_dates(["Atualizado em 12/03/2021"], language="en")
    assert found.value.iso == "2021-03-12"


def test_labelled_relative_date_needs_a_reference() -> None:
    assert find_dates(["Aktualisiert vor 2 Stunden"]) == []
    (found,) = find_dates(["Aktualisiert vor 2 Stunden"], reference=dt.date(2026, 1, 16))
    assert found.kind == "modified" and found.value.iso == "2026-01-16"


def test_date_in_prose_is_not_a_dateline() -> None:
    line = "On 16 January 2026 the talks between the two delegations resumed in Miami after a long pause."
    assert [(c.kind, c.dateline) for c in find_dates([line])] == [(None, False)]
    (short,) = find_dates(["Jane Doe | 16 January 2026"])
    assert short.dateline and short.kind is None


def test_disagreeing_datelines_prefer_the_url_day() -> None:
    lines = ["Wednesday, November 20, 2019", "Headline here", "November 18, 2019 10:15 am"]
    published, _ = pick_dates(find_dates(lines), url="https://x.example/2019/11/18/story", lines=lines)
    assert published is not None and (published.iso, published.source) == ("2019-11-18T10:15:00", "text")


def test_two_digit_year_after_a_month_name() -> None:
    got = parse_date("03.Mär.19", language="de")
    assert got is not None and got.iso == "2019-03-03" and not got.year_inferred


def test_url_date_is_the_last_resort_for_published() -> None:
    published, modified = text_dates(["No date printed here at all."], url="https://x.example/2017/03/31/story")
    assert published is not None and (published.iso, published.source) == ("2017-03-31", "url")
    assert modified is None


def test_url_date_is_evidence_for_a_missing_year() -> None:
    published, _ = text_dates(["Published: 30 Mar"], url="https://x.example/2017/03/31/story")
    assert published is not None and published.iso == "2017-03-30" and published.source == "text"


def test_regex_takes_the_match_arguments_the_dates_pass_by_position() -> None:
    """The date modules call `regex` as `rx.search|match(s, None, None, None, False, timeout)` and
    `rx.finditer(s, None, None, False, None, False, timeout)` (date_times.MATCH_TIMEOUT_S): each position means what
    the keyword did, the timeout included."""
    rx = regex.compile(r"(?i)(?P<h>\d{1,2})[:.h](?P<m>\d\d)")
    for s in ("10:45", "at 9.30 and 11h05", "x10:4", "", "Tue 10:48, 12:02"):
        assert [m.span() for m in rx.finditer(s, None, None, False, None, False, MATCH_TIMEOUT_S)] == [
            m.span() for m in rx.finditer(s, timeout=MATCH_TIMEOUT_S)
        ], s
        for name in ("search", "match"):
            by_keyword = getattr(rx, name)(s, timeout=MATCH_TIMEOUT_S)
            by_position = getattr(rx, name)(s, None, None, None, False, MATCH_TIMEOUT_S)
            assert (by_keyword and by_keyword.span()) == (by_position and by_position.span()), (name, s)
    slow = regex.compile(r"(a|aa)+(b|c)$")
    for call in (slow.search, slow.match):
        with pytest.raises(TimeoutError):
            call("a" * 40 + "!", None, None, None, False, 0.01)
    with pytest.raises(TimeoutError):
        list(slow.finditer("a" * 40 + "!", None, None, False, None, False, 0.01))
