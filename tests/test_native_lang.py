"""The block classifier's per-line passes in the kernel give their twins' answers (issue 13; `_firstsight`).

`lang.stoplist_for_lines` runs the kernel's `sample_choice` when it is built: the sample lines read, their words
counted and looked up per stoplist in C, and the list chosen there; `features.refine` runs the kernel's `refine`.
Their twins (`lang._stoplist_for_lines_py`: the packed ints and `_chosen`; `features._refine_py`) are run from the
modules' source by the interpreter (tests/test_native.py's `_interpreted`, that copy switched to no kernel), and both
are compared on generated pages (stopwords of several lists, names, blank and None lines, lazy iterables) and on every
dev corpus text rendering cut at several lines: the same language and list, the same word counts, the same classes
and memo. The kernel is built by the compiled build only: in the plain install every test here skips with that reason.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.heuristics import features as compiled_features
from cleaner.heuristics import lang as compiled_lang
from tests.conftest import require_kernel
from tests.test_native import PIECES, _interpreted, text_pages

lang = _interpreted(compiled_lang)
features = _interpreted(compiled_features)
if lang is not compiled_lang:  # (the pure build, where every test here skips, has no copy to change)
    lang._NATIVE = None  # the twin all through: its lines split and counted by `_line_words` and `_packed_py` too
    features._share_of = features._stop_share  # likewise
LISTS, NAMES = lang.stoplists()
STOPS = [LISTS[NAMES.index(n)] for n in ("English", "German", "Greek")]
# Stopwords of lists that differ in size and script, in any case, so that the guess is sure, unsure or split.
STOPWORDS = sorted(
    w for name in ("English", "German", "Polish", "Greek", "Turkish", "Estonian") for w in LISTS[NAMES.index(name)]
)[::7]


@pytest.fixture(scope="module")
def kernel() -> ModuleType:
    return require_kernel("cleaner.heuristics._firstsight")


def test_the_guess_uses_the_kernel_when_built(kernel: ModuleType) -> None:
    from cleaner import native

    if native.SWITCH in os.environ:
        pytest.skip(f"{native.SWITCH} is set")
    assert compiled_lang._NATIVE is kernel
    assert compiled_lang._native_index() is not None
    assert compiled_features._REFINE is kernel.refine


def _both(lines: Sequence[str | None]) -> None:
    _both_guesses(lines)
    _both_refines(lines)


def _both_refines(lines: Sequence[str | None]) -> None:
    """The kernel's `refine` and the twin's on `lines` under no stoplist, the guessed one and two others, from an empty
    memo and from the one the first call filled."""
    cls = compiled_features.classify(lines)
    _name, guessed = lang._stoplist_for_lines_py(lines)
    for stop in {frozenset(), guessed, *STOPS}:
        memo: dict[str, tuple[int, float]] = {}
        twin_memo: dict[str, tuple[int, float]] = {}
        expected = list(cls)
        features._refine_py(expected, lines, stop, twin_memo)
        for _ in range(2):
            got = list(cls)
            compiled_features._REFINE(got, lines, stop, memo)
            assert got == expected
            assert memo == twin_memo


def _both_guesses(lines: Sequence[str | None]) -> None:
    """The kernel's guess (the compiled module's, through its memo) and the twin's, and each line's word count."""
    expected = lang._stoplist_for_lines_py(lines)
    for _ in range(2):  # a new page, then the same lines from the memo
        assert compiled_lang.stoplist_for_lines(lines) == expected
    assert compiled_lang.stoplist_for_lines(iter(lines)) == expected
    assert compiled_lang.stoplist_for(lines) == expected
    for line in lines:
        if line:
            assert compiled_lang.word_count(line) == len(lang._line_words(line))


def test_refine_is_the_twins_on_lines_of_every_class(kernel: ModuleType) -> None:
    """Long lines with and without sentence ends, spaceless (CJK) ones, whitespace at the edges, None and blank lines,
    too few long lines for a median and an even number of them."""
    prose = "the cat and the dog were in the house when it rained and " * 3
    names = "Webb Kessler Smoczyka Stadion Alfreda Marathi Uzbek Estonian Tallinn Riga " * 2
    cjk = "中文字" * 40
    for count in range(0, 7):
        lines = [None, "", "  ", f"  {prose.strip()}.  ", names.strip(), f"{names}.", cjk, f"{cjk}。", "Home", "x"]
        _both_refines(lines[: 3 + count] + [prose.strip() + "!"] * count)


word = st.one_of(st.sampled_from(STOPWORDS), st.sampled_from(STOPWORDS).map(str.upper), st.sampled_from(PIECES))
text_line = st.lists(word, max_size=40).map(" ".join)
page_line = st.one_of(text_line, text_line, st.sampled_from([None, "", " ", "\t"]), st.text(max_size=30))


@settings(max_examples=400, deadline=None)
@given(st.lists(page_line, max_size=40))
def test_sample_choice_is_the_twins_guess_on_generated_pages(kernel: ModuleType, lines: list[str | None]) -> None:
    _both(lines)


def test_sample_choice_from_small_and_emptied_memos(kernel: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The memo starting over (MAX_MEMO_LINES) changes nothing."""
    monkeypatch.setattr(compiled_lang, "MAX_MEMO_LINES", 2)
    lines = ["Der Hund und die Katze", None, "the cat and the dog", "", "ve bir için", "und der", "12 Webb"] * 30
    for cut in range(0, len(lines), 5):
        _both(lines[cut:])
    assert len(compiled_lang._NATIVE_LINES) <= 2


def test_the_index_and_sample_choice_refuse_list_counts_they_cannot_count(kernel: ModuleType) -> None:
    with pytest.raises(ValueError):
        kernel.StopIndex([["the"]] * 257)
    with pytest.raises(ValueError):
        kernel.sample_choice(["the"], {}, kernel.StopIndex([]), 10, 300, (), 0.1)


def test_the_index_holds_every_stoplist_word_in_the_lists_that_hold_it(kernel: ModuleType) -> None:
    """The guess's index (`_native_index`) answers as the stoplists' frozensets do, for every word of every list and
    for words of none: the same lists, in list order, and each list's size."""
    index = compiled_lang._native_index()
    every = lang._any_list()
    assert len(index) == len(every)
    assert index.sizes == tuple(map(len, LISTS))
    for w in every:
        assert index.lanes_of(w) == lang._lanes_py(w, LISTS), w
    for w in ("", "The", "brückenpfeiler", "\ud800", "𝐀𝐁𝐂", "ΚΑΙ", *PIECES):
        assert index.lanes_of(w) == lang._lanes_py(w, LISTS), w


small_word = st.one_of(st.sampled_from(PIECES), st.text(max_size=6), st.sampled_from(STOPWORDS))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(small_word, max_size=30), max_size=8), st.lists(small_word, max_size=20))
def test_an_index_of_drawn_lists_is_their_frozensets(
    kernel: ModuleType, lists: list[list[str]], probes: list[str]
) -> None:
    """Repeats within a list, words of every code unit size, the empty word, words in several lists."""
    index = kernel.StopIndex(lists)
    sets = tuple(map(frozenset, lists))
    assert index.lists == len(lists)
    assert index.sizes == tuple(map(len, sets))
    for w in [*probes, *(w for words in lists for w in words)]:
        assert index.lanes_of(w) == lang._lanes_py(w, sets)


def _same_index(kernel: ModuleType, texts: list[str]) -> None:
    """The index the kernel reads from the lists' texts (`StopIndex(texts, lower)`, as `lang._native_index` builds it)
    is the one of their words as `lang._list_words` reads them (`lower(text).splitlines()`): the same lists, sizes and
    words, each in the same lists."""
    lower = compiled_lang.lower
    lists = [lower(text).splitlines() for text in texts]
    index = kernel.StopIndex(texts, lower)
    expected = kernel.StopIndex(lists)
    assert (index.lists, index.sizes, len(index)) == (expected.lists, expected.sizes, len(expected))
    for w in {w for words in lists for w in words}:
        assert index.lanes_of(w) == expected.lanes_of(w), repr(w)


# Every line break `str.splitlines` splits on (and "\r\n" as one), and characters it does not ("\x1f", NEL's
# neighbours); lines in ASCII, Latin-1, two- and four-byte code units, with capitals that lower in ASCII, outside it,
# to two code points ("İ") and by context (a final "Σ").
BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\n\n", "\r\r\n"]
list_line = st.lists(st.sampled_from([*PIECES, "\x1f", "\x84", "\x86", "Ab", "ÉLYSÉE", "İ", "ΟΔΟΣ", "Σ"]), max_size=6)
list_text = st.lists(st.tuples(list_line.map("".join), st.sampled_from(BREAKS)), max_size=12).map(
    lambda pairs: "".join(a + b for a, b in pairs)
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(list_text, st.text(max_size=40)), max_size=6))
def test_an_index_read_from_the_lists_texts_is_the_one_of_their_words(kernel: ModuleType, texts: list[str]) -> None:
    _same_index(kernel, texts)


def test_an_index_read_from_text_lowers_and_splits_every_code_point_as_python(kernel: ModuleType) -> None:
    """Each code point alone on a line, between capitals, and as a line's end (a line break or not)."""
    points = [chr(c) for c in range(sys.maxunicode + 1)]
    chunk = 4096
    for at in range(0, len(points), chunk):
        part = points[at : at + chunk]
        _same_index(kernel, ["\n".join(part), "".join(f"A{c}Σ\nx{c}" for c in part)])


def _views(lines: list[str]) -> Iterator[list[str]]:
    """The page and its tails: the guess is made on the views the rounds and the learned stage cut."""
    for cut in (0, 1, 5, 20, len(lines) // 2):
        if cut < len(lines) or cut == 0:
            yield lines[cut:]


@pytest.mark.corpus
def test_sample_choice_is_the_twins_guess_on_every_dev_text_rendering(kernel: ModuleType) -> None:
    pages = 0
    for lines in text_pages():
        for view in _views(lines):
            _both(view)
        pages += 1
    assert pages > 1_000
