"""The text headline's kernel `_headline` gives its pure twins' answers (issue 13; cleaner/metadata/text_headline.py).

Like tests/test_native_metadata.py: the kernel is built by the compiled build only, so in the plain install every test
here skips with that reason; .ci/run runs this file in its compiled venv. The twins are text_headline.py's own
`_copy_keys_of`, `_copy_index`, `_title_rows`, `_plain_ranks`, `_fold_lines`, `_holder_lines` and `_dated_any`,
headline_lines.py's
`_line_key` and bylines.py's `_may_open_label`, run from their source by the interpreter as the pure build runs them,
and each is compared with the kernel, never with itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Collection, Sequence
from itertools import accumulate
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.metadata import bylines, headline_lines
from cleaner.metadata import text_headline as compiled_text_headline
from cleaner.metadata.headline import HEADLINE_MAX_CHARS, HEADLINE_MAX_WORDS, HEADLINE_MIN_WORDS
from cleaner.metadata.headline_lines import _ends_as_title, _has_date, _key, _opens_byline, _title_shaped
from cleaner.metadata.site_affix import affix_stripper
from tests.conftest import corpus_text_lines, require_kernel
from tests.test_native import _interpreted

twins = _interpreted(compiled_text_headline)
line_twins = _interpreted(headline_lines)
byline_twins = _interpreted(bylines)
# Label first words to screen with (bylines._label_first_words): a language's, every language's, and others with no
# word, an empty word and a word past ASCII's letters.
FIRSTS: list[frozenset[str]] = [
    frozenset({"by", "von", "par", "de", "autor", "text"}),
    frozenset(),
    frozenset({"", "a", "b1", "_x", "[by]"}),
]
# title_rows's screens as find_text_headline sets them (with and without a slug), and others: no words at all, a
# low cap, wide limits.
SCREENS = [
    (HEADLINE_MAX_WORDS, HEADLINE_MIN_WORDS, HEADLINE_MAX_CHARS, False, False),
    (HEADLINE_MAX_WORDS, HEADLINE_MIN_WORDS, HEADLINE_MAX_CHARS, True, False),
    (HEADLINE_MAX_WORDS, HEADLINE_MIN_WORDS, HEADLINE_MAX_CHARS, True, True),
    (0, 0, 0, False, False),
    (3, 1, 12, False, False),
    (40, 5, 400, False, True),
]
# How a title may open: the headline's own test, and another that differs from it outside ASCII.
OPENINGS: list[Callable[[str], bool]] = [compiled_text_headline._opens_title, str.isupper]


def _trusted(text: str) -> bool:
    """Whether the kernel reads the line's dates itself: every character below U+0558 or general punctuation (its
    `_trusted`)."""
    return all(c < "\u0558" or "\u2000" <= c <= "\u206f" for c in text)


def _long_fold(text: str) -> bool:
    """Whether a character of the text has a key fold (headline_lines._fold) of more characters than the kernel's table
    holds (seven): line_key leaves that text to its twin."""
    return any(len(line_twins._fold(c)) > 7 for c in text)


@pytest.fixture(scope="module")
def kernel() -> ModuleType:
    return require_kernel("cleaner.metadata._headline")


def _agree(kernel: ModuleType, lines: Sequence[str | None], *, every: bool = True, sets: bool = True) -> None:
    """Every kernel function gives its twin's answers on `lines`: every line's copy keys, key and dates, the lines
    folded, and the title lines among every content line with no line, every other line and every line of several
    segments (with `every`, else only find_text_headline's own screens and its lines of several segments). Without
    `sets`, only with no line of several segments: which lines are skipped as such is a set look-up that reads no
    character, so a caller that varies the characters, not the lines' places, need not repeat it."""
    for text in lines:
        if text is not None:
            assert kernel.copy_keys(text, _key) == twins._copy_keys_of(text, _key), text
            key = kernel.line_key(text)
            assert key == line_twins._line_key(text) or (key is None and _long_fold(text)), text
            dates = (_opens_byline, _has_date)
            assert kernel.dated_any([text], [0], 0, 1, *dates) == twins._dated_any([text], [0], 0, 1, *dates), text
            # The kernel's own date reading, where it trusts its character classes (and only there).
            assert kernel.date_in(text) == (int(_has_date(text)) if _trusted(text) else -1), text
            for firsts in FIRSTS:
                got_label = kernel.may_open_label(text, firsts)
                assert got_label == byline_twins._may_open_label(text, firsts), (text, firsts)
    # The copy index over the lines, afresh and from a memo that a small bound empties on the way.
    for bound in (1000, 2):
        memo: dict[str, tuple[str, ...]] = {}
        twin_memo: dict[str, tuple[str, ...]] = {}
        for _ in range(2):
            got_index = kernel.copy_index(lines, _key, memo, bound)
            assert got_index == twins._copy_index(lines, _key, twin_memo, bound), lines
            assert len(memo) <= bound
    content = [i for i, s in enumerate(lines) if s and not s.isspace()]
    # The windows overlap as find_text_headline's do: each answer, read afresh or from the memo the calls share.
    memo, twin_memo = bytearray(len(content)), bytearray(len(content))
    for start, stop in ((0, len(content)), (1, 4), (2, 2), (3, 99), (1, 2), (0, 3), (2, 5)):
        got = kernel.dated_any(lines, content, start, stop, _opens_byline, _has_date)
        assert got == twins._dated_any(lines, content, start, stop, _opens_byline, _has_date), (lines, start, stop)
        assert kernel.dated_any(lines, content, start, stop, _opens_byline, _has_date, memo) == got, (lines, start)
        assert twins._dated_any(lines, content, start, stop, _opens_byline, _has_date, twin_memo) == got, (lines, start)
    assert memo == twin_memo, lines
    folded = kernel.fold_lines(lines)
    if folded != twins._fold_lines(lines):
        # Name the first line folded differently (a fold never makes or takes a line break).
        for text in lines:
            assert kernel.fold_lines([text]) == twins._fold_lines([text]), text
        pytest.fail(f"the lines folded differ: {lines!r}")
    # Some lines' folds found in the fold of the lines around them, as ends_longer searches them, and pieces of them
    # (every line's, or the whole text's fold, would make a corpus text's check quadratic in its lines, and
    # test_every_code_point's ~2,000 texts of ~8,000 lines ran 18 minutes).
    head = lines[:12]
    near = twins._fold_lines(head)
    for text in head:
        needle = (text or "").casefold()
        for piece in {needle, needle.strip(), needle[1:], needle[:-1], needle[2:5]}:
            assert kernel.holder_lines(near, piece) == twins._holder_lines(near, piece), (head, piece)
    if every:
        severals: tuple[Collection[int], ...] = ((), frozenset(content[::2]), set(content)) if sets else ((),)
    else:
        severals = ({i for i in content if twins._copy_keys_of(lines[i] or "", _key)}, frozenset())
    for several in severals:
        for cap, min_words, max_chars, short_ok, sentence_ok in SCREENS if every else SCREENS[:3]:
            for opens in OPENINGS if every else OPENINGS[:1]:
                # (The title's end is the headline's own test: the kernel reads its bad end and row join itself.)
                args = (
                    lines,
                    content,
                    several,
                    cap,
                    min_words,
                    max_chars,
                    short_ok,
                    sentence_ok,
                    opens,
                    _ends_as_title,
                )
                assert kernel.title_rows(*args) == twins._title_rows(*args), (lines, cap, short_ok, sentence_ok)
        for opens in OPENINGS if every else OPENINGS[:1]:
            _plain_agree(kernel, lines, content, several, opens)


# Affixes to take off a line of several segments: find_text_headline's with a site name and a domain, and with none.
STRIPS: list[Callable[[str], str]] = [
    affix_stripper(("Example Times",), "exampletimes.com"),
    affix_stripper((), None),
]


def _plain_agree(
    kernel: ModuleType, lines: Sequence[str | None], content: list[int], several: Collection[int], opens: Callable
) -> None:
    """plain_ranks gives _plain_ranks' ranks and keeps the same titles and keys, with and without a first kept line,
    furniture, a top block, the penalty of a line below the body and a bound that leaves lines out."""
    above = [0, *accumulate(len(s or "") for s in lines)]
    cases: list[tuple[tuple[int, int, int], Callable[[str], str], tuple[object, ...]]] = [
        ((-1, -1, -1), STRIPS[1], (frozenset(), frozenset(), above, 1e9, 1, 3, 1))
    ]
    if len(content) > 1:
        cases += [
            (
                (content[1], 1, content[-1]),
                STRIPS[0],
                (set(content[1::3]), set(content[:3]), above, 0.3 * above[-1], 1, 3, 1),
            ),
            ((content[0], 0, content[0]), STRIPS[0], ((), content[2:4], above, 0.0, 1, 0, 1)),
        ]
    for marks, strip, (furniture, top_block, above_, limit, w_start, extra, min_score) in cases:
        # A line of several segments already stripped is read from `stripped`, not stripped again.
        known = dict.fromkeys(list(several)[:1], "Kept title here")
        got_stripped, want_stripped = dict(known), dict(known)
        got_given: dict[int, str] = {}
        want_given: dict[int, str] = {}
        fixed = (furniture, top_block, above_, marks, limit, w_start, extra, min_score)
        calls = (opens, _ends_as_title, strip, _title_shaped)
        got = kernel.plain_ranks(lines, content, several, *calls, got_stripped, got_given, *fixed)
        want = twins._plain_ranks(lines, content, several, *calls, want_stripped, want_given, *fixed)
        assert got == want, (lines, marks, furniture, top_block, limit)
        assert got_stripped == want_stripped and got_given == want_given, lines


# Separators of every kind (site_affix._SEPARATOR: spaced, bare, "::" and ":"), row joins, closers and bad ends,
# title openings, whitespace that str.split takes and `regex`'s \s does not (0x1c-0x1f), accented and wide letters,
# bylines' labels and dates' digits and marks.
PIECES = [
    *("Home", "News", "a", "Über", "élan", "Δ", "東京", "x1", "2024", "_", "(", "[", '"', "“", "¿", "«", "-", "‐"),
    *(" | ", "|", " · ", "·", " • ", "•", " » ", "»", " « ", " › ", " ► ", " ▸ ", " → ", " / ", "/", " ~ ", " # "),
    *(" – ", " — ", " - ", "-", " :: ", "::", " : ", ":", " > ", ">", " ", "  ", "\t", "\xa0", "\u3000", "\x1c"),
    *("\x1f ", " \x1d", ".", ",", ";", "?", "!", ")", "'", "’", "”", "…", ". (Photo)", "\U0001f600"),
    *("By ", "by", "Von ", "de ", "Autor: ", "1", "12", "2021", "٣", "١٢", "/", ".", "ß", "µ"),
]
piece_line = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)
any_line = st.text(alphabet=st.characters(exclude_categories=()), max_size=60)
a_line = st.one_of(st.none(), piece_line, any_line, st.sampled_from(["", " ", "\t \u3000", "a b "]))


@settings(max_examples=500, deadline=None)
@given(st.lists(a_line, max_size=10))
def test_every_function_is_its_twin_on_generated_lines(kernel: ModuleType, lines: list[str | None]) -> None:
    _agree(kernel, lines)
    _agree(kernel, tuple(lines))  # any sequence, not only a list


def test_edge_cases(kernel: ModuleType) -> None:
    """Separators at a line's ends, between spaces of every kind and inside words; segments of equal words; a row
    join between words and at a line's ends; a caption's credit; long lines."""
    cases: list[list[str | None]] = [
        [],
        [None, "", " "],
        ["| Home", "Home |", "a | b", "a|b", "a :: b", "a ::b", "a: b", "a : b", "a :b", "10:30 - 11:00"],
        ["News \x1c| Sport", "News \x1c - Sport", "a\u3000–\u3000b c", "Über uns · Kontakt", "x - y - z w"],
        ["A b | c", "A | b c", "a » b", "» a b", "a b »", "Home > News > A title here", "A title (video)"],
        ["A title.", "A title,", "A title:'", "A title'’”)", "«A title»", "¿Qué es?", "A title. (FILE)"],
        ["x " * 40, "word" * 100, "A " + "b " * 17 + "c", "Ab" + " c" * 30],
        ["Straße", "GROSSE Maße", "µm", "ßĀ", "Maß\u2013Band", "ß\U0001f600", "ẞ"],
        # Wide lines whose folds are ASCII or Latin-1 (the Kelvin and Ångström signs, a long s) beside ASCII lines: the
        # folded text is narrower than some of its lines.
        ["Home", "\u212a\u017f", None, "News \u212b", "\U00010400"],
        ["\u212aelvin", "", "A b"],
        # A caption's bracketed tail (headline_lines._CAPTION_TAIL, which the kernel reads itself): its mark, spaces of
        # every kind or none before the bracket, 1-61 characters inside, a bracket or none inside, at the line's end
        # or not.
        [
            "Dr Archer. (Picture by Jameel Springer)",
            "Against Dominica… (FILE)",
            "Against Dominica.(FILE)",
            "Against Dominica. \t (FILE)",
            "Against Dominica.\xa0\u3000(FILE)",
            "Against Dominica.\x1c (FILE)",
            "Against Dominica, (FILE)",
            "Biden signs the bill (video)",
            "Was ist los? (Teil 2)",
            "Ab cd. (x)",
            "Ab cd. (xy)",
            "Ab cd. (" + "x" * 60 + ")",
            "Ab cd. (" + "x" * 61 + ")",
            "Ab cd. (a (b) c)",
            "Ab cd. (a ) c)",
            "Ab cd. (a b) ",
            "Ab cd. ((ab)",
            ". (ab)",
            "(ab)",
            "Ab cd. (ab))",
        ],
        # First words longer than the byline screen's buffer (may_open_label), ASCII or not.
        ["x" * 600 + " by", "By" * 300 + ": x", " by" + "\u00e9" * 600, "BY" * 300],
    ]
    for lines in cases:
        _agree(kernel, lines)


def test_every_code_point(kernel: ModuleType) -> None:
    """Each code point as a line's first character, a separator's neighbour, a segment, a line's last character, before,
    in and after a byline's label and in a date: the whitespace, alphanumeric, opening and digit tests agree with the
    twins' for all of them."""
    chunk = 512
    for at in range(0, sys.maxunicode + 1, chunk):
        part = [chr(c) for c in range(at, min(at + chunk, sys.maxunicode + 1))]
        lines: list[str | None] = [
            piece
            for c in part
            for piece in (
                f"{c}a b c",
                f"a{c}| b c",
                f"a {c} b c",
                f"Ab c {c}",
                f"{c} - x{c}",
                f"{c}by Xy",
                f"{c}de Abc",
                f"d{c} Abc",
                f"by{c}Xy",
                f"Ab c.{c}(xy)",
                f"Ab c{c} (xy)",
                f"Ab c. (x{c}y)",
            )
        ]
        # A date of each code point's digits, and of digits and each code point between them.
        lines += [
            piece
            for c in part
            for piece in (f"{c}{c}.{c}{c}.{c}{c}{c}{c}", f"3{c}4{c}2021", f"May {c}, 2020", f"{c}2020")
        ]
        _agree(kernel, lines, sets=False)


def test_trusted_characters_have_regex_classes() -> None:
    """Where the kernel reads dates itself (_trusted), `regex`'s `(?i)\\p{L}`, `\\d` and `\\s` are CPython's alphabetic,
    decimal and whitespace tests (but for U+001C-U+001F, which only CPython counts as whitespace): `regex` may carry a
    newer Unicode than the interpreter, and beyond these characters they differ. Needs no kernel."""
    import regex

    letter, digit, space = regex.compile(r"(?i)\p{L}"), regex.compile(r"\d"), regex.compile(r"\s")
    for code in [*range(0x558), *range(0x2000, 0x2070)]:
        c = chr(code)
        assert (letter.match(c) is not None) == c.isalpha(), hex(code)
        assert (digit.match(c) is not None) == c.isdecimal(), hex(code)
        assert (space.match(c) is not None) == (c.isspace() and not 0x1C <= code <= 0x1F), hex(code)


# Dates' pieces: digits in runs of every length, the numeric marks, spaces of several kinds, "de" in any case, month
# names (accented too), commas and full stops, letters and digits the kernel does not trust.
DATE_PIECES = [
    *("1", "12", "123", "2020", "20201", "0", "9", "٣", "x", "ab", "März", "Sept", "May", "avril", "DE", "de", "De"),
    *(".", "/", "-", ",", " ", "  ", "\t", "\xa0", "\u2009", "\x1c", "Ω", "é", "_", "’", "ー"),
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=16).map("".join))
def test_date_reading_is_the_patterns(kernel: ModuleType, text: str) -> None:
    """The kernel's date reading (`date_in`) finds a date exactly where headline_lines._has_date's patterns do."""
    assert kernel.date_in(text) == (int(_has_date(text)) if _trusted(text) else -1), text


def test_date_edge_cases(kernel: ModuleType) -> None:
    """Each branch's runs of digits at their limits, its optional parts, and what may stand before it."""
    cases = [
        *("1.2.20", "1.2.2020", "1.2.20201", "12/31/99", "123.4.2020", "1.234.2020", "1-2-2", "01.02.03x"),
        *("2020-01-02", "2020-1-02", "2020-01-2", "2020-01-023", "2020/1/2", "2020/1/22", "2020/123/1", "2020.1.2"),
        *("2020.1/2", "2020/1.2", "20201-01-02", "a2020-01-02", "x1.2.2020", "2020-01-0"),
        *("3. März 2020", "3 März 2020", "3.März 2020", "3 de abril de 2022", "3 De Abril DE 2022", "22 de ab de 2022"),
        *("3 de de 2020", "x3 März 2020", "_3 März 2020", "3 März, 2020", "3 März., 2020", "3 März.,2020"),
        *("3 März 20201", "3 Mä 2020", "123 März 2020", "3 März\xa02020", "3\x1cMärz 2020"),
        *("May 3, 2020", "May 3 2020", "May. 3, 2020", "x May 3, 2020", "1May 3, 2020", "Ma 3, 2020", "May 123, 2020"),
        *("May  3,  2020", "May 3, de 2020", "May3, 2020", "May 3,2020", "May 3, 20201", ".May 3, 2020"),
    ]
    for text in cases:
        assert kernel.date_in(text) == int(_has_date(text)), text


# Characters of every kind, line breaks and a code point whose bytes hold a line break's and a letter's (U+0A0A, U+7A0A,
# U+7A7A: where `memchr` finds a first byte that is not the character's).
HOLDER_PIECES = [
    "a",
    "z",
    "zz",
    "az",
    "\n",
    " ",
    ":",
    "é",
    "ß",
    "\u2019",
    "\u0a0a",
    "\u7a0a",
    "\u7a7a",
    "\U0001f600",
    "\U00010a7a",
]
holder_text = st.lists(st.sampled_from(HOLDER_PIECES), max_size=30).map("".join)


@settings(max_examples=3000, deadline=None)
@given(holder_text, st.lists(st.sampled_from(HOLDER_PIECES), max_size=5).map("".join))
def test_holder_lines_is_its_twin(kernel: ModuleType, folded: str, needle: str) -> None:
    """Overlapping matches, a match at either end, needles of a wider or narrower kind than the text, the empty
    needle (found at every place)."""
    assert kernel.holder_lines(folded, needle) == twins._holder_lines(folded, needle), (folded, needle)


def test_holder_lines_edge_cases(kernel: ModuleType) -> None:
    cases = [
        ("", ""),
        ("", "a"),
        ("a", ""),
        ("\n\n", ""),
        ("aaaa", "aa"),
        ("a\nzz\nzzz", "zz"),
        ("x:y\nx:y", "x:y"),
        ("\u7a0a\n\u7a7az", "z"),
        ("\u0a0a\n\u0a0a", "\u0a0a"),
        ("\U0001f600\nz\nz", "z"),
        ("abc", "\u2019"),
        ("title words\nother title words", "title words"),
    ]
    for folded, needle in cases:
        assert kernel.holder_lines(folded, needle) == twins._holder_lines(folded, needle), (folded, needle)


@pytest.mark.corpus
def test_every_dev_corpus_line(kernel: ModuleType) -> None:
    for lines in corpus_text_lines():
        _agree(kernel, lines, every=False)


def test_the_headline_uses_the_kernel_when_built(kernel: ModuleType) -> None:
    from cleaner import native

    if native.SWITCH in os.environ:
        pytest.skip(f"{native.SWITCH} is set")
    assert "cleaner.metadata._headline" in native.in_use()
    assert compiled_text_headline.title_rows is kernel.title_rows
    assert compiled_text_headline.plain_ranks is kernel.plain_ranks
    assert compiled_text_headline.holder_lines is kernel.holder_lines
    assert headline_lines._native is kernel
    assert bylines.may_open_label is kernel.may_open_label
