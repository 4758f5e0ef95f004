"""The date search's kernels (`_metalines.MonthScan` and its gated_rows, `NamedForms`, `year_windows`, `time_gate`,
`numeric_gate`, `numeric_forms`, `time_matches`, `other_words`) give their pure twins' answers (issue 13).

date_forms._named_masks asks the kernel which tables' month gates match a line, and the gates themselves
(date_forms._gated_mask, the pure twin) when the kernel cannot tell; here the kernel's answer, wherever it gives
one, is compared with the twin's on generated lines, every code point and every dev corpus line. Like
tests/test_native_metadata.py, the kernel tests skip in the plain install; the checks of what the kernel relies on
(`regex`'s case-insensitive letters, \\p{L} and \\s) and of date_times' time gate run in both.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import ModuleType

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.metadata import date_forms, date_times
from cleaner.metadata.date_tables import language_tables
from tests.conftest import corpus_text_lines, require_kernel
from tests.test_native import PIECES, _interpreted

twins = _interpreted(date_forms)
MONTHS = sorted({name for table in language_tables().values() for name in table.months})
WEEKDAYS = sorted({day for table in language_tables().values() for day in table.weekdays})
# Month names in every case, the fillers the gate reads, the characters `regex` matches to a name's letter, letters
# outside the ranges the kernel reads, and what stands around dates.
DATE_PIECES = [
    *MONTHS[::3],
    *(name.upper() for name in MONTHS[1::5]),
    *(name.title() for name in MONTHS[2::4]),
    *("MÄRZ", "DÉC", "Août", "MARÇO", "\u0130", "\u212a", "\u017f", "ſept", "OKT", "juİ", "de ", "del\t", "of\xa0"),
    *("the\u3000", "dex", "of", "the", "THE ", "De ", "x", "é", "ß", "\u0307", "ж", "ー", "中", "\U0001d400", "\u2026"),
    *(" ", "  ", ".", ",", "-", "1", "16", "2026", "\x1c", "\x85", "\u2028", "\u2071", "\u02b0", "\u0370", "\ud800"),
    *WEEKDAYS[::4],
    *("3rd of ", "16. ", "Nov. 19, 2019", "19 ", " 2", "1st", "º", "\u0663", "Tue, "),
]
piece_line = st.lists(st.sampled_from([*DATE_PIECES, *PIECES]), max_size=24).map("".join)
any_line = st.text(alphabet=st.characters(exclude_categories=()), max_size=60)


@pytest.fixture(scope="module")
def scan() -> date_forms._MonthScan:
    require_kernel("cleaner.metadata._metalines")
    got = date_forms._month_scan()
    assert got is not None
    return got


def _agree(scan: date_forms._MonthScan, text: str) -> bool:
    """The kernel's gates on `text` are the twin's, or it gives none (then _named_masks asks the gates), and it leaves
    out no table whose day-first or month-first form matches: whether it answered."""
    got, want = scan.scan(text), twins._gated_mask(text)
    assert date_forms._named_masks(text)[0] == want, text
    if got is None:
        return False
    gates, day_first, month_first = got
    assert gates == want, text
    for code, bit in date_forms._table_bits().items():
        if gates & bit:
            patterns = date_forms.forms_of(code).patterns
            assert day_first & bit or patterns[1].search(text) is None, (text, code)
            assert month_first & bit or patterns[2].search(text) is None, (text, code)
    return True


@settings(max_examples=1500, deadline=None)
@given(st.one_of(piece_line, any_line))
def test_the_scan_is_the_gates_on_generated_lines(scan: date_forms._MonthScan, text: str) -> None:
    _agree(scan, text)


def test_edge_cases(scan: date_forms._MonthScan) -> None:
    """A name at the line's ends, followed by each filler and what follows it, in other cases, and behind letters."""
    lines = ["", "jan", "Jan.", "janx", "january", "mayo", "may of", "may ofx", "May of\u3000", "mayof ", "mayde\u2028"]
    lines += [
        "maythe ",
        "maythe",
        "maydel ",
        "MAYDEL\x1c",
        "dismay 3",
        "MÄRZ",
        "MA\u0308RZ",
        "JU\u0130",
        "ſept",
        "\u212a",
    ]
    lines += ["okt\u2071", "okt\u02b0", "okt\u00e9", "Jan\u0370", "Jan\u4e2d", "jan\ud800", "x" * 300 + "dec"]
    left = [line for line in lines if not _agree(scan, line)]
    assert left == ["okt\u2071", "Jan\u0370", "Jan\u4e2d", "jan\ud800"]  # a name before a letter it cannot tell


def test_code_points_after_a_name(scan: date_forms._MonthScan) -> None:
    """Code points after a month name, after a filler word and inside a name: every one below U+3100 (the ranges the
    kernel reads letters in, and the spaces), the case map's, every space, and one in 61 of the others."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if c < 0x3100 or c % 61 == 0 or chr(c).isspace()]
    for c in [*chars, *date_forms._month_cases(MONTHS)]:
        for text in (f"jan{c}", f"Mayof{c}x", f"j{c}n 3"):
            _agree(scan, text)


@pytest.mark.corpus
def test_every_dev_corpus_line(scan: date_forms._MonthScan) -> None:
    # The lines with a digit: date_forms._found asks only those.
    lines = [line for text in corpus_text_lines() for line in text if line and date_times.ANY_DIGIT.search(line)]
    answered = sum(_agree(scan, line) for line in lines)
    assert answered > 0.99 * len(lines)  # the gates are asked of few lines


def _gated_rows_agree(scan: date_forms._MonthScan, lines: Sequence[str | None]) -> None:
    """The kernel's gated_rows keeps the rows the twin keeps (date_forms._reads_a_form asked of each row), every row
    asked and every other row."""
    for rows in (range(len(lines)), range(0, len(lines), 2)):
        got = scan.gated_rows(lines, rows, date_forms._NUMERIC_GATE, twins._gated_mask)
        assert got == twins._gated_rows(lines, rows), lines
        assert date_forms.gated_rows(lines, rows) == got, lines


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(piece_line, any_line, st.none()), max_size=6))
def test_the_gated_rows_on_generated_lines(scan: date_forms._MonthScan, lines: list[str | None]) -> None:
    _gated_rows_agree(scan, lines)


def test_the_gated_rows_where_the_scan_cannot_tell(scan: date_forms._MonthScan) -> None:
    """A name before a letter the scan cannot tell (it asks `unsure`, the gates), beyond the BMP (the numeric gate's
    regex), and the numeric gate alone."""
    lines: list[str | None] = [
        "okt\u2071 3",
        "Jan\u0370 3",
        "Jan\u4e2d",
        "jan\ud800",
        "\U0001d400 3.4.",
        "\U0001d400 3",
    ]
    lines += [None, "3.4.", "3.4", "Mai 3", "main 3", "\u0663.\u0663.", "MÄRZ 3", "x" * 600 + " dec 3", "xdec 3"]
    _gated_rows_agree(scan, lines)
    # "xdec 3" passes the month gate, but neither named form can start at "dec": _found would read no form.
    assert scan.gated_rows(lines, range(len(lines)), date_forms._NUMERIC_GATE, lambda line: 0) == [4, 7, 9, 11, 12, 13]


@pytest.mark.corpus
def test_the_gated_rows_on_every_dev_corpus_line(scan: date_forms._MonthScan) -> None:
    # The lines with a digit: find_dates asks gated_rows only of those.
    lines = [line for text in corpus_text_lines() for line in text if line and date_times.ANY_DIGIT.search(line)]
    _gated_rows_agree(scan, lines)


def test_the_case_map_is_regex_case_folding() -> None:
    """What the kernel reads as a name's letter is exactly what `regex` matches to it under (?i), on every code point:
    ASCII letters lower-cased, and date_forms._month_cases for the others."""
    names = [*MONTHS, *WEEKDAYS, *date_forms._ORDINAL_WORDS]  # NamedForms' case map reads weekdays and ordinals too
    cases = date_forms._month_cases(names)
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for ch in sorted({c for name in names for c in name} | set("delofth")):
        want = set(regex.findall(f"(?i){regex.escape(ch)}", every))
        got = {c for c in every if (c.lower() if c.isascii() else cases.get(c, c)) == ch}
        assert got == want, ch


def test_letters_and_spaces_are_regex_s() -> None:
    """The kernel asks str.isalpha for `regex`'s \\p{L} below U+0370 and in U+2000-U+206F, and str.isspace (less the
    ASCII separators 0x1c-0x1f) for its \\s: they agree there."""
    letter, space = regex.compile(r"\p{L}"), regex.compile(r"\s")
    for c in map(chr, (*range(0x370), *range(0x2000, 0x2070))):
        assert c.isalpha() == bool(letter.match(c)), hex(ord(c))
    for c in map(chr, range(sys.maxunicode + 1)):
        assert (c.isspace() and not "\x1c" <= c <= "\x1f") == bool(space.match(c)), hex(ord(c))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["1", "12", "9", ":", ".", "h", "H", "05", "59", "6", " ", "am", "\u0663", "x"])))
def test_every_time_holds_the_time_gate(pieces: list[str]) -> None:
    """time_near skips a window without date_times._TIME_GATE: every TIME match holds it."""
    text = "".join(pieces)
    if date_times.TIME.search(text) is not None:
        assert date_times._TIME_GATE.search(text) is not None, text


@pytest.fixture(scope="module")
def metalines() -> ModuleType:
    return require_kernel("cleaner.metadata._metalines")


# Years, the digits around them (ASCII, Arabic-Indic, and one beyond the BMP that `regex` knows and CPython 3.11's
# tables do not), dashes, and the separators and letters of a time.
YEAR_PIECES = [
    "19",
    "20",
    "2026",
    "1999",
    "0",
    "7",
    "-",
    " ",
    "\u0663",
    "\U00010d40",
    "x",
    ":",
    "h",
    "H",
    ".",
    "05",
    "é",
]
digit_line = st.lists(st.sampled_from([*YEAR_PIECES, *DATE_PIECES[::3]]), max_size=30).map("".join)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(digit_line, any_line), st.integers(0, 50), st.integers(0, 20))
def test_the_year_windows_on_generated_text(metalines: ModuleType, text: str, before: int, after: int) -> None:
    assert metalines.year_windows(text, before, after) == twins._year_windows(text, before, after), text


@settings(max_examples=2000, deadline=None)
@given(st.one_of(digit_line, any_line), st.integers(-3, 40), st.integers(-3, 40))
def test_the_time_gate_on_generated_text(metalines: ModuleType, text: str, lo: int, hi: int) -> None:
    gate = date_times._TIME_GATE
    assert metalines.time_gate(text, lo, hi, gate) == date_times._time_gate(text, lo, hi, gate), (text, lo, hi)


@pytest.mark.parametrize(("lo", "hi"), [(0, -1), (-3, 40), (-9, 7), (0, -9), (-5, -1), (3, -2)])
def test_the_time_gate_reads_negative_bounds_as_regex_does(metalines: ModuleType, lo: int, hi: int) -> None:
    # `regex` reads pos and endpos as a slice's bounds; hypothesis found the kernel clamping them to 0 instead.
    gate = date_times._TIME_GATE
    assert metalines.time_gate("19:1919", lo, hi, gate) == date_times._time_gate("19:1919", lo, hi, gate)


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        digit_line, any_line, st.lists(st.sampled_from(["1", "23", "-", "/", ".", " ", "\xa0", "\x1c"])).map("".join)
    )
)
def test_the_numeric_gate_on_generated_text(metalines: ModuleType, text: str) -> None:
    gate = date_forms._NUMERIC_GATE
    assert metalines.numeric_gate(text, gate) == twins._numeric_gate(text, gate), text


def _numeric_forms_agree(metalines: ModuleType, text: str) -> bool:
    """The kernel's numeric_forms reads the ISO and numeric forms' matches and groups as their regexes do
    (date_forms._numeric_spans), and leaves exactly the texts beyond the BMP to them."""
    got = metalines.numeric_forms(text)
    if got is None:
        return any(c > "\uffff" for c in text)
    return got == twins._numeric_spans(text) and all(c <= "\uffff" for c in text)


# The ISO and numeric forms' pieces: years, months and days of one and two digits, the separators, a time with its
# seconds, fraction and zone, and what may stand before and after a date.
NUMERIC_PIECES = [
    *("2019", "1999", "2100", "20", "19", "1", "0", "3", "4", "12", "31", "06", "-", "/", ".", " ", "T", "\xa0"),
    *("10:45", ":30", ":3", ".123", ".", "Z", "+05:30", "+0530", "-05", "+05:3", ":", "\u0663", "\x1c", "a"),
    *("2026-01-16", "23.06.2016", "19-11-19", "1. 3. 2020", "11/19/2019", "2019-11-20T06:35:39.5+01:00", "\u2028"),
]


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(NUMERIC_PIECES), max_size=14).map("".join), digit_line, any_line))
def test_the_numeric_forms_on_generated_text(metalines: ModuleType, text: str) -> None:
    assert _numeric_forms_agree(metalines, text), text


def test_the_windows_and_gates_around_every_code_point(metalines: ModuleType) -> None:
    """Each code point of the BMP and one in 61 beyond (with the digits at U+10D40 that `regex` knows and CPython 3.11
    does not) as the neighbour or a digit of a year, a time, a numeric date or an ISO one: `re`'s \\d is str.isdecimal,
    and so is `regex`'s in the BMP (past it the kernel asks `regex`)."""
    gate, numeric = date_times._TIME_GATE, date_forms._NUMERIC_GATE
    years, times, dates = (
        ("{}2026", "2026{}", "20{}6", "1{}99-"),
        ("9{}45", "9:{}5", "9:4{}", "{}h05"),
        ("3.{}4.", "3/ {}."),
    )
    # The ISO and numeric forms, the code point in each of their places.
    forms = ("{}2019-1-20", "20{}9-11-2 ", "2019{}1{}20{}10:45{}30{}5{}", "2019-11-20T10:45:30.1{}05:30", "x{}3.06.1{}")
    forms += ("1{}/3{}/{}19", "3.{}06.{}2016{}")
    codes = [*range(0x10000), *range(0x10000, sys.maxunicode + 1, 61), *range(0x10D40, 0x10D4A)]
    for c in map(chr, codes):
        for text in (t.replace("{}", c) for t in years):
            assert metalines.year_windows(text, 3, 2) == twins._year_windows(text, 3, 2), hex(ord(c))
        for text in (t.replace("{}", c) for t in times):
            assert metalines.time_gate(text, 0, 9, gate) == date_times._time_gate(text, 0, 9, gate), hex(ord(c))
        for text in (t.replace("{}", c) for t in dates):
            assert metalines.numeric_gate(text, numeric) == twins._numeric_gate(text, numeric), hex(ord(c))
        for text in (t.replace("{}", c) for t in forms):
            assert _numeric_forms_agree(metalines, text), hex(ord(c))


@pytest.mark.corpus
def test_the_windows_and_gates_on_the_dev_corpus(metalines: ModuleType) -> None:
    gate = date_times._TIME_GATE
    for lines in corpus_text_lines():
        text = "\n".join(line for line in lines if line)
        windows = metalines.year_windows(text, date_forms.DATE_WINDOW_CHARS, date_forms.YEAR_WINDOW_AFTER)
        assert windows == twins._year_windows(text, date_forms.DATE_WINDOW_CHARS, date_forms.YEAR_WINDOW_AFTER)
        for window in windows:
            for lo, hi in ((0, len(window)), (len(window) // 2, len(window) + 5)):
                assert metalines.time_gate(window, lo, hi, gate) == date_times._time_gate(window, lo, hi, gate)
        for line in (*lines, *windows):
            if line:
                numeric = date_forms._NUMERIC_GATE
                assert metalines.numeric_gate(line, numeric) == twins._numeric_gate(line, numeric), line
                assert _numeric_forms_agree(metalines, line), line


@pytest.mark.corpus
def test_the_dates_found_on_dev_corpus_lines(scan: date_forms._MonthScan, monkeypatch: pytest.MonkeyPatch) -> None:
    """date_forms._found reads the same dates with the kernel's scan and reader as with the gates and regexes alone (the
    pure build's way),
    (the kernel's masks are the same in every language's order: English's stands for all)."""
    lines = list(
        dict.fromkeys(
            line for text in corpus_text_lines() for line in text if line and date_times.ANY_DIGIT.search(line)
        )
    )
    found = date_forms._found.__wrapped__  # type: ignore[attr-defined]
    with_kernel = [_fields(found(line, "en", None)) for line in lines]
    # The interpreted module with no kernel at all: the gates, the named forms' and the numeric forms' regexes.
    monkeypatch.setattr(twins, "_native", None)
    monkeypatch.setattr(twins, "numeric_gate", twins._numeric_gate)
    monkeypatch.setattr(twins, "_month_scan", lambda: None)
    monkeypatch.setattr(twins, "_named_reader", lambda code: None)
    assert [_fields(twins._found.__wrapped__(line, "en", None)) for line in lines] == with_kernel


def _fields(found: tuple[date_forms._Found, ...]) -> list[tuple[object, ...]]:
    """The dates _found read, as a list of its readings (plain values, the same in either module)."""
    return [tuple(d) for d in found]


def test_what_stands_between_day_and_month(scan: date_forms._MonthScan) -> None:
    """The day-first mask reads a name only with a day just before it (_day_may_end_before): every gap the day-first
    form allows, in either case, and names followed by a filler, a year or a letter that ends the date's word."""
    gaps = [
        "",
        " ",
        "  ",
        "\t",
        ".",
        ". ",
        "st ",
        "ND ",
        "rd",
        "th of ",
        "e ",
        "er ",
        "º ",
        "° ",
        "ª",
        "\xa0",
        " de ",
        " del ",
        " OF ",
        " the ",
    ]
    days = ["3", "16", "\u0663", "x", "", "a", " 3"]
    tails = [
        "",
        " 2026",
        ", 2026",
        "2026",
        " de 2026",
        "of 2026",
        "the 2026",
        ".19",
        "x",
        "z",
        "d",
        "o",
        "t",
        ".",
        "é",
        "T",
    ]
    for day in days:
        for gap in gaps:
            for name in ("may", "Mai", "MÄRZ", "janvier", "dec"):
                for tail in tails:
                    _agree(scan, f"{day}{gap}{name}{tail}")
                    _agree(scan, f"Mo. {day}{gap}{name}{tail} 12")


# The day-first and month-first forms' pieces: weekdays, days, ordinals, fillers, month names, years, the two-digit
# year after "Mär." and what may end a date.
NAMED_PIECES = [
    *("Tue, ", "Mo. ", "mié ", "segunda-feira ", "SAB.", "lun", "mar ", "Thurs", "3", "16", "31", "40", "0", "1"),
    *("st", "ND", "er ", "E", "e", "º", "°", "ª", ".", ",", ", ", " ", "  ", "\xa0", "\u2009", "de ", "del ", "of "),
    *("the ", "Of\t", "March", "mar", "Mär.", "märz", "Sept.", "janv", "janvier", "set", "okt", "\u212a", "ſept"),
    *("2026", "1999", "2100", "19", "20", "03.", "x", ":", "-", "/", "é", "\u0663", "ж", "►", "’"),
]
named_line = st.lists(st.sampled_from([*NAMED_PIECES, *DATE_PIECES]), max_size=16).map("".join)


def _read_agrees(text: str) -> bool:
    """The kernel's NamedForms reads every table's day-first and month-first matches in `text` as the regexes do, or
    gives none (then date_forms._found asks the regexes): whether it answered."""
    answered = True
    for code in language_tables():
        reader = date_forms._named_reader(code)
        assert reader is not None
        patterns = date_forms.forms_of(code).patterns
        for form in date_forms._NAMED_FORMS:
            day_first = form == date_forms._DAY_FIRST_FORM
            got = reader.read(text, day_first)
            if got is None:
                answered = False
                continue
            assert got == twins._named_spans(patterns[form], text, day_first), (text, code, form)
    return answered


@pytest.fixture(scope="module")
def named() -> None:
    require_kernel("cleaner.metadata._metalines")


@settings(max_examples=3000, deadline=None)
@given(st.one_of(named_line, piece_line, any_line))
def test_the_named_forms_on_generated_lines(named: None, text: str) -> None:
    _read_agrees(text)


def test_the_named_forms_around_every_code_point(named: None) -> None:
    """Every code point the reader knows (_known) and one in 61 of the others, in each place of a date's shape."""
    chars = [chr(c) for c in range(0x2C00) if c % 7 == 0 or c < 0x370 or chr(c).isspace()]
    chars += [chr(c) for c in range(0x2C00, sys.maxunicode + 1, 61)]
    chars += list(date_forms._month_cases(MONTHS + WEEKDAYS))
    templates = ["16{}Jan 2020", "Jan{}16, 2019", "{}3 mars", "3. Mär.{}19", "Tue{} 3 May", "3rd{}of May{}2026"]
    templates += ["May 3{}", "1{}. Mai", "mar{} 5", "5 MAR{}", "Mo{}, 3 Mai 2020"]
    for c in chars:
        known = _known(c)
        for template in templates:
            assert _read_agrees(template.replace("{}", c)) == known, hex(ord(c))  # it reads every line it can


@pytest.mark.corpus
def test_the_named_forms_on_every_dev_corpus_line(named: None) -> None:
    # The lines with a digit and a table's month gate: date_forms._found reads the named forms of those only.
    lines = {line for text in corpus_text_lines() for line in text if line and date_times.ANY_DIGIT.search(line)}
    lines = {line for line in lines if date_forms._named_masks(line)[0]}
    answered = sum(_read_agrees(line) for line in sorted(lines))
    assert answered > 0.95 * len(lines)


def _known(c: str) -> bool:
    """_metalines._known: the code points whose classes under (?i) the named-date reader reads itself."""
    return (ord(c) < 0x370 and c != "\u0345") or 0x2000 <= ord(c) < 0x2070 or 0x20A0 <= ord(c) < 0x2C00


def test_the_named_readers_letters_digits_and_spaces() -> None:
    """Where the reader knows `regex`'s classes (_known), under (?i) as the forms read them, [\\p{L}\\d] is
    str.isalpha or an ASCII digit and \\s is str.isspace less the ASCII separators 0x1c-0x1f; U+0345, left out, is
    why it must be asked under (?i)."""
    letter_or_digit, space = regex.compile(r"(?i)[\p{L}\d]"), regex.compile(r"(?i)\s")
    for c in map(chr, (*range(0x370), *range(0x2000, 0x2070), *range(0x20A0, 0x2C00))):
        if _known(c):
            assert (c.isalpha() or "0" <= c <= "9") == bool(letter_or_digit.match(c)), hex(ord(c))
            assert (c.isspace() and not "\x1c" <= c <= "\x1f") == bool(space.match(c)), hex(ord(c))
    assert not "\u0345".isalpha() and letter_or_digit.match("\u0345")


def _times_agree(metalines: ModuleType, text: str) -> bool:
    """The kernel's time_matches reads TIME's matches and groups as the regex does (date_times._time_spans), or gives
    none (then date_times.time_matches asks the regex): whether it answered."""
    got = metalines.time_matches(text)
    if got is None:
        return False
    assert got == date_times._time_spans(text), text
    return True


# TIME's pieces: hours, separators, minutes and seconds, the am/pm and unit spellings in both cases (the long s that
# `regex` reads as "s"), zones in and out of parentheses, offsets, and what may follow a zone.
TIME_PIECES = [
    *("1", "12", "9", "23", "0", ":", ".", "h", "H", "05", "59", "6", " ", "  ", "\xa0", "\u2028", "\t"),
    *("am", "a.m.", "p. m", "PM", "pm.", "A", "m", "Uhr", "HRS", "hr", "hrſ", "horas", "ore", "uur", "uhr ", "(", ")"),
    *("ET", "EST", "GMT", "ABCDE", "Z", "+05:30", "-0530", "+05:3", "x", "é", "\u0663", "ж", "中", "\U00010d40", ","),
]
time_line = st.lists(st.sampled_from(TIME_PIECES), max_size=14).map("".join)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(time_line, digit_line, any_line))
def test_the_times_on_generated_text(metalines: ModuleType, text: str) -> None:
    _times_agree(metalines, text)


def test_the_times_around_every_code_point(metalines: ModuleType) -> None:
    """Each code point of the BMP in each place of a time's shape: the kernel reads TIME as the regex does wherever it
    answers, and answers unless the code point stands where a zone asks (?![\\p{L}]) and is outside _known's letters
    (or beyond the BMP)."""
    templates = ("{}10:45", "1{}:45", "10{}45", "10:4{}", "10:45:3{}", "10:45 {}m", "10:45 a{}m", "10:45 hr{}")
    templates += ("10:45 {}hr", "9.30 p.m.{}x", "10:45{}")
    zoned = ("10:45 ET{}", "10:45 (EST{}", "10:45+05:30{}", "10:45 A{}")
    for c in map(chr, range(0x10000)):
        if "\ud800" <= c <= "\udfff":
            continue
        for template in templates:
            assert _times_agree(metalines, template.replace("{}", c)), hex(ord(c))
        letters_known = (ord(c) < 0x370 and c != "\u0345") or 0x2000 <= ord(c) < 0x2070 or c.isascii()
        for template in zoned:
            assert _times_agree(metalines, template.replace("{}", c)) or not letters_known, hex(ord(c))
    assert not _times_agree(metalines, "10:45 \U00010d40")


def test_the_long_s_is_the_only_letter_beyond_ascii_in_time() -> None:
    """The kernel's time_matches reads TIME's case-insensitive letters as ASCII lower-cased, and "ſ" as "s": no other
    code point matches one of them under (?i)."""
    every = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for letter in "apmuhrsoe":
        assert regex.findall(f"(?i){letter}", every) == (["\u017f"] if letter == "s" else []), letter


@pytest.mark.corpus
def test_the_times_on_every_dev_corpus_line(metalines: ModuleType) -> None:
    lines = {line for text in corpus_text_lines() for line in text if line and date_times.ANY_DIGIT.search(line)}
    answered = sum(_times_agree(metalines, line) for line in sorted(lines))
    assert answered > 0.95 * len(lines)


def test_time_near_reads_the_times_with_the_kernel_as_with_the_regex(
    metalines: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """time_near and the words a dateline leaves (dates._rest_words) are the same read through the kernel's rows as
    through the regex's."""
    from cleaner.metadata import dates

    cases = [
        ("Nov. 19, 2019 8:03 am ET", 0, 13),
        ("10:48, Tue, Nov 19, 2019", 12, 24),
        ("23.06.2016 um 16:14 Uhr", 0, 10),
        ("5:45 AM PST 11/19/2019", 12, 22),
        ("Published 3 May 2020 at 10.30 (CEST) | Updated 4 May 2020 09:05:12 +02:00", 10, 20),
        ("3 May 2020 at 10.30 (CESTX) 25:70", 0, 10),
    ]
    with_kernel = [(date_times.time_near(t, s, e), dates._rest_words(t, [(s, e)])) for t, s, e in cases]
    monkeypatch.setattr(date_times, "_native", None)
    assert with_kernel == [(date_times.time_near(t, s, e), dates._rest_words(t, [(s, e)])) for t, s, e in cases]
    assert with_kernel[0][0] == (8, 3, 0, "ET") and with_kernel[2][0] == (16, 14, 0, None)


def _rest_agree(
    metalines: ModuleType, line: str, spans: list[tuple[int, int]], codes: Sequence[str] | None = None
) -> bool:
    """The kernel's other_words counts the words a line leaves outside its dates, its times and a table's dateline words
    as the regexes do (dates._words_besides of dates._rest_words), for each table of `codes` (every table by default),
    or gives none (then dates._other_words asks the regexes): whether it answered."""
    from cleaner.metadata import dates

    answered = True
    for code in sorted(language_tables()) if codes is None else codes:
        want = dates._words_besides(dates._rest_words(line, spans), code)
        assert dates._other_words(line, spans, code) == want, (line, spans, code)
        got = metalines.other_words(line, spans, dates._skip_words(code))
        if got is None:
            answered = False
            continue
        assert got == want, (line, spans, code)
    return answered


# What stands around a dateline's words: the word characters (`'’@._-`), times, letters and digits outside ASCII and
# outside the ranges the kernel reads.
REST_PIECES = [
    *("'", "’", "@", ".", "_", "-", "By", "Chris", "O'Neil", "@Dawgs", "a.m.", "x_y", "co-op", "ET", "²", "½", "Ⅻ"),
    *("10:45", "8:03 am ET", "16:14 Uhr", "10h30", " ", "\xa0", "|", "•", ",", "é", "ß", "ж", "中", "\u0345", "\u0663"),
    *("Mon", "MONDAY", "montag", "Lundi", "PST", "CEST", "Updated", "VON", "ΟΔΟΣ", "Σ", "ΜΆΡΤΙΟΣ", "İ", "ı", "K"),
]
rest_line = st.lists(st.sampled_from([*REST_PIECES, *TIME_PIECES[::2], *DATE_PIECES[::4]]), max_size=20).map("".join)


@st.composite
def _line_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A line and up to three ordered, disjoint spans in it (as _found's matches are)."""
    line = draw(st.one_of(rest_line, any_line))
    cuts = sorted(draw(st.lists(st.integers(0, len(line)), max_size=6, unique=True)))
    return line, [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts) - 1, 2)]


@settings(max_examples=3000, deadline=None)
@given(_line_and_spans())
def test_the_other_words_on_generated_lines(metalines: ModuleType, case: tuple[str, list[tuple[int, int]]]) -> None:
    _rest_agree(metalines, *case)


def test_the_other_words_around_every_code_point(metalines: ModuleType) -> None:
    """Each code point of the BMP as a word's first, middle and last character and between words, next to a date and
    a time: the kernel answers as the regexes wherever it answers, and answers on every code point _known holds."""
    templates = ("{}a 10:45", "a{}b 3 May", "ab{} x", "x {} y", "By X{}Y 10:45{}", "{}")
    for c in map(chr, range(0x10000)):
        if "\ud800" <= c <= "\udfff":
            continue
        for template in templates:
            line = "3 May 2020 " + template.replace("{}", c)
            assert _rest_agree(metalines, line, [(0, 10)], ("en",)) or not _known(c), hex(ord(c))
    assert not _rest_agree(metalines, "3 May 2020 \U0001d400", [(0, 10)])


@pytest.mark.corpus
def test_the_other_words_on_every_dev_corpus_dateline(metalines: ModuleType) -> None:
    """Every short dev corpus line with a date, its dates' spans as the date search finds them."""
    from cleaner.metadata import dates

    lines = {line for text in corpus_text_lines() for line in text if line and len(line.split()) <= 18}
    answered = total = 0
    for line in sorted(lines):
        matches = date_forms.found_in_country(line, None, None)
        if matches:
            total += 1
            answered += _rest_agree(metalines, line, [(m.start, m.end) for m in matches])
    assert total > 1000 and answered > 0.9 * total
    assert dates.DATELINE_MAX_WORDS == 18
