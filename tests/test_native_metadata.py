"""The metadata kernel `_metalines` gives its pure twins' answers (issue 13; cleaner/metadata/metalines.py).

Like tests/test_native.py: the kernel is built by the compiled build only, so in the plain install every test here skips
with that reason; .ci/run runs this file in its compiled venv. The twins are metalines.py's own functions, run from
their source by the interpreter as the pure build runs them, and each is compared with the kernel, never with itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.metadata import metalines as compiled_metalines
from cleaner.metadata import text_headline
from cleaner.metadata.bylines import _label_openings
from cleaner.metadata.date_forms import _month_prefixes
from cleaner.metadata.date_times import ANY_DIGIT
from cleaner.metadata.headline_lines import PROSE_MIN_WORDS, SENTENCE_CLOSERS, SENTENCE_MARKS, _prose
from tests.conftest import corpus_text_lines, require_kernel
from tests.test_native import PIECES, _interpreted

twins = _interpreted(compiled_metalines)
# The separator characters the text headline asks for, and others: a wide bare one, a character of both kinds.
SEPARATORS = [(text_headline._BARE, text_headline._SPACED), ("", "-:"), ("·•", "·/"), ("\U0001f600", "~")]
CAPS = (0, 1, 2, 3, 18, 30)
# The byline labels' openings (bylines._label_openings) and others: none, pairs of other shapes, a tuple.
OPENINGS = (_label_openings(("en", "de", "fr")), frozenset(), {"ab", "B", "xyz", "é1", " a", "1:"}, ("By", "by"))
# The month prefixes date_rows is given, and others: none, one of another shape, one outside ASCII.
MONTHS = [_month_prefixes()[0], (), ("ab",), ("dé", "x:"), ("jan", "MAY", "zzz")]
# headline_lines._prose's own arguments, and others: any word count, wide marks, no closers.
PROSE = [(PROSE_MIN_WORDS, SENTENCE_MARKS, SENTENCE_CLOSERS), (0, ".", ""), (1, "!。", "»"), (3, "\U0001f600:", "a ")]


@pytest.fixture(scope="module")
def kernel() -> ModuleType:
    return require_kernel("cleaner.metadata._metalines")


def _agree(kernel: ModuleType, lines: Sequence[str | None]) -> None:
    """Every function of the kernel gives its twin's answer on `lines` (each line also alone, for spaced_words)."""
    assert kernel.content_lines(lines) == twins._content_lines(lines)
    assert kernel.stripped_lengths(lines) == twins._stripped_lengths(lines)
    indexes = range(len(lines))
    # Every line; some backwards, repeated, and past either end; none.
    for wanted in (indexes, [len(lines), *indexes[::-2], -1, 0, 0, len(lines) + 3], []):
        assert kernel.filled_positions(lines, wanted) == twins._filled_positions(lines, wanted), wanted
    for cap in CAPS:
        assert kernel.short_lines(lines, indexes, cap) == twins._short_lines(lines, indexes, cap), cap
    for bare, spaced in SEPARATORS:
        assert kernel.separator_lines(lines, bare, spaced) == twins._separator_lines(lines, bare, spaced), bare
    assert kernel.digit_lines(lines, ANY_DIGIT) == twins._digit_lines(lines, ANY_DIGIT)
    for ok in OPENINGS:
        assert kernel.opening_lines(lines, ok) == twins._opening_lines(lines, ok), ok
    for min_words, marks, closers in PROSE:
        got = kernel.prose_flags(lines, indexes, min_words, marks, closers)
        assert got == twins._prose_flags(lines, indexes, min_words, marks, closers), (min_words, marks)
    # The lines as their own kept lines, every other one kept (a shorter list too), none kept; no line moved, some.
    evens: list[str | None] = [s if n % 2 == 0 else None for n, s in enumerate(lines)]
    for kept in (lines, evens, evens[:-1], []):
        for moved in ((), {len(lines) - 1, 3}, frozenset(indexes[1::3])):
            for min_words, marks, closers in PROSE[:2]:
                args = (lines, kept, moved, min_words, marks, closers)
                assert kernel.headline_marks(*args) == twins._headline_marks(*args), (kept, moved, min_words)
    for prefixes in MONTHS:
        assert kernel.date_rows(lines, indexes, prefixes) == twins._date_rows(lines, indexes, prefixes), prefixes
    # find_dates's own cap and prefixes, a small cap, none, and prefixes of another shape (every line let through).
    for cap, prefixes in ((18, MONTHS[0]), (2, MONTHS[4]), (0, MONTHS[0]), (3, MONTHS[3])):
        got = kernel.date_lines(lines, ANY_DIGIT, cap, prefixes)
        assert got == twins._date_lines(lines, ANY_DIGIT, cap, prefixes), (cap, prefixes)
    for text in lines:
        if text is None:
            continue
        for cap in CAPS:
            got, want = kernel.spaced_words(text, cap), twins._spaced_words(text, cap)
            assert got == want, (text, cap)
            if got is not None:
                assert got[0].isascii() == want[0].isascii()  # a canonical string, as str.join makes


DATE_PIECES = ["1", "2.", "/3", "-4-", "Jan", "MAR", "Mä", "i\u0307", "\u0307", "\xa0", "\u0663", "\x1c", "\U00011f50"]
piece_line = st.lists(st.sampled_from([*PIECES, *DATE_PIECES, "\n", " :", "-x", "a-b", ":"]), max_size=30).map("".join)
any_line = st.text(alphabet=st.characters(exclude_categories=()), max_size=80)
a_line = st.one_of(st.none(), piece_line, any_line, st.sampled_from(["", " ", "\t \u3000", "\n", "a b "]))


@settings(max_examples=500, deadline=None)
@given(st.lists(a_line, max_size=12))
def test_every_function_is_its_twin_on_generated_lines(kernel: ModuleType, lines: list[str | None]) -> None:
    _agree(kernel, lines)
    _agree(kernel, tuple(lines))  # any sequence, not only a list


def test_edge_cases(kernel: ModuleType) -> None:
    """No lines; blank and None lines; a line holding a break (the twin's line-by-line path); separators at a line's
    start, after a letter, a digit and a space; words beside every kind of space; a line already single-spaced comes
    back as itself."""
    cases: list[list[str | None]] = [
        [],
        [None],
        [""],
        ["", None, " ", "\t\u3000\xa0"],
        ["a\nb | c", "x-y", "-start"],
        ["well-known", "10:30", "Home - News", "a·b", "Sport: Fußball", "x /y", "é/z", "2/3"],
        ["  two  words  ", "one", "a\xa0b", "a\u2028b\x1c c", "\u3000", "x" * 500],
    ]
    for lines in cases:
        _agree(kernel, lines)
    plain = "A title of five words"
    assert kernel.spaced_words(plain, 30)[0] is plain
    assert kernel.spaced_words("a\xa0b", 5) == ("a b", 2) and kernel.spaced_words("a\xa0b", 5)[0].isascii()
    assert kernel.spaced_words("a b c", 2) is None
    assert kernel.spaced_words("   ", 2) == ("", 0)


def test_every_code_point(kernel: ModuleType) -> None:
    """Each code point as a whole line, beside a word, between words and before a separator: the whitespace and
    alphanumeric tests agree with CPython's for all of them."""
    chunk = 256
    for at in range(0, sys.maxunicode + 1, chunk):
        part = [chr(c) for c in range(at, min(at + chunk, sys.maxunicode + 1))]
        lines: list[str | None] = [
            piece for c in part for piece in (c, f"a{c}b", f" {c} x", f"{c}-y", f"{c}:", f"{c}|{c}", f"{c}{c} z{c}")
        ]
        _agree(kernel, lines)


@pytest.mark.corpus
def test_every_dev_corpus_line(kernel: ModuleType) -> None:
    for lines in corpus_text_lines():
        _agree(kernel, lines)


def test_the_modules_use_the_kernel_when_built(kernel: ModuleType) -> None:
    from cleaner import native

    if native.SWITCH in os.environ:
        pytest.skip(f"{native.SWITCH} is set")
    assert "cleaner.metadata._metalines" in native.in_use()
    names = ("content_lines", "stripped_lengths", "short_lines", "spaced_words", "separator_lines", "digit_lines")
    for name in (
        *names,
        "opening_lines",
        "prose_flags",
        "headline_marks",
        "date_rows",
        "filled_positions",
        "date_lines",
    ):
        assert getattr(compiled_metalines, name) is getattr(kernel, name), name


def test_prose_flags_read_as_the_headline_reads_prose(kernel: ModuleType) -> None:
    """With headline_lines' own arguments, prose_flags is headline_lines._prose of each line (None read as "")."""
    lines: list[str | None] = [
        None, "", "Short.", "one two three four five six seven eight nine ten.", "a b c d e f g h i j”  ",
        "a b c d e f g h i j k", "a b c d e f g h i j k l?)", "x …", "    .", *[f"{p} " * 10 + p for p in PIECES],
    ]  # fmt: skip
    want = [_prose(s or "") for s in lines]
    assert kernel.prose_flags(lines, range(len(lines)), PROSE_MIN_WORDS, SENTENCE_MARKS, SENTENCE_CLOSERS) == want
