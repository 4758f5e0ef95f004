"""The learned stage's line reading by the kernel gives its pure twin's answer (issue 13): `features.line_stats` through
`_firstsight.line_table` against `features._line_stats_py`, to the bit.

The kernel is built by the compiled build only (`CLEANER_COMPILE=1`): in the plain install every test here skips with
that reason. cleaner/learned is never compiled by mypyc, so the twin runs here as the pure build runs it. Compared: the
table (every column, after `complete` too) and every array `complete` reads (code points, property bits, digits, line
bounds, word starts and their lines), on generated lines (whitespace of every kind, digits of other scripts, code
points above the property table, capital sigmas and a dotted capital I, stoplists with and without given shares) and
on the dev corpus's text renderings with their guessed stoplists.

`_firstsight.line_rows` (every column a model asks for, in one call) is compared with its twin `_line_rows_py`
(`_line_stats_py`, `complete` and `fill_rows` of every row) the same ways, for the shipped model's columns, all the
kernel fills and single ones, on lines that add second-person and promotion words (cased, quoted, glued to
punctuation, with a Kelvin sign or a dotted capital I), dates, list marks, colons and ellipses.

`_firstsight.memo_rows` (`RowMemo.stats` in one call: the memo's look-ups, the classifier's shares and the new rows) is
compared with its twin `RowMemo._stats_py`: two memos fed the same pages, one read by each, give the same stats (table,
line index, known flags, the rows read, the columns filled) and keep the same rows, on generated lines and on dev
pages read whole, then with lines gone (some rows from the memo, some read), then again (every row from the memo).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.heuristics.lang import stoplist_for
from cleaner.learned import features as F
from cleaner.learned import rows
from cleaner.learned.rows import RowMemo
from cleaner.learned.stage import LearnedStage
from cleaner.lines import split_lines
from tests.conftest import require_corpus, require_kernel

WHITESPACE = [chr(c) for c in range(0x3001) if chr(c).isspace()] + ["\u200b", "\ufeff", "\x85"]
STOP = frozenset(["the", "of", "und", "die", "ὁ", "σας", "i̇n", "était", "a"])
PIECES = [
    "The",
    "the",
    "OF",
    "of,",
    "Und",
    "ÉTAIT",
    "était",
    "ΣΑΣ",
    "σας",
    "İN",
    "|",
    "١٢",
    "٣",
    "12",
    "x1",
    "漢字",
    "\U0001f600",
    "…",
    ".",
    "!",
    ":",
    "-",
    "•",
    "a",
    "A",
    "www.x.com",
    "@",
]
# ...and the pieces of the columns `line_rows` adds (second-person and promotion words, dates, list marks).
ROW_PIECES = [
    *PIECES,
    "YOU",
    "you're",
    "(Your)",
    "«dein»",
    "Deinen,",
    "vous",
    "tú",
    "TÚ",
    "yourselfs",
    "Subscribe",
    "SUSCRÍBETE",
    "suscríbete",
    "İnscrire",
    "inscrİre",
    "İn",
    "COO\u212aIE",
    # A word opening with a character above ASCII: the second-person test rules it out by that character's lower case.
    "Über",
    "ÜBER",
    "Ýou",
    "\u212aein",
    "Σsubscr",
    "newsletter:",
    "“Datenschutz”",
    "- ",
    "* ",
    "•\t",
    "1.",
    "12)",
    "١.",
    "12.05",
    "1:2",
    "3/4/",
    "1999",
    "2024",
    "19999",
    "x2024",
    "...",
    "..",
    "a...",
    "\n",
]


@pytest.fixture(scope="module")
def kernel() -> ModuleType:
    return require_kernel("cleaner.heuristics._firstsight")


def test_the_module_uses_the_kernel_when_built(kernel: ModuleType) -> None:
    from cleaner import native

    if native.SWITCH in os.environ:
        pytest.skip(f"{native.SWITCH} is set")
    assert F._LINES_NATIVE is kernel


def _same(kernel: ModuleType, lines: Sequence[str], stop: frozenset[str], shares: list[float | None] | None) -> None:
    bare = [s.strip() for s in lines]
    idx = [k for k, s in enumerate(bare) if s]
    kept = [s for s in bare if s]
    if not kept:
        return
    twin = F._line_stats_py(idx, kept, stop, shares)
    got = F._line_stats_native(kernel, idx, list(kept), stop, shares)
    assert got.index.tobytes() == twin.index.tobytes()
    assert got.table.tobytes() == twin.table.tobytes()
    a, b = got.pending, twin.pending
    assert a is not None and b is not None
    assert a.lines == b.lines and a.text == b.text
    # The native reading lowercases the text when a column first reads it (`F._lower`); until then whether lowercasing
    # keeps the text's places is read from the text itself.
    assert a.lower is None and F._keeps_places(a) == F._keeps_places(b)
    for name in ("code", "props", "start", "last", "starts_at", "line_of", "digit"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and x.tobytes() == y.tobytes(), name
    # and what `complete` makes of them (the native reading's text not lowercased before)
    assert F.complete(got).table.tobytes() == F.complete(twin).table.tobytes()
    assert F._lower(a) == F._lower(b) and F._tokens(a) == F._tokens(b)


@st.composite
def _line(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(PIECES), max_size=12))
    gaps = draw(st.lists(st.text(st.sampled_from([" ", " ", *WHITESPACE]), min_size=1, max_size=2), min_size=12))
    out = "".join(w + g for w, g in zip(words, gaps, strict=False))
    return draw(st.text(st.sampled_from(WHITESPACE), max_size=2)) + out


@settings(max_examples=300, deadline=None)
@given(st.lists(_line(), max_size=25), st.sampled_from([STOP, frozenset()]), st.data())
def test_generated_lines_are_read_as_the_twin_reads_them(
    kernel: ModuleType, lines: list[str], stop: frozenset[str], data: st.DataObject
) -> None:
    n = sum(1 for s in lines if s.strip())
    shares = data.draw(
        st.one_of(st.none(), st.lists(st.sampled_from([None, 0.0, 0.25, 0.5, 1 / 3]), min_size=n, max_size=n))
    )
    _same(kernel, lines, stop, shares)


def test_edges(kernel: ModuleType) -> None:
    for lines in (["x"], ["|"], ["||"], ["| a |"], ["1"], ["a.", "b…", "c"], ["\u3000x\u3000"], ["ΟΔΟΣ ΣΑΣ"]):
        for stop in (STOP, frozenset()):
            _same(kernel, lines, stop, None)
            _same(kernel, lines, stop, [0.5] * len(lines))
    with pytest.raises(ValueError):
        F._line_stats_native(kernel, [0], [""], STOP, None)


def test_dev_corpus_pages_are_read_as_the_twin_reads_them(kernel: ModuleType) -> None:
    """Every dev text rendering of tf and sites (every other one of sh and dn), with its guessed stoplist, with and
    without shares for its long lines."""
    corpus = require_corpus()
    paths = sorted(corpus.glob("tf/*/*.txt")) + sorted(corpus.glob("sites/*/*.txt"))
    paths += sorted(corpus.glob("sh/*/*.txt"))[::2] + sorted(corpus.glob("dn/*/*.txt"))[::5]
    assert paths
    for path in paths:
        lines = split_lines(path.read_text(encoding="utf-8"))
        _lang, stop = stoplist_for(lines)
        kept = [s.strip() for s in lines if s and s.strip()]
        _same(kernel, [s or "" for s in lines], stop, None)
        shares: list[float | None] = [0.25 if len(s) >= 100 else None for s in kept]
        _same(kernel, [s or "" for s in lines], stop, shares)


def test_the_module_fills_rows_by_the_kernel_when_built(kernel: ModuleType) -> None:
    from cleaner import native

    if native.SWITCH in os.environ:
        pytest.skip(f"{native.SWITCH} is set")
    assert F._ROWS_NATIVE is kernel


# The column sets compared: the shipped model's, every column the kernel fills, and each alone.
_SHIPPED = LearnedStage().columns
_COLUMN_SETS = [_SHIPPED, F.ROW_COLUMNS, *(frozenset([c]) for c in sorted(F.ROW_COLUMNS))]


def _rows_same(
    kernel: ModuleType, lines: Sequence[str], stop: frozenset[str], shares: list[float | None] | None
) -> None:
    kept = [s.strip() for s in lines if s.strip()]
    if not kept:
        return
    for columns in _COLUMN_SETS:
        twin = F._line_rows_py(list(kept), stop, shares, columns)
        got = F._line_rows_native(kernel, list(range(len(kept))), list(kept), stop, shares, columns)
        assert got.table.tobytes() == twin.tobytes(), sorted(columns)


@st.composite
def _row_line(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(ROW_PIECES), max_size=10))
    gaps = draw(st.lists(st.sampled_from(["", " ", " ", "\t", "\u3000", "\x1c"]), min_size=10, max_size=10))
    return "".join(w + g for w, g in zip(words, gaps, strict=False))


@settings(max_examples=300, deadline=None)
@given(st.lists(_row_line(), max_size=20), st.sampled_from([STOP, frozenset()]), st.data())
def test_generated_lines_fill_the_rows_the_twin_fills(
    kernel: ModuleType, lines: list[str], stop: frozenset[str], data: st.DataObject
) -> None:
    n = sum(1 for s in lines if s.strip())
    shares = data.draw(st.one_of(st.none(), st.lists(st.sampled_from([None, 0.25, 0.5]), min_size=n, max_size=n)))
    _rows_same(kernel, lines, stop, shares)


def test_row_edges(kernel: ModuleType) -> None:
    for lines in (["x"], ["..."], ["-"], ["1."], ["1. x"], ["- x", "• y", "12) z"], ["İ"], ["you"], ["19"], ["1.2"]):
        for stop in (STOP, frozenset()):
            _rows_same(kernel, lines, stop, None)
    with pytest.raises(ValueError):
        F._line_rows_native(kernel, [0], [""], STOP, None, _SHIPPED)


def test_dev_corpus_pages_fill_the_rows_the_twin_fills(kernel: ModuleType) -> None:
    """A third of the dev text renderings of tf, sh, sites and dn, with their guessed stoplists, with and without
    shares for their long lines."""
    corpus = require_corpus()
    paths = [p for source in ("tf", "sh", "sites", "dn") for p in sorted(corpus.glob(f"{source}/*/*.txt"))[::3]]
    assert paths
    for path in paths:
        lines = [s or "" for s in split_lines(path.read_text(encoding="utf-8"))]
        _lang, stop = stoplist_for(lines)
        _rows_same(kernel, lines, stop, None)
        kept = [s.strip() for s in lines if s.strip()]
        _rows_same(kernel, lines, stop, [0.25 if len(s) >= 100 else None for s in kept])


def test_the_memo_reads_rows_by_the_kernel_when_built(kernel: ModuleType) -> None:
    from cleaner import native

    if native.SWITCH in os.environ:
        pytest.skip(f"{native.SWITCH} is set")
    assert rows._MEMO_ROWS is kernel
    assert RowMemo(_SHIPPED)._want


def _counted(kept: Sequence[str | None]) -> dict[str, tuple[int, float]]:
    """Classifier-like shares by raw line: long lines counted, short ones that end like a sentence at 0.0 (which the
    memo must not take), and a short one without a sentence end counted."""
    out: dict[str, tuple[int, float]] = {}
    for k, s in enumerate(kept):
        if s and s.strip():
            if len(s) >= 100:
                out[s] = (len(s), 0.25 if k % 2 else 1 / 3)
            elif k % 3 == 0:
                out[s] = (len(s), 0.0 if s.strip()[-1] in ".!?:" else 0.5)
    return out


def _memos_same(pages: Sequence[Page], columns: frozenset[int]) -> None:
    """Two memos fed `pages` (kept view, stoplist, with shares), one read by the kernel and one by the twin."""
    native, twin = RowMemo(columns), RowMemo(columns)
    assert native._want
    for kept, stop, with_shares in pages:
        counted = _counted(kept) if with_shares else None
        stripped, lines = rows._stripped(kept)
        got, got_lines = native._stats_native(kept, list(stripped), list(lines), stop, counted)
        want, want_lines = twin._stats_py(kept, list(stripped), list(lines), stop, counted)
        assert got_lines == want_lines
        assert got.index.tobytes() == want.index.tobytes()
        assert got.table.tobytes() == want.table.tobytes()
        assert got.filled == want.filled and got.pending is None and want.pending is None
        for x, y in ((got.part, want.part), (got.known, want.known)):
            assert (x is None) == (y is None)
            if x is not None and y is not None:
                assert x.dtype == y.dtype and x.tobytes() == y.tobytes()
        native.keep(got, stop, got_lines)
        twin.keep(want, stop, want_lines)
        assert native.size == twin.size and native._banks.keys() == twin._banks.keys()
        for key, bank in native._banks.items():
            other = twin._banks[key]
            assert bank.at == other.at and bank.size == other.size
            assert bank.rows[: bank.size].tobytes() == other.rows[: other.size].tobytes()
            assert bank.known[: bank.size].tobytes() == other.known[: other.size].tobytes()


Page = tuple[list[str | None], frozenset[str], bool]  # a kept view, its stoplist, whether it has shares


def _views(kept: list[str | None], stop: frozenset[str], with_shares: bool) -> list[Page]:
    """The page, the page with every third line gone and a new line added, and the page again."""
    less: list[str | None] = [None if k % 3 == 1 else s for k, s in enumerate(kept)] + ["A line not seen before."]
    return [(kept, stop, with_shares), (less, stop, with_shares), (kept, stop, with_shares)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), _row_line()), max_size=20), st.sampled_from([STOP, frozenset()]), st.booleans())
def test_generated_pages_are_read_with_the_memo_as_the_twin_reads_them(
    kernel: ModuleType, lines: list[str | None], stop: frozenset[str], with_shares: bool
) -> None:
    for columns in (_SHIPPED, F.ROW_COLUMNS):
        _memos_same(_views(lines, stop, with_shares), columns)


def test_dev_corpus_pages_are_read_with_the_memo_as_the_twin_reads_them(kernel: ModuleType) -> None:
    """A fifth of the dev text renderings of tf, sh, sites and dn through one pair of memos, with their guessed
    stoplists, with and without the classifier's shares; pages of one site share lines, so later pages mix rows."""
    corpus = require_corpus()
    paths = [p for source in ("tf", "sh", "sites", "dn") for p in sorted(corpus.glob(f"{source}/*/*.txt"))[::5]]
    assert paths
    pages: list[Page] = []
    for n, path in enumerate(paths):
        kept: list[str | None] = list(split_lines(path.read_text(encoding="utf-8")))
        _lang, stop = stoplist_for(kept)
        pages += _views(kept, stop, n % 2 == 0)
    _memos_same(pages, _SHIPPED)
