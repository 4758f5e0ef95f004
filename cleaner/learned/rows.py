"""Each line's row of the stage's per-line table, kept across documents.

A row (characters, words, stopwords, capitals, dates, promotion words, ...) is a function of the line's text
and the stoplist alone (`features.line_stats` and `complete` count every column within its own line, and
tests/test_learned.py checks them against the line-by-line definitions), so a line seen before needs no
reading. Lines recur across the pages of one site (menus, footers, teaser lists) and whenever a text is
cleaned again; the rules' prefilter and the headline's line tests keep their answers across documents for
the same reason. Reading the text was about a third of the stage's time (`line_stats` and `complete`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from cleaner.heuristics import features as heuristic
from cleaner.learned import features as F
from cleaner.memo_budget import LEARNED_ROWS
from cleaner.native import kernel

# Rows kept (over every stoplist) before the memo starts over (memo_budget).
MAX_ROWS = LEARNED_ROWS


@dataclass(slots=True)
class _Bank:
    """The rows of one stoplist's lines: line -> its index in `rows`; and which rows hold their BY_ROW columns."""

    at: dict[str, int] = field(default_factory=dict)
    rows: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, F.TABLE_COLUMNS)))
    known: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, np.bool_))
    size: int = 0


class RowMemo:
    """Rows of the table with `columns` filled (the columns a model reads), per stoplist, by line. The BY_ROW
    columns among them are filled only for the rows the stage scored (`F.fill_rows`): each row says whether it
    holds them (`F.LineStats.known`)."""

    def __init__(self, columns: frozenset[int]) -> None:
        self.columns = columns - F.BY_ROW
        # ...and every column, BY_ROW ones too, for `F.line_stats` to fill at once when its kernel is built.
        self.read = columns
        self._banks: dict[frozenset[str], _Bank] = {}
        self.size = 0  # rows kept, over every stoplist
        # The last `stats` made and its stoplist, until a row is kept: the lines it read were then in that stoplist's
        # bank nowhere (`keep` needs no look-up).
        self._unkept: tuple[F.LineStats, frozenset[str]] | None = None
        # The last `stats` whose new rows the kernel kept as it read them (`_stats_native`): `keep` has none to add.
        self._kept: F.LineStats | None = None
        # `memo_rows`' bits of the columns it fills (`F._line_rows_native`'s), and the columns they make filled; 0 when
        # the kernel is not built or `F.line_stats` would not read these columns by `line_rows` (then `_stats_py`).
        wanted = F.row_columns(columns) if _MEMO_ROWS is not None else None
        self._want = 0 if wanted is None else sum(1 << c for c in wanted)
        self._filled = F.CHEAP_COLUMNS if wanted is None else wanted | F.CHEAP_COLUMNS

    def stats(
        self,
        kept: Sequence[str | None],
        stop: frozenset[str],
        counted: Mapping[str, tuple[int, float]] | None = None,
    ) -> tuple[F.LineStats, list[str]]:
        """`F.line_stats(kept, stop)`, the rows of known lines taken from the memo (those are complete for
        `columns`) and only the others read; and the stripped non-blank lines, for `keep`. `counted` is the
        page-dump classifier's stopword shares by line text (`heuristics.features.stop_shares`), which the lines
        read take rather than count again. By the kernel `_firstsight.memo_rows` when it is built and fills the
        memo's columns (`_stats_native`), else by its twin `_stats_py`."""
        stripped, lines = _stripped(kept)
        if self._want and (counted is None or type(counted) is dict):
            return self._stats_native(kept, stripped, lines, stop, counted)
        return self._stats_py(kept, stripped, lines, stop, counted)

    def _stats_native(
        self,
        kept: Sequence[str | None],
        stripped: list[str],
        lines: list[str],
        stop: frozenset[str],
        counted: dict[str, tuple[int, float]] | None,
    ) -> tuple[F.LineStats, list[str]]:
        """`_stats_py` in one kernel call (`_firstsight.memo_rows`): each line looked up in the memo, its share taken
        and its row read where it stands, into the page's table, where the twin made a look-up list, the lists of new
        lines, raw lines and shares, an index list and five NumPy gathers and scatters per read. The rows read are kept
        as they are read (the kernel writes them into the bank `_room` makes room in), where `keep` kept them once the
        page was scored: the same rows at the same places, and at first sight nearly every row of a page is new."""
        n = len(lines)
        bank = self._room(stop, n)
        keep_from = -1 if bank is None else bank.size
        if bank is None:
            bank = self._banks.get(stop)
        table = np.zeros((n, F.TABLE_COLUMNS))
        index = np.empty(n, np.int64)
        known = np.empty(n, np.bool_)
        part = np.empty(n, np.int64)
        fresh = _MEMO_ROWS.memo_rows(  # type: ignore[union-attr]
            kept,
            stripped,
            stop,
            counted,
            heuristic.GOOD_CHARS,
            heuristic.SENTENCE_END,
            None if bank is None else bank.at,
            _NO_ROWS if bank is None else bank.rows,
            _NO_FLAGS if bank is None else bank.known.view(np.uint8),
            F._props_table(),
            F._rare_props,
            table,
            self._want,
            index,
            known.view(np.uint8),
            part,
            keep_from,
        )
        if keep_from >= 0 and bank is not None:
            bank.size += fresh
            self.size += fresh
        self._unkept = self._kept = None
        if not n:
            # As `F.line_stats` answers an empty page.
            self._unkept = F.LineStats(index, table), stop
            return self._unkept[0], lines
        if not fresh:
            return F.LineStats(index, table, None, self.columns | F.CHEAP_COLUMNS, known=known), lines
        # Every row read (a first sight's page): `part` is None, as the twin's `F.line_stats` of the whole page.
        stats = F.LineStats(index, table, None, self._filled, None if fresh == n else part[:fresh], known)
        if keep_from >= 0:
            self._kept = stats
        else:
            self._unkept = stats, stop
        return stats, lines

    def _room(self, stop: frozenset[str], n: int) -> _Bank | None:
        """`stop`'s bank with room for `n` more rows (made or grown), for `_stats_native` to keep the rows it reads;
        None when a page has no rows or its rows could take the memo past MAX_ROWS: that page's rows are then kept by
        `keep`, which starts the memo over when they do, as for the twin's (`_stats_py`) pages."""
        if not n or self.size + n > MAX_ROWS:
            return None
        bank = self._banks.get(stop)
        if bank is None:
            bank = self._banks[stop] = _Bank()
        _grow(bank, bank.size + n)
        return bank

    def _stats_py(
        self,
        kept: Sequence[str | None],
        stripped: list[str],
        lines: list[str],
        stop: frozenset[str],
        counted: Mapping[str, tuple[int, float]] | None,
    ) -> tuple[F.LineStats, list[str]]:
        """`stats` by NumPy and `F.line_stats` (the twin of `_stats_native`)."""
        bank = self._banks.get(stop)
        at = list(map(bank.at.get, lines)) if bank is not None else []
        new = [k for k, a in enumerate(at) if a is None]
        if bank is None or not at or len(new) == len(lines):
            shares = _shares(_raw(kept, stripped), lines, counted) if counted else None
            whole = F.line_stats(stripped, stop, stripped=True, shares=shares, columns=self.read)
            self._unkept = whole, stop
            return whole, lines
        index = np.fromiter(itertools.compress(range(len(stripped)), stripped), np.int64, len(lines))
        known = [k for k, a in enumerate(at) if a is not None] if new else range(len(at))
        where = np.asarray([at[k] for k in known] if new else at, np.intp)
        rows = bank.rows.take(where, axis=0)
        if not new:
            return F.LineStats(index, rows, None, self.columns | F.CHEAP_COLUMNS, known=bank.known.take(where)), lines
        fresh = [lines[k] for k in new]
        if counted:
            raw = _raw(kept, stripped)  # once: taken inside the comprehension it was a pass over the page per new line
            shares = _shares([raw[k] for k in new], fresh, counted)
        else:
            shares = None
        read = F.line_stats(fresh, stop, stripped=True, shares=shares, columns=self.read)
        table = np.empty((len(lines), F.TABLE_COLUMNS))
        table[known] = rows
        part = np.asarray(new, np.int64)
        table[part] = read.table
        filled = np.zeros(len(lines), np.bool_)
        filled[known] = bank.known.take(where)
        if read.known is not None:  # the kernel filled the new rows' BY_ROW columns too
            filled[part] = read.known
        mixed = F.LineStats(index, table, read.pending, read.filled, part, filled)
        self._unkept = mixed, stop
        return mixed, lines

    def keep(
        self,
        stats: F.LineStats,
        stop: frozenset[str],
        lines: Sequence[str],
        filled: npt.NDArray[np.int64] | None = None,
        fresh_too: bool = True,
    ) -> None:
        """Remember the rows of `lines` (the stripped non-blank lines `stats` was read from), once `stats` has
        the memo's columns filled; the rows that came from the memo are there already. `filled`: rows whose BY_ROW
        columns `F.fill_rows` filled, which a row kept before may lack (then its row is brought up to date);
        `fresh_too`: also look for rows not kept yet (False: the caller has kept them before)."""
        if not stats.filled >= self.columns or not len(stats.table):
            return
        bank = self._banks.get(stop)
        if bank is not None and filled is not None and len(filled):
            for k in filled.tolist():
                at = bank.at.get(lines[k])
                if at is not None and not bank.known[at]:
                    bank.rows[at] = stats.table[k]
                    bank.known[at] = True
        if not fresh_too or stats is self._kept:
            return
        new = range(len(lines)) if stats.part is None else stats.part.tolist()
        if self._unkept is not None and self._unkept[0] is stats and self._unkept[1] is stop:
            # The lines `stats` read were in no bank then, and no row was kept since: all of them are fresh (a line
            # twice on the page is kept twice either way, as the look-up below finds neither copy before the update).
            fresh = list(new)
        else:
            fresh = [k for k in new if bank is None or lines[k] not in bank.at]
        self._unkept = None
        if not fresh or len(fresh) > MAX_ROWS:
            return
        if self.size + len(fresh) > MAX_ROWS:
            # Full: every stoplist's rows go (a run over many languages stays as bounded as one over one). This
            # stoplist's arrays stay, emptied, for the rows to come: made again, they were grown again (copied, zeroed,
            # their memory touched anew) each time the memo started over, every ~120 pages at first sight.
            self._banks.clear()
            self.size = 0
            if bank is not None:
                bank.at = {}
                bank.size = 0
                self._banks[stop] = bank
            fresh = list(new)
        if bank is None:
            bank = self._banks[stop] = _Bank()
        need = bank.size + len(fresh)
        _grow(bank, need)
        # Every line of the page (a first sight's): the rows in order, as they stand, not gathered by index.
        every = len(fresh) == len(lines)
        pick = slice(None) if every else fresh
        bank.rows[bank.size : need] = stats.table[pick]
        bank.known[bank.size : need] = False if stats.known is None else stats.known[pick]
        # One dict update in C (a Python loop per new line was most of this method's own time).
        bank.at.update(zip(lines if every else map(lines.__getitem__, fresh), range(bank.size, need), strict=True))
        bank.size = need
        self.size += len(fresh)


def _grow(bank: _Bank, need: int) -> None:
    """Room for `need` rows in `bank` (doubled up to MAX_ROWS, at least 1,024)."""
    if need > len(bank.rows):
        size = max(need, min(2 * len(bank.rows), MAX_ROWS), 1024)
        grown = np.zeros((size, F.TABLE_COLUMNS))
        grown[: bank.size] = bank.rows[: bank.size]
        bank.rows = grown
        flags = np.zeros(size, np.bool_)
        flags[: bank.size] = bank.known[: bank.size]
        bank.known = flags


def _stripped_py(kept: Sequence[str | None]) -> tuple[list[str], list[str]]:
    """Each kept line stripped ("" for None and blank lines), and the non-blank ones (the twin of the kernel's
    `_reading.stripped`, which `_stripped` is when it is built)."""
    stripped = [s.strip() if s else "" for s in kept]
    return stripped, list(filter(None, stripped))


def _raw(kept: Sequence[str | None], stripped: Sequence[str]) -> list[str]:
    """The kept lines whose stripped text is not blank, as they are (the classifier's shares are by raw text)."""
    return [s for s in itertools.compress(kept, stripped) if s is not None]


def _shares(
    raw: Sequence[str], lines: Sequence[str], counted: Mapping[str, tuple[int, float]] | None
) -> list[float | None] | None:
    """Each line's stopword share where `counted` (by raw line text) holds a counted one, else None; `lines` are the
    raw lines stripped. The classifier counts a line's share where it is GOOD_CHARS long or does not end like a
    sentence (`heuristics.features.refine`); elsewhere its entry holds 0.0."""
    if not counted:
        return None
    good, ends = heuristic.GOOD_CHARS, heuristic.SENTENCE_END  # read once, not twice a line from the module
    return [
        None if got is None or (got[0] < good and line[-1] in ends) else got[1]
        for got, line in zip(map(counted.get, raw), lines, strict=True)
    ]


_NATIVE = kernel("cleaner.learned._reading")
# The page's rows read with the memo in one call (`RowMemo._stats_native`) when the row kernel is built.
_MEMO_ROWS = F._ROWS_NATIVE if F._ROWS_NATIVE is not None and hasattr(F._ROWS_NATIVE, "memo_rows") else None
# ...and what it is handed for a stoplist with no bank yet.
_NO_ROWS = np.zeros((0, F.TABLE_COLUMNS))
_NO_FLAGS = np.zeros(0, np.uint8)
# The lines stripped by the kernel when it is built, else by the twin.
_stripped: Callable[[Sequence[str | None]], tuple[list[str], list[str]]] = (
    _NATIVE.stripped if _NATIVE is not None and hasattr(_NATIVE, "stripped") else _stripped_py
)
