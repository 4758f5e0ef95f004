"""The gates in front of the date forms skip only lines that no form can match (records unchanged)."""

from __future__ import annotations

import itertools

import regex

from cleaner.metadata import date_forms as F
from cleaner.metadata import dates as D

SAMPLES = [
    "5 Mayof 2019",
    "16 de enero de 2026",
    "Nov. 19, 2019",
    "1stJanuary 2020",
    "Published 2019-11-20T06:35:39Z",
    "23.06.2016 | 11/19/2019 | 19-11-19",
    "Monday, 3rd of March",
    "16. Januar 2026, 12:30 Uhr",
    "JAN 16",
    "the mayor said 12",
    "market up 3.5%",
    "23. 06. 2016 at 10.30",
    "2019/1/5",
]


def _lines() -> list[str]:
    """The samples plus every table's month names before and after a day number."""
    out = list(SAMPLES)
    for table in D.language_tables().values():
        for name in itertools.islice(table.months, 0, None, 3):
            out += [f"7 {name} 2021", f"{name} 7", f"{name.upper()}.7", f"x{name}y 7"]
    return out


def test_no_gate_rejects_a_line_some_form_matches() -> None:
    for line in _lines():
        for code in D.language_tables():
            forms = F.forms_of(code)
            for n, pattern in enumerate(forms.patterns):
                if pattern.search(line) is None:
                    continue
                assert F.ANY_DIGIT.search(line), (line, code, n)
                gate = F._month_gate(code) if n in F._NAMED_FORMS else F._NUMERIC_GATE
                assert gate.search(line), (line, code, n)
                assert n not in F._NAMED_FORMS or code in F._named_tables(line), (line, code, n)


def test_label_gate_agrees_with_the_tables() -> None:
    tables = D.tables_for("en")
    for table in tables:
        for label in (*table.published, *table.modified):
            line = f"{label}: 16 Jan"
            assert D._label_language(line, tables) is not None, line
    assert D._label_language("The council met on Tuesday.", tables) is None


def test_fold_case_keeps_every_case_insensitive_match_of_a_table_word() -> None:
    """The literal gates (labels, month names) hold only if each letter (?i) matches folds like the table's."""
    words = [w for t in D.language_tables().values() for w in (*t.published, *t.modified, *t.byline, *t.months)]
    letters = {c for w in words for c in w}
    cased = [
        chr(i)
        for i in range(0x30000)
        if not 0xD800 <= i < 0xE000 and (chr(i).lower() != chr(i) or chr(i).upper() != chr(i))
    ]
    for letter in letters:
        pattern = regex.compile("(?i)" + regex.escape(letter))
        for c in cased:
            if pattern.fullmatch(c):
                assert D.fold_case(c) == D.fold_case(letter), (letter, c)


def test_a_label_in_capitals_still_sets_the_line_language() -> None:
    """find_dates looks for labels as case-folded literals first: "ATUALIZADO EM" must pass that gate
    and read 12/03/2021 day first in an English text, as "Atualizado em" does."""
    day_first = 0
    for table in D.language_tables().values():
        for label in (*table.published, *table.modified):
            (as_printed,) = D.find_dates([f"{label} 12/03/2021"], language="en")
            (capitals,) = D.find_dates([f"{label.upper()} 12/03/2021"], language="en")
            assert capitals.value == as_printed.value, label
            day_first += as_printed.value.iso.startswith("2021-03-12")
    assert day_first  # some table reads day first, so a missed label would have shown


def test_a_remembered_string_reads_as_a_fresh_one() -> None:
    """find_in remembers its answer per string: the same dates per language and URL country, and a
    caller's change to the returned list does not leak into the next answer."""
    line = "Updated 05/06/2019 10:45 ET"
    F._found.cache_clear()
    first = F.find_in(line, language="en", url="https://example.co.uk/a")
    first.clear()
    again = F.find_in(line, language="en", url="https://example.co.uk/a")
    assert [(d.day, d.month) for d in again] == [(5, 6)]  # day first on a .uk page
    assert [(d.day, d.month) for d in F.find_in(line, language="en", url="https://example.com/a")] == [(6, 5)]
    assert F._found.cache_info().hits == 1


def test_the_day_first_forms_leading_lookahead_changes_no_match() -> None:
    """The day-first form starts with a lookahead of what it can start with (a weekday's first letter, a
    digit); without it the form finds the same dates, weekday or not, in any case."""
    for code, table in D.language_tables().items():
        fast = F.forms_of(code).patterns[1]
        plain = regex.compile(regex.sub(r"^\(\?i\)\(\?=\[[^\]]*\]\)", "(?i)", fast.pattern))
        assert plain.pattern != fast.pattern
        month = next(iter(table.months))
        lines = [*_lines(), *(f"{w}, 3 {month} 2021" for w in table.weekdays), f"xx {month.upper()} 3 — 12 {month}"]
        lines += [f"{w.upper()} 12 {month}" for w in table.weekdays]
        for line in lines:
            got = [(m.span(), m.groupdict()) for m in fast.finditer(line)]
            assert got == [(m.span(), m.groupdict()) for m in plain.finditer(line)], (code, line)


def test_a_time_needs_a_digit_so_a_window_without_one_skips_the_scan() -> None:
    """time_near scans a window only when it holds a digit: TIME's hour is one, so the skip loses no time.
    The time forms around a date, with every digit taken out, match nowhere; with them, they do."""
    from cleaner.metadata.date_times import TIME, time_near

    windows = ["at 10:30 am", "um 16:14 Uhr", "alle ore 12.02", "6:38 AM ET", "10h45 (UTC+02:00)", "14:00 +0100"]
    for window in windows:
        assert TIME.search(window) is not None, window
        assert TIME.search(regex.sub(r"\d", "", window)) is None, window
    text = "Nov 19, 2019 at 10:30 am"
    assert time_near(text, 0, 12) == (10, 30, 0, None)
    assert time_near("Nov 19, 2019 at noon", 0, 12) is None


def test_a_row_date_rows_leaves_out_holds_no_date() -> None:
    """find_dates asks find_in only of the rows metalines.date_rows keeps: a row it leaves out has no date in any
    language's tables (the samples, the month lines, and each with punctuation and characters outside ASCII)."""
    from cleaner.metadata.metalines import _date_rows, date_rows

    prefixes = F._month_prefixes()[0]
    lines = [
        f"{a}{line}{b}" for line in _lines() for a, b in [("", ""), ("© ", " –"), ("“", "”"), ("i\u0307", "\u0307")]
    ]
    lines += ["Ma\u0307y 7", "ma\u0307r 7", "1.\xa02.", "1.\x1c2.", "1-\u0663/", "\U0001f600 3", "© 2019 – 10:45", "12"]
    for rows in (_date_rows, date_rows):
        kept = set(rows(lines, range(len(lines)), prefixes))
        for k, line in enumerate(lines):
            if k in kept:
                continue
            for code in D.language_tables():
                assert F.find_in(line, language=code) == [], (line, code)
    assert date_rows(lines, range(len(lines)), prefixes) == _date_rows(lines, range(len(lines)), prefixes)


def test_a_row_gated_rows_leaves_out_holds_no_date() -> None:
    """find_dates reads only the rows date_forms.gated_rows keeps (those _found reads a form on): a row it leaves out
    has no date in any language's tables (the samples and the month lines, with punctuation, characters
    outside ASCII, a time and a price around them; a missing line is left out)."""
    lines: list[str | None] = [
        f"{a}{line}{b}" for line in _lines() for a, b in [("", ""), ("© ", " – 10:45"), ("“", "” €3.50"), ("Ä ", " ü")]
    ]
    lines += [
        "Ma\u0307y 7",
        "1.\xa02.",
        "1.\x1c2.",
        "1-\u0663/",
        "\U0001f600 3.4.",
        "© 2019 – 10:45",
        "12",
        "okt\u2071 3",
    ]
    lines += ["Fläche 12", "Jän\u2071 3", "xdec 3", "Mai 3", None]
    rows = range(len(lines))
    for gated in (F._gated_rows, F.gated_rows):
        kept = set(gated(lines, rows))
        for k, line in enumerate(lines):
            dated = line is not None and any(F.find_in(line, language=code) for code in D.language_tables())
            assert dated <= (k in kept), (line, gated)
    assert F.gated_rows(lines, rows) == F._gated_rows(lines, rows)
    assert 0 < len(F._gated_rows(lines, rows)) < len(lines)


def test_no_character_outside_ascii_but_a_letter_folds_to_a_month_prefix_letter() -> None:
    """What date_rows rests on: fold_case of a character outside ASCII that is not a letter (str.isalpha) holds no
    letter any month prefix has (so a line of ASCII letters and such characters holds a prefix only in its ASCII
    letters), every code point asked."""
    letters = set("".join(F._month_prefixes()[0]))
    import sys

    for c in map(chr, range(128, sys.maxunicode + 1)):
        if not c.isalpha():
            assert not letters & set(F.fold_case(c)), hex(ord(c))
