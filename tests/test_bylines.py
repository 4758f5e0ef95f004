"""Bylines become a list of names; job titles and agencies are kept apart, not glued to a name."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.metadata.bylines import find_byline, split_authors


@pytest.mark.parametrize(
    ("raw", "language", "names", "roles"),
    [
        ("Tom Krisher; Ap Auto Writer", None, ["Tom Krisher"], ["Ap Auto Writer"]),
        ("By Jane Smith and John Doe", "en", ["Jane Smith", "John Doe"], []),
        ("BY JANE SMITH, Associated Press", "en", ["Jane Smith"], ["Associated Press"]),
        ("Von Anna Müller und Peter Schmidt", "de", ["Anna Müller", "Peter Schmidt"], []),
        ("Par Jean Dupont et Marie Curie", "fr", ["Jean Dupont", "Marie Curie"], []),
        ("Por Ana García y Luis Pérez", "es", ["Ana García", "Luis Pérez"], []),
        ("Di Mario Rossi e Luca Bianchi", "it", ["Mario Rossi", "Luca Bianchi"], []),
        ("Door Jan de Vries en Piet Jansen", "nl", ["Jan de Vries", "Piet Jansen"], []),
        ("Por Ana Souza, correspondente", "pt", ["Ana Souza"], ["correspondente"]),
        ("Sarah E. Needleman", None, ["Sarah E. Needleman"], []),
        (
            "Tom Krisher, AP Auto Writer, and Dee-Ann Durbin",
            "en",
            ["Tom Krisher", "Dee-Ann Durbin"],
            ["AP Auto Writer"],
        ),
    ],
)
def test_split_authors(raw: str, language: str | None, names: list[str], roles: list[str]) -> None:
    assert split_authors(raw, language=language) == (names, roles)


def test_record_author_is_a_list_and_the_byline_stays_under_raw() -> None:
    text = "By Tom Krisher and Dee-Ann Durbin\n\nThe carmaker recalled 300,000 vehicles on Tuesday, regulators said."
    record = cleaner.clean(text).to_dict()
    assert record["author"] == ["Tom Krisher", "Dee-Ann Durbin"]
    assert record["raw"]["author"]["text"] == "Tom Krisher and Dee-Ann Durbin"
    assert record["raw"]["author"]["source"] == "text"


@pytest.mark.parametrize(
    ("raw", "names", "roles"),
    [
        ("Nada Tawfik, BBC News, New York", ["Nada Tawfik"], ["BBC News", "New York"]),
        # A name another role follows is a person, and so is one a conjunction joins on.
        ("John Doe, Staff Writer, Jane Roe, Staff Writer", ["John Doe", "Jane Roe"], ["Staff Writer", "Staff Writer"]),
        ("Jane Doe, Reuters, and John Roe", ["Jane Doe", "John Roe"], ["Reuters"]),
        # More names than a dateline holds are a list of authors.
        (
            "Jane Doe, Reporter, John Roe, Ann Lee, Bob Ray",
            ["Jane Doe", "John Roe", "Ann Lee", "Bob Ray"],
            ["Reporter"],
        ),
        # A publication's name opens with "The"; a person's never does.
        ("By Jane Smith, The New York Times", ["Jane Smith"], ["The New York Times"]),
    ],
)
def test_a_place_after_the_agency_is_the_dateline_not_an_author(raw: str, names: list[str], roles: list[str]) -> None:
    assert split_authors(raw, language="en") == (names, roles)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Von Anna Müller und Peter Schmidt, dpa", ["Anna Müller", "Peter Schmidt"]),
        ("Par Jean Dupont", ["Jean Dupont"]),
        ("Door Jan de Vries", ["Jan de Vries"]),
        ("Text: Maria Gonzalez", ["Maria Gonzalez"]),
        ("By Nada Tawfik, BBC News, New York", ["Nada Tawfik"]),
    ],
)
def test_find_byline_in_text(line: str, names: list[str]) -> None:
    found = find_byline(["Headline of the piece", line, "The body starts here and goes on."])
    assert found is not None and found[1] == 1
    assert split_authors(found[0])[0] == names


@pytest.mark.parametrize(
    "line",
    [
        "By the time the fire crews arrived, the roof had gone.",
        "Von März 2020 an galt die Maskenpflicht.",
        "Par ailleurs, le ministre a démenti.",
        "Di Maio resigns",
        # German capitalises nouns: a teaser headline opening with "Von" splits into one-word "names".
        "Von Einheimischen, Gästen und ganz viel Kühen",
        "Von Pyramiden zwischen Baustellen und Chaos-Shopping",
    ],
)
def test_prose_is_not_a_byline(line: str) -> None:
    assert find_byline([line], language="de" if line.startswith("Von") else None) is None


@pytest.mark.parametrize(
    ("raw", "names", "roles"),
    [
        # A name and an agency on one line, no comma between: the agency starts at its acronym.
        ("Jane Roe BBC News, Lyon, France", ["Jane Roe"], ["BBC News", "Lyon", "France"]),
        ("Tom Krisher AP Auto Writer", ["Tom Krisher"], ["AP Auto Writer"]),
        # Without an acronym, a name-shaped run before the role word is the publication's own name.
        ("Los Angeles Times Staff Writer", [], ["Los Angeles Times Staff Writer"]),
    ],
)
def test_a_name_run_together_with_an_agency_is_split_at_its_acronym(
    raw: str, names: list[str], roles: list[str]
) -> None:
    assert split_authors(raw, language="en") == (names, roles)


def test_a_label_that_opens_a_longer_field_label_is_not_a_byline() -> None:
    line = "Author Contributions: Conception and design: M.L. Anderson, C. Dobkin, D. Gorry."
    assert find_byline(["Title of the paper", line], language="en") is None
    assert find_byline(["Author: Jane Doe"], language="en") == ("Jane Doe", 0)


def test_a_one_word_name_is_a_byline_where_nouns_are_not_capitalised() -> None:
    assert find_byline(["By Becky"], language="en") == ("Becky", 0)
    assert find_byline(["Von Gästen"], language="de") is None


def test_only_lines_opening_with_a_label_letter_can_hold_a_byline_label() -> None:
    """find_byline asks its label pattern only of the lines metalines.opening_lines keeps: the first two characters
    past the whitespace of every line the pattern matches are in _label_openings, in every language's tables and
    their union, and so is every line find_byline finds."""
    from cleaner.metadata.bylines import _label_openings, _line_label
    from cleaner.metadata.dates import language_tables
    from cleaner.metadata.metalines import _opening_lines

    codes = [(c,) for c in sorted(language_tables())] + [tuple(sorted(language_tables()))]
    for code in codes:
        label, ok = _line_label(code), _label_openings(code)
        words = {w for c in code for w in language_tables()[c].byline}
        lines = [
            line
            for c in map(chr, range(128))
            for w in words
            for spelt in (w, w.upper(), w.capitalize(), w.swapcase())
            for line in (f"{c}{spelt[1:]} Anna Müller", f" \t{c}{spelt[1:]}: Anna", f"{spelt[0]}{c}{spelt[2:]}: Anna")
        ]
        kept = set(_opening_lines(lines, ok))
        for k, line in enumerate(lines):
            if label.match(line):
                assert k in kept, (code, line)


def test_the_label_openings_read_off_the_labels_are_those_the_pattern_matches() -> None:
    """_label_openings reads the pairs off the labels; they are the pairs the label pattern matches partly
    (_matched_openings), in every language's tables and their union."""
    from cleaner.metadata.bylines import _label_openings, _matched_openings
    from cleaner.metadata.dates import language_tables

    for code in [(c,) for c in sorted(language_tables())] + [tuple(sorted(language_tables()))]:
        assert _label_openings(code) == _matched_openings(code), code


def test_a_line_whose_first_word_is_no_label_is_never_a_labelled_line() -> None:
    """find_byline skips a line whose first word (_may_open_label) opens no label; the label pattern matches none of
    them: each label, spelt in four cases, with every ASCII character and a few others around and inside its first
    word, in every language's tables and their union, and on every dev corpus line."""
    from cleaner.metadata.bylines import _label_first_words, _line_label, _may_open_label
    from cleaner.metadata.dates import language_tables
    from tests.conftest import corpus_text_lines

    codes = [(c,) for c in sorted(language_tables())] + [tuple(sorted(language_tables()))]
    others = [chr(c) for c in range(128)] + ["\x1c", "\xa0", "\u3000", "\ufeff", "ſ", "K", "ı", "İ", "é"]
    corpus = [line for lines in corpus_text_lines() for line in lines if line]
    for code in codes:
        label, firsts = _line_label(code), _label_first_words(code)
        assert firsts is not None, code
        words = {w for c in code for w in language_tables()[c].byline}
        lines = [
            line
            for c in others
            for w in words
            for spelt in (w, w.upper(), w.capitalize(), w.swapcase())
            for line in (
                f"{spelt} Anna",
                f"{c}{spelt} Anna",
                f"{spelt}{c}Anna",
                f"{spelt} {c} Anna",
                f"{spelt[:1]}{c}{spelt[1:]} Anna",
                f"{spelt[:-1]}{c} Anna",
            )
        ]
        for line in lines + corpus:
            assert _may_open_label(line, firsts) or not label.match(line), (code, line)
