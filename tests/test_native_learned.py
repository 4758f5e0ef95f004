"""The learned stage's kernel gives its pure twins' answers (issue 13; cleaner/learned/_reading.pyx, setup.py's
NATIVE): the gate `learned.worth_reading`, `features._region` and `_shapes`, and `LineModel._patterns`.

The kernel is built by the compiled build only (`CLEANER_COMPILE=1`): in the plain install every test here skips with
that reason. cleaner/learned is never compiled by mypyc, so the twin `learned._worth_reading` runs here as the pure
build runs it; it is compared with the kernel on generated views (whitespace of every kind around short and long
lines, sentence ends, None and blank lines, margins of either sign, lazy iterables) and on every view of the dev
corpus's text renderings, cut at each line. `features._region` is compared with the kernel on generated prose flags, and
the whole feature matrix of dev pages (`features.assemble`) with the kernel and with the twin, to the bit, and
`assemble`'s rows by the kernel (`rows_before`, `rows_after`) on generated tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from types import ModuleType, SimpleNamespace
from typing import cast

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import learned
from cleaner.heuristics.lang import stoplist_for
from cleaner.learned import features as F
from cleaner.learned.model import LineModel
from cleaner.lines import split_lines
from tests.conftest import require_corpus, require_kernel

WHITESPACE = [chr(c) for c in range(0x3001) if chr(c).isspace()] + ["\u200b", "\ufeff", "\x85"]
ENDS = sorted(learned.SENTENCE_END)


@pytest.fixture(scope="module")
def kernel() -> ModuleType:
    return require_kernel("cleaner.learned._reading")


def test_the_module_uses_the_kernel_when_built(kernel: ModuleType) -> None:
    from cleaner import native

    if native.SWITCH in os.environ:
        pytest.skip(f"{native.SWITCH} is set")
    assert learned.worth_reading is kernel.worth_reading
    assert F._NATIVE is kernel
    assert F._SECOND_NATIVE is kernel


def _both(kernel: ModuleType, view: Sequence[str | None], margin: int) -> None:
    expected = learned._worth_reading(view, margin)
    assert kernel.worth_reading(view, margin) == expected
    assert kernel.worth_reading(iter(view), margin) == expected  # a lazy iterable, read as far as needed
    if margin == 0:
        assert kernel.worth_reading(view) == expected


@st.composite
def _lines(draw: st.DrawFn) -> str | None:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return None
    pad = st.text(st.sampled_from(WHITESPACE), max_size=3)
    body = draw(st.text(st.sampled_from([*"abc Zé.", "\u3000", "\xa0", "„", "“", *ENDS]), min_size=0, max_size=6))
    size = draw(st.sampled_from([0, 1, 60, 68, 69, 70, 71, 120]))
    body = (body * (size // max(len(body), 1) + 1))[:size] if body else body
    tail = draw(st.sampled_from(["", "", *ENDS, "x", " "]))
    return draw(pad) + body + tail + draw(pad)


@settings(max_examples=400, deadline=None)
@given(st.lists(_lines(), max_size=30), st.integers(-4, 9))
def test_generated_views_are_judged_as_the_twin_judges_them(
    kernel: ModuleType, view: list[str | None], margin: int
) -> None:
    _both(kernel, view, margin)


def test_edges(kernel: ModuleType) -> None:
    short = "Home"
    for view in (
        [],
        [None] * 30,
        [""] * 30,
        [" \t\u3000"] * 30,
        [short] * 7,
        [short] * 9,
        [short] * 10,
        [f"  {short}\u2003"] * 10,
        ["x" * 69] * 10,
        ["x" * 70] * 10,
        [" " + "x" * 69 + " "] * 10,
        ["Ende."] * 10,
        ["Ende.“"] * 10,
        ["Ende. "] * 10,
        ["é" * 69 + "\u3000"] * 10,
        ["Σ" * 10 + "\x1c"] * 10,
    ):
        for margin in (-3, 0, 2, 8, 20):
            _both(kernel, view, margin)


def _views() -> Iterator[list[str]]:
    corpus = require_corpus()
    for path in sorted(corpus.glob("*/*/*.txt")):
        yield split_lines(path.read_text(encoding="utf-8"))


def test_dev_corpus_views_and_their_cuts(kernel: ModuleType) -> None:
    """Every dev text rendering, whole and from each of its first lines down, with the margins the callers use."""
    seen = 0
    for lines in _views():
        for start in range(min(len(lines), 12)):
            view = lines[start:]
            for margin in (-2, 0, 2):
                _both(kernel, view, margin)
        seen += 1
    assert seen


def _regions(kernel: ModuleType, good: np.ndarray, chars: np.ndarray) -> None:
    n = len(good)
    prose_chars = chars * good
    good_at = good.nonzero()[0]
    expected, inside = np.full((5, n), -7.0), np.full(n, -7.0)
    share = F._region(good, good_at, prose_chars, F._frame(n), expected, inside)
    got, got_inside = np.full((5, n), -5.0), np.full(n, -5.0)
    assert kernel.region(good.view(np.uint8), prose_chars, got, got_inside, F.BLOCK_GAP) == share
    assert got.tobytes() == expected.tobytes() and got_inside.tobytes() == inside.tobytes()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(60, 900)), max_size=80), st.integers(0, 3))
def test_generated_prose_flags_give_the_twins_regions(
    kernel: ModuleType, rows: list[tuple[bool, int]], spread: int
) -> None:
    # Spread the prose lines apart (every `spread`-th row kept as drawn, the others not prose) to reach the block gaps.
    good = np.array([g and (spread == 0 or k % (spread * F.BLOCK_GAP) < F.BLOCK_GAP) for k, (g, _) in enumerate(rows)])
    _regions(kernel, good.astype(bool), np.array([float(c) for _, c in rows]))


def test_region_edges(kernel: ModuleType) -> None:
    for flags in ([], [True], [False], [True] * 5, [False] * 5, [True] + [False] * 30 + [True] * 2):
        good = np.array(flags, bool)
        _regions(kernel, good, np.full(len(good), 150.0))
    # Two blocks of equal weight: the first is the main one.
    good = np.zeros(40, bool)
    good[[2, 30]] = True
    _regions(kernel, good, np.full(40, 120.0))


def _dev_views(patterns: Sequence[str], step: int) -> Iterator[tuple[list[str], frozenset[str]]]:
    """Every `step`-th dev corpus rendering matching each of `patterns`, as its lines and their guessed stoplist."""
    corpus = require_corpus()
    paths = [path for pattern in patterns for path in sorted(corpus.glob(pattern))[::step]]
    assert paths
    for path in paths:
        lines = split_lines(path.read_text(encoding="utf-8"))
        yield lines, stoplist_for(lines)[1]


def test_dev_pages_features_are_the_twins_to_the_bit(kernel: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole feature matrix of dev pages (tf and sites fulltext), with the kernel's rows (`rows_before`,
    `rows_after`), with its regions and shapes alone and with the twins'."""
    if F._NATIVE is None:
        pytest.skip("CLEANER_NATIVE=0: the module runs the twins")
    for lines, stop in _dev_views(("tf/*/fulltext.txt", "sites/*/fulltext.txt"), 3):
        if not stop:
            continue
        matrices = []
        rows_kernel = F._ROWS
        for chosen, rows in ((kernel, rows_kernel), (kernel, None), (None, None)):
            monkeypatch.setattr(F, "_NATIVE", chosen)
            monkeypatch.setattr(F, "_ROWS", rows)
            matrices.append(F.assemble(F.line_stats(lines, stop)).matrix)
        assert matrices[0].tobytes() == matrices[1].tobytes() == matrices[2].tobytes(), lines[:3]


def _random_models(rng: np.random.Generator, most_trees: int, depths: Sequence[int] = (1, 2, 3)) -> list[LineModel]:
    """A model of random trees for each depth (each packed depth, 1 to 3, by default), up to `most_trees` trees, on
    thresholds rows sit on."""
    width = len(F.FEATURES)
    models = []
    for depth in depths:
        inner = (1 << depth) - 1
        trees = int(rng.integers(1, most_trees))
        feature = rng.integers(0, width, (trees, inner))
        threshold = rng.choice([-1.0, 0.0, 0.5, 1.0, 2.5], (trees, inner))
        value = rng.normal(size=(trees, 2 * inner + 1))
        models.append(LineModel(0.1, depth, feature, threshold, value, 0.5, {}))
    return models


def _on_thresholds(m: LineModel) -> np.ndarray:
    """The model's thresholds and the values either side of each: the values a test can tell apart."""
    bars = np.unique(m.threshold)
    return np.concatenate((bars, np.nextafter(bars, np.inf), np.nextafter(bars, -np.inf)))


def test_the_models_tests_are_packed_as_the_twin_packs_them(kernel: ModuleType) -> None:
    """`LineModel._patterns` by the kernel and by `_patterns_py`: the shipped model's trees, and random trees of every
    depth up to the packed limit, on rows that sit on the thresholds, either side of them, and NaN."""
    from cleaner.learned.model import _squashed
    from cleaner.learned.stage import shipped_model

    rng = np.random.default_rng(13)
    width = len(F.FEATURES)
    models = [shipped_model(), *_random_models(rng, 40)]
    for m in models:
        for rows in (0, 1, 7, 64):
            x = rng.choice(_on_thresholds(m), (rows, width))
            if rows:
                x[0, 0] = np.nan
            for view in (x, np.ascontiguousarray(x.T)[:, ::-1].T, x[::2]):
                got, want = m._patterns(view), m._patterns_py(view)
                assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
                assert m._summed(got).tobytes() == m._summed(want).tobytes()
                assert _squashed(m._summed(got)).tobytes() == m.probability(view).tobytes()


def _shapes_both(kernel: ModuleType, table: np.ndarray, alternate: bool) -> None:
    n = len(table)
    want = (np.full(n, -3.0), np.full(n, -3.0))
    F._shapes(table, *want, alternate)
    got = (np.full(n, -2.0), np.full(n, -2.0))
    kernel.shapes(table, F._WORDS, F._ENDS, F._UPPER, F._DIGITS, float(F.SHAPE_MAX_WORDS), *got, alternate)
    assert got[0].tobytes() == want[0].tobytes() and got[1].tobytes() == want[1].tobytes()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.booleans(), st.booleans(), st.integers(0, 4)), max_size=40),
    st.booleans(),
)
def test_generated_rows_have_the_twins_shapes(
    kernel: ModuleType, rows: list[tuple[int, bool, bool, int]], alternate: bool
) -> None:
    table = np.zeros((len(rows), F.TABLE_COLUMNS))
    for k, (words, ends, upper, digits) in enumerate(rows):
        table[k, [F._WORDS, F._ENDS, F._UPPER, F._DIGITS]] = (words, ends, upper, digits)
    _shapes_both(kernel, table, alternate)
    if len(table):
        _shapes_both(kernel, table[::2], alternate)  # rows of a strided table


def _assembled_both(stats: F.LineStats, rows: np.ndarray | None, unread: frozenset[str]) -> None:
    got = F.assemble(stats, rows, unread=unread)
    rows_kernel = F._ROWS
    try:
        F._ROWS = None
        expected = F.assemble(stats, rows, unread=unread)
    finally:
        F._ROWS = rows_kernel
    assert got.matrix.tobytes() == expected.matrix.tobytes()
    assert got.short_run.tobytes() == expected.short_run.tobytes()


@st.composite
def _table(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(1, 60))
    table = np.zeros((n, F.TABLE_COLUMNS))
    for k in range(n):
        words = draw(st.integers(0, 40))
        table[k, F._WORDS] = words
        table[k, F._CHARS] = draw(st.sampled_from([1, 5, 30, 69, 70, 71, 99, 100, 101, 250, 900]))
        table[k, F._STOPS] = draw(st.integers(0, words))
        for col in (F._ENDS, F._UPPER, F._LIST, F._COLON, F._DATE, F._ELLIP, F._WEBM, F._TABLE, F._COMMENT):
            table[k, col] = draw(st.integers(0, 1))
        for col in (F._DIGITS, F._TITLE, F._CAPS, F._SECOND, F._PROMO, F._SEPS):
            table[k, col] = draw(st.integers(0, 9))
    return table


@settings(max_examples=300, deadline=None)
@given(_table(), st.booleans(), st.booleans(), st.booleans())
def test_generated_tables_give_the_twins_feature_rows(
    kernel: ModuleType, table: np.ndarray, some: bool, all_filled: bool, alternates: bool
) -> None:
    """`assemble`'s rows by the kernel (`rows_before`, `rows_after`) and by its NumPy twin, to the bit, on every row or
    every other one, with the late columns filled or not and the alternates read or not."""
    if F._ROWS is None:
        pytest.skip("CLEANER_NATIVE=0: the module runs the twins")
    n = len(table)
    filled = frozenset(F._LATE) if all_filled else frozenset()
    stats = F.LineStats(np.arange(n, dtype=np.int64), table, None, filled)
    rows = np.arange(0, n, 2, dtype=np.int64) if some else None
    _assembled_both(stats, rows, frozenset() if alternates else frozenset({"alternates"}))


def _guarded_both(stats: F.LineStats, alive: np.ndarray | None) -> None:
    from cleaner.learned import stage as S

    if S._NATIVE is None:
        pytest.skip("CLEANER_NATIVE=0: the stage runs the twin")
    got, want = S.guarded(stats, alive), S._guarded_py(stats, alive)
    for name in ("words", "stop_share", "ends", "digit_run", "table_row"):
        x, y = getattr(got[0], name), getattr(want[0], name)
        assert x.dtype == y.dtype and x.tobytes() == y.tobytes(), name
    assert got[0].prose_stop == want[0].prose_stop and type(got[0].prose_stop) is float
    assert got[1].dtype == want[1].dtype and got[1].tobytes() == want[1].tobytes()
    assert got[2] == want[2]
    assert got[3].dtype == want[3].dtype and got[3].tobytes() == want[3].tobytes()


@settings(max_examples=300, deadline=None)
@given(_table(), st.integers(0, 3), st.integers(0, 8))
def test_generated_tables_give_the_twins_guards(kernel: ModuleType, table: np.ndarray, step: int, share: int) -> None:
    """The stage's guards of a round (`stage.guarded`: basics, prose, the open rows) by the kernel and by the twin, to
    the bit, on every row or on the rows left after removals (every other, every third, the first rows), with the
    stopword counts making shares around the prose level (the median of an odd and an even count of prose rows)."""
    n = len(table)
    table[:, F._STOPS] = np.minimum(table[:, F._WORDS], (table[:, F._WORDS] * share) // 8)
    stats = F.LineStats(np.arange(n, dtype=np.int64), table)
    alive = (
        None
        if step == 0
        else np.arange(0, n, step + 1, dtype=np.int64)
        if step < 3
        else np.arange(max(n // 2, 1), dtype=np.int64)
    )
    _guarded_both(stats, alive)


def test_dev_pages_guards_are_the_twins(kernel: ModuleType) -> None:
    """`stage.guarded` by the kernel and by the twin on the tables of dev pages (tf and sh fulltext), whole and with the
    first rounds' removals made (every fifth row gone)."""
    for lines, stop in _dev_views(("tf/*/fulltext.txt", "sh/*/fulltext.txt"), 4):
        stats = F.line_stats(lines, stop)
        _guarded_both(stats, None)
        alive = np.arange(len(stats.table), dtype=np.int64)
        _guarded_both(stats, alive[alive % 5 != 0])


def test_the_rows_leaves_give_the_twins_scores(kernel: ModuleType) -> None:
    """`LineModel.scores_at` (the kernel's `leaves`, read where the rows stand) and `scores` of the gathered rows (its
    twin), to the bit, and the leaves their patterns name: the shipped model's trees and random ones of every packed
    depth, on rows that sit on the thresholds, either side of them, and NaN, every row or some of them in order (as the
    stage scores its open rows)."""
    from cleaner.learned import model as M
    from cleaner.learned.stage import shipped_model

    if M._LEAVES is None:
        pytest.skip("CLEANER_NATIVE=0: the model runs the twin")
    rng = np.random.default_rng(26)
    width = len(F.FEATURES)
    models = [shipped_model(), *_random_models(rng, 70)]
    for m in models:
        for n in (1, 2, 9, 80):
            xt = rng.choice(_on_thresholds(m), (width, n))
            xt[0, 0] = np.nan
            for rows in (np.arange(n), np.arange(0, n, 3), np.arange(n)[-1:], np.arange(n)[:0]):
                got, want = m.scores_at(xt, rows), m.scores(xt[:, rows].T)
                assert got[0].tobytes() == want[0].tobytes()
                assert want[1] is not None and got[1] is not None and got[1].shape == want[1].shape
                # The kernel packs the tests on each row's path (the twin every inner node's): the same leaves, so
                # the same contributions; and every bit it sets is the twin's.
                assert np.array_equal(m.route[-1][got[1]], m.route[-1][want[1]])
                assert np.array_equal(got[1] & want[1], got[1])
                x = xt[:, rows].T
                assert m.contributions(x, got[1]).tobytes() == m.contributions(x, want[1]).tobytes()


def test_the_trees_score_rows_where_they_stand_as_the_twin(kernel: ModuleType) -> None:
    """`LineModel.scores_in` (the kernel's `Trees`: rows read where the table holds them, the sum over the trees and
    the clip made in one call) and `scores` of the gathered feature rows (its twin), to the bit: the shipped model and
    random ones of every packed depth, their leaf values also large enough to reach the clip at +-30, on tables that
    hold the features in shuffled rows among others, on rows that sit on the thresholds, either side of them, and NaN,
    every row or some of them in order, one row (the twin's path) and none."""
    from cleaner.learned import model as M
    from cleaner.learned.stage import shipped_model

    if M._TREES is None:
        pytest.skip("CLEANER_NATIVE=0: the model runs the twin")
    rng = np.random.default_rng(39)
    models = [shipped_model(), *_random_models(rng, 70)]
    models += [LineModel(m.base, m.depth, m.feature, m.threshold, 40.0 * m.value, m.cutoff, {}) for m in models]
    clipped = 0
    for m in models:
        for table, order, x, rows in _tables_of(rng, m):
            got, want = m.scores_in(table, rows, order), m.scores(x)
            assert got[0].tobytes() == want[0].tobytes()
            clipped += np.count_nonzero((want[0] < 1e-13) | (want[0] > 1.0 - 1e-13))
    assert clipped  # some rows' log-odds were clipped


def _tables_of(
    rng: np.random.Generator, m: LineModel
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Tables that hold the features in shuffled rows (`order`) among others, on values that sit on the model's
    thresholds, either side of them, and NaN; with the rows read (every one, some, one, none) and their features
    gathered: (table, order, the gathered rows, rows)."""
    width = len(F.FEATURES)
    order = rng.permutation(width + 5)[:width].astype(np.int64)
    for n in (1, 2, 9, 80):
        xt = rng.choice(_on_thresholds(m), (width, n))
        xt[0, 0] = np.nan
        table = rng.normal(size=(width + 5, n))
        table[order] = xt
        for rows in (np.arange(n), np.arange(0, n, 3), np.arange(n)[-1:], np.arange(n)[:0]):
            yield table, order, xt[:, rows].T, rows


def test_the_trees_contributions_are_the_twins_to_the_bit(kernel: ModuleType) -> None:
    """`LineModel.contributions_in` (the kernel's `Trees.contributions`: rows read where the table holds them, the
    changes added level by level, tree by tree) and `contributions` of the gathered feature rows (its twin's bincount),
    to the bit: the shipped model, random ones of every packed depth and deeper ones (the twin's level-by-level
    descent), their leaf values also x40, on tables that hold the features in shuffled rows among others, on rows that
    sit on the thresholds, either side of them, and NaN; every row, some, one and none."""
    from cleaner.learned import model as M
    from cleaner.learned.stage import shipped_model

    if M._TREES is None:
        pytest.skip("CLEANER_NATIVE=0: the model runs the twin")
    rng = np.random.default_rng(40)
    models = [shipped_model(), *_random_models(rng, 70, (1, 2, 3, 4, 5))]
    models += [LineModel(m.base, m.depth, m.feature, m.threshold, 40.0 * m.value, m.cutoff, {}) for m in models]
    for m in models:
        for table, order, x, rows in _tables_of(rng, m):
            got, want = m.contributions_in(table, rows, order, x), m.contributions(x)
            assert got.shape == want.shape and got.tobytes() == want.tobytes()


def test_the_trees_score_dev_pages_as_the_twin(kernel: ModuleType) -> None:
    """`scores_in` of `assemble`'s rows (`features.ORDER`) and `scores` of the feature matrix's rows, to the bit, with
    the shipped model on dev pages (tf and sh fulltext): every row, and every other row."""
    from cleaner.learned import model as M
    from cleaner.learned.stage import shipped_model

    if M._TREES is None:
        pytest.skip("CLEANER_NATIVE=0: the model runs the twin")
    m = shipped_model()
    for lines, stop in _dev_views(("tf/*/fulltext.txt", "sh/*/fulltext.txt"), 4):
        feats = F.assemble(F.line_stats(lines, stop))
        every = np.arange(len(feats.index))
        for rows in (every, every[::2]):
            got, want = m.scores_in(feats.internal, rows, F.ORDER), m.scores(feats.matrix[rows])
            assert got[0].tobytes() == want[0].tobytes()
            x = feats.matrix[rows]
            assert m.contributions_in(feats.internal, rows, F.ORDER, x).tobytes() == m.contributions(x).tobytes()


def _completed_both(lines: Sequence[str], stop: frozenset[str], switch: str, alone: frozenset[int]) -> None:
    """`complete`'s table of `lines` with the kernel `F.<switch>` and without it (its twin), to the bit: every column,
    and the columns `alone` alone."""
    saved = getattr(F, switch)
    tables = []
    for chosen in (saved, None):
        setattr(F, switch, chosen)
        try:
            for columns in (None, alone):
                stats = F.line_stats(lines, stop)
                F.complete(stats, columns)
                tables.append(stats.table)
        finally:
            setattr(F, switch, saved)
    assert tables[0].tobytes() == tables[2].tobytes() and tables[1].tobytes() == tables[3].tobytes(), lines


def _marked_both(lines: Sequence[str], stop: frozenset[str]) -> None:
    """The date and promotion-word columns by the kernel (`_reading.marks`) and by the twins (the pattern tried at each
    run of digits, the stems' needles)."""
    _completed_both(lines, stop, "_MARKS", frozenset({F._DATE, F._PROMO}))


_MARK_PIECES = [
    "12.05",
    "1.5.",
    "3/4",
    "12:30",
    "123.4",
    "1.234",
    "12.3a",
    "a12.3",
    "_12.3",
    "1999",
    "2024",
    "20245",
    "1899",
    "2000s",
    "(2019)",
    "19",
    "٣.٤",
    "１２.３",
    "2٠٢٤",
    "Subscribe",
    "SUBSCRIPTION",
    "«newsletter»",
    "(Cookies)",
    "cooKie",
    "COO\u212aIE",
    "Suscríbete",
    "SUSCRÍBETE",
    "İnscrire",
    "Σsubscr",
    "--privacy--",
    "downlo",
    "downl",
    "abonnieren!",
    "Werbung:",
    "x",
    "and",
    "—",
    "…",
    "é",
    "\u00a0",
    "\u2003",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_MARK_PIECES), min_size=1, max_size=8), min_size=1, max_size=12), st.data())
def test_generated_lines_have_the_twins_dates_and_promotion_words(
    kernel: ModuleType, pieces: list[list[str]], data: st.DataObject
) -> None:
    if F._MARKS is None:
        pytest.skip("CLEANER_NATIVE=0: the module runs the twins")
    glue = [data.draw(st.sampled_from([" ", "", ".", "/", ":", " / ", "\t"])) for _ in range(9)]
    lines = ["".join(p + glue[k % len(glue)] for k, p in enumerate(line)).strip() or "x" for line in pieces]
    _marked_both(lines, frozenset({"and", "the"}))


def test_dev_pages_dates_and_promotion_words_are_the_twins(kernel: ModuleType) -> None:
    """`complete`'s table of dev pages (tf, sh and sites, both text renderings), the kernel's marks and the twins'."""
    if F._MARKS is None:
        pytest.skip("CLEANER_NATIVE=0: the module runs the twins")
    for lines, stop in _dev_views(("tf/*/*.txt", "sh/*/*.txt", "sites/*/*.txt"), 5):
        _marked_both([s.strip() for s in lines if s.strip()], stop)


def test_only_one_character_lowercases_longer() -> None:
    """`features._keeps_places` reads a text's lowercase as keeping its length unless it holds U+0130: every other code
    point lowercases to one character in this Python's Unicode tables (final sigma in context too)."""
    longer = [c for c in map(chr, range(0x110000)) if len(c.lower()) != 1]
    assert longer == [F._LONGER_LOWER]
    assert len("ΑΣ ΣΑΣ Σ".lower()) == len("ΑΣ ΣΑΣ Σ")


@settings(max_examples=300, deadline=None)
@given(st.lists(_lines(), max_size=30))
def test_generated_views_are_stripped_as_the_twin_strips_them(kernel: ModuleType, view: list[str | None]) -> None:
    """`rows._stripped` (the kernel's `stripped`) and its twin: each line stripped, "" for None and blank lines, and the
    non-blank ones, on views with whitespace of every kind around their lines."""
    from cleaner.learned import rows

    if rows._stripped is rows._stripped_py:
        pytest.skip("CLEANER_NATIVE=0: the memo runs the twin")
    assert kernel.stripped(view) == rows._stripped_py(view)
    assert kernel.stripped(iter(view)) == rows._stripped_py(view)


def _title_capped_both(lines: Sequence[str], stop: frozenset[str]) -> None:
    """The title and capitals columns by the kernel (`_reading.title_caps`) and by the twin (NumPy's bincount and
    reduceat)."""
    _completed_both(lines, stop, "_TITLE_CAPS", frozenset({F._TITLE, F._CAPS}))


_CASED_PIECES = [
    "The",
    "the",
    "THE",
    "İstanbul",
    "ǅemal",
    "Σ",
    "ß",
    "Ⅻ",
    "Éé",
    "ÉTÉ",
    "x",
    "1999",
    "—",
    "«Le»",
    "\u00a0",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_CASED_PIECES), min_size=1, max_size=8), min_size=1, max_size=12), st.data())
def test_generated_lines_have_the_twins_titles_and_capitals(
    kernel: ModuleType, pieces: list[list[str]], data: st.DataObject
) -> None:
    if F._TITLE_CAPS is None:
        pytest.skip("CLEANER_NATIVE=0: the module runs the twin")
    glue = [data.draw(st.sampled_from([" ", "", "-", " / ", "\t"])) for _ in range(5)]
    lines = ["".join(p + glue[k % len(glue)] for k, p in enumerate(line)).strip() or "x" for line in pieces]
    _title_capped_both(lines, frozenset({"the", "le"}))


def test_dev_pages_titles_and_capitals_are_the_twins(kernel: ModuleType) -> None:
    """`complete`'s table of dev pages (tf, sh and sites, both text renderings), the kernel's title and capitals columns
    and the twin's."""
    if F._TITLE_CAPS is None:
        pytest.skip("CLEANER_NATIVE=0: the module runs the twin")
    for lines, stop in _dev_views(("tf/*/*.txt", "sh/*/*.txt", "sites/*/*.txt"), 5):
        _title_capped_both([s.strip() for s in lines if s.strip()], stop)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 2**10 - 1), min_size=1, max_size=40), st.data())
def test_capitals_count_as_reduceat_counts_them(kernel: ModuleType, props: list[int], data: st.DataObject) -> None:
    """Line starts that do not rise (NumPy's reduceat then counts the line's first character alone) and word starts
    anywhere: the kernel's counts are the twin's."""
    size = len(props)
    start = np.asarray(sorted(data.draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=8))), np.int64)
    starts_at = np.asarray(data.draw(st.lists(st.integers(0, size - 1), max_size=10)), np.int64)
    line_of = np.asarray([data.draw(st.integers(0, len(start) - 1)) for _ in starts_at], np.int64)
    joined = SimpleNamespace(props=np.asarray(props, np.uint16), start=start, starts_at=starts_at, line_of=line_of)
    title, caps = F._title_caps_py(cast(F._Joined, joined), len(start))
    got_title, got_caps = np.empty(len(start)), np.empty(len(start))
    kernel.title_caps(joined.props, start, starts_at, line_of, F._UPPER_CASE, got_title, got_caps)
    assert got_title.tolist() == title.tolist() and got_caps.tolist() == caps.tolist()


def _second_both(kernel: ModuleType, lines: list[str]) -> None:
    """The second-person column of `lines` by the kernel (`_reading.second_person`) and by the twin (the joined lines
    lowered, split, stripped and looked up, then summed per line by its word count)."""
    words = np.asarray([len(s.split()) for s in lines], np.float64)
    got = np.empty(len(lines))
    kernel.second_person(lines, got)
    assert got.tolist() == F._second_rows_py(lines, words).tolist(), lines


_SECOND_PIECES = [
    "you",
    "You",
    "YOUR",
    "«vous»",
    "(Du)",
    "you're",
    "YOU’RE",
    "you’ll!",
    "Tú",
    "TÚ",
    "twój",
    "TWÓJ",
    "VOCÊ",
    "İyou",
    "yourselves",
    "yourself...",
    "---you---",
    "y",
    "—",
    "…",
    "'",
    "Σ",
    "uΣ",
    "\u212aou",
    "the",
    "1999",
    "x",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_SECOND_PIECES), min_size=1, max_size=8), min_size=1, max_size=12), st.data())
def test_generated_lines_have_the_twins_second_person_words(
    kernel: ModuleType, pieces: list[list[str]], data: st.DataObject
) -> None:
    """Second-person words cased, quoted, bracketed and glued to punctuation or other words, with whitespace of
    every kind between them (the kernel's `second_person` and the twin `features._second_rows_py`)."""
    if F._SECOND_NATIVE is None:
        pytest.skip("CLEANER_NATIVE=0: the module runs the twin")
    glue = [data.draw(st.sampled_from([" ", "", ".", ",", " - ", *WHITESPACE[:8], "\u3000"])) for _ in range(9)]
    lines = ["".join(p + glue[k % len(glue)] for k, p in enumerate(line)).strip() or "x" for line in pieces]
    _second_both(kernel, lines)


def test_edge_code_points_around_second_person_words(kernel: ModuleType) -> None:
    """Every code point below U+3000 and the planes' edges before, inside and after a second-person word: the kernel
    strips, lowers and looks it up as the twin does."""
    if F._SECOND_NATIVE is None:
        pytest.skip("CLEANER_NATIVE=0: the module runs the twin")
    points = [*map(chr, range(1, 0x3000)), "\U0001f600", "\U0010ffff"]
    lines = [line for c in points for line in (f"{c}you", f"you{c}", f"yo{c}u {c}", f"{c}") if line.strip()]
    _second_both(kernel, lines)


def test_dev_pages_second_person_words_are_the_twins(kernel: ModuleType) -> None:
    """Every non-blank line of dev pages (tf, sh and sites, both renderings): the kernel's counts are the twin's."""
    if F._SECOND_NATIVE is None:
        pytest.skip("CLEANER_NATIVE=0: the module runs the twin")
    for lines, _stop in _dev_views(("tf/*/*.txt", "sh/*/*.txt", "sites/*/*.txt"), 5):
        _second_both(kernel, [s.strip() for s in lines if s.strip()])
