"""The gates in front of the date forms skip only lines that no form can match (records unchanged)."""

from __future__ import annotations

import itertools

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
            forms = D._forms(code)
            for n, pattern in enumerate(forms.patterns):
                if pattern.search(line) is None:
                    continue
                assert D._DIGIT.search(line), (line, code, n)
                gate = D._month_gate(code) if n in D._NAMED_FORMS else D._NUMERIC_GATE
                assert gate.search(line), (line, code, n)


def test_label_gate_agrees_with_the_tables() -> None:
    tables = D.tables_for("en")
    for table in tables:
        for label in (*table.published, *table.modified):
            line = f"{label}: 16 Jan"
            assert D._label_language(line, tables) is not None, line
    assert D._label_language("The council met on Tuesday.", tables) is None
