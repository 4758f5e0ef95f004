"""The shipped line model: a small ensemble of depth-limited regression trees (gradient boosting on log-loss),
evaluated with NumPy alone.

Stored as JSON inside the package (cleaner/models/lines.json) so that it is readable, diffable and loads
without pickle; benchmarks/train_lines.py writes it. Each tree is complete to its depth and stored as arrays
(split feature and threshold per inner node, a value per node), so evaluating all lines of a document is
`depth` vectorised steps per tree. A linear model was tried first: at the loss cap it removed almost nothing
(its out-of-fold threshold sat at 0.97-0.99), because short real lines and short chrome differ by
combinations of features, not by a weighted sum.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cleaner.learned.features import FEATURES
from cleaner.native import kernel

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "lines.json"
FORMAT_VERSION = 2
# Trees with at most this many inner nodes (depth 3: 7) pack their tests into one byte (`LineModel.log_odds`).
PACKED_NODES = 8
_BIT = (1 << np.arange(PACKED_NODES, dtype=np.uint8))[:, None, None]


class ModelError(ValueError):
    """The model file does not fit this code (other features, other format)."""


@dataclass(frozen=True, slots=True)
class LineModel:
    """P(line is boilerplate) = sigmoid(base + sum of the trees' leaf values)."""

    base: float
    depth: int
    feature: npt.NDArray[np.int64]  # trees x inner nodes
    threshold: npt.NDArray[np.float64]  # trees x inner nodes; x <= threshold goes left
    value: npt.NDArray[np.float64]  # trees x all nodes (inner nodes first, breadth-first)
    cutoff: float  # the stage removes lines from this probability on
    meta: dict[str, Any]
    # For trees of at most PACKED_NODES inner nodes: the node each pattern of tests (bit j: node j sent the row
    # right) reaches at each level, levels x patterns; the same for every tree, as all are complete to their depth.
    route: npt.NDArray[np.intp] = field(init=False, repr=False, compare=False)
    # Node-major (node j of every tree, then node j + 1, ...): the features and thresholds of the tests, and each
    # tree's first place in value.ravel() (made once: a transposed copy per call cost as much as the tests).
    tests: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.intp]] = field(
        init=False, repr=False, compare=False
    )
    # The distinct (feature, threshold) tests among those, and where each node-major test finds its answer: the
    # shipped trees make 420 tests of 208 kinds, and gathering and comparing the feature values is most of a
    # score's cost (the answers, a byte each, are then gathered in their place).
    distinct: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.intp]] = field(
        init=False, repr=False, compare=False
    )
    # For packed trees, by level, tree and leaf node: the feature of the split the leaf's path makes at that level, and
    # the change in node value it makes there; and each (level, tree)'s first place in those tables. A row's
    # contributions are then two look-ups by its leaf (its path was three gathers and a subtraction per level).
    ancestry: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.intp]] = field(
        init=False, repr=False, compare=False
    )

    # The trees' features and thresholds as the native kernel reads them (C-ordered int64 and float64), for `_patterns`.
    packed: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] = field(init=False, repr=False, compare=False)
    # ...and the trees' node values (C-ordered float64), for `scores_at`.
    packed_value: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)
    # The native kernel's trees (`_reading.Trees`) for the last `order` `scores_in` was handed, and that order.
    native: list[tuple[npt.NDArray[np.int64], Any]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "packed",
            (np.ascontiguousarray(self.feature, np.int64), np.ascontiguousarray(self.threshold, np.float64)),
        )
        object.__setattr__(self, "packed_value", np.ascontiguousarray(self.value, np.float64))
        object.__setattr__(self, "native", [])
        pattern = np.arange(1 << PACKED_NODES)
        node = np.zeros(len(pattern), np.intp)
        route = [node]
        for _ in range(self.depth if self.feature.shape[1] <= PACKED_NODES else 0):
            node = 2 * node + 1 + ((pattern >> node) & 1)
            route.append(node)
        object.__setattr__(self, "route", np.array(route))
        trees, nodes = self.value.shape
        levels = len(route) - 1
        split, moved = np.zeros((levels, trees, nodes), np.int64), np.zeros((levels, trees, nodes))
        if levels:
            # Every pattern's path, written at the leaf it reaches (the patterns reaching one leaf share its path);
            # each change is the subtraction a descent makes, so the sums stay the same to the bit.
            path, leaf = self.route, self.route[-1]
            split[:, :, leaf] = self.feature[:, path[:-1]].transpose(1, 0, 2)
            moved[:, :, leaf] = (self.value[:, path[1:]] - self.value[:, path[:-1]]).transpose(1, 0, 2)
        first = ((np.arange(levels)[:, None] * trees + np.arange(trees)) * nodes)[:, :, None]
        object.__setattr__(self, "ancestry", (split.ravel(), moved.ravel(), first))
        features = np.ascontiguousarray(self.feature.T).ravel()
        thresholds = np.ascontiguousarray(self.threshold.T).reshape(-1, 1)
        object.__setattr__(self, "tests", (features, thresholds, (np.arange(trees) * nodes)[:, None]))
        kinds: dict[tuple[int, float], int] = {}
        where = [
            kinds.setdefault(pair, len(kinds))
            for pair in zip(features.tolist(), thresholds.ravel().tolist(), strict=True)
        ]
        object.__setattr__(
            self,
            "distinct",
            (
                np.array([f for f, _ in kinds], np.int64),
                np.array([t for _, t in kinds], np.float64).reshape(-1, 1),
                np.array(where, np.intp),
            ),
        )

    @property
    def bias(self) -> float:
        """The log-odds before any split decides: base plus every tree's root value."""
        return self.base + float(self.value[:, 0].sum())

    def contributions(
        self, x: npt.NDArray[np.float64], patterns: npt.NDArray[np.intp] | None = None
    ) -> npt.NDArray[np.float64]:
        """Each feature's share of the log-odds per row (the change in node value at each split it decided);
        `bias` plus their sum is the row's log-odds.

        One bincount adds the changes level by level (every tree's first split, then every second, ...), the
        order np.add.at once applied them in, so the sums stay the same; with packed trees each row's path is read
        by its leaf from `ancestry`, else all trees step down together."""
        width = len(FEATURES)
        if not len(x):
            return np.zeros((len(x), width))
        rows = np.arange(len(x))[None, :]
        if self.feature.shape[1] <= PACKED_NODES:
            split, moved, first = self.ancestry
            read = self._patterns(x) if patterns is None else patterns
            at = self.route[-1].take(read) + first  # levels x trees x rows: the leaf's entries
            cells = (rows * width + split.take(at)).ravel()
            weights = moved.take(at).ravel()
        else:
            trees = np.arange(len(self.feature))[:, None]
            node = np.zeros((len(self.feature), len(x)), np.int64)
            steps: list[npt.NDArray[np.int64]] = []
            moves: list[npt.NDArray[np.float64]] = []
            for _ in range(self.depth):
                feat = self.feature[trees, node]
                child = 2 * node + 1 + (x[rows, feat] > self.threshold[trees, node])
                steps.append((rows * width + feat).ravel())
                moves.append((self.value[trees, child] - self.value[trees, node]).ravel())
                node = child
            cells, weights = np.concatenate(steps), np.concatenate(moves)
        summed: npt.NDArray[np.float64] = np.bincount(cells, weights, minlength=len(x) * width).astype(
            np.float64, copy=False
        )
        return summed.reshape(len(x), width)

    def contributions_in(
        self,
        table: npt.NDArray[np.float64],
        rows: npt.NDArray[np.intp],
        order: npt.NDArray[np.int64],
        x: npt.NDArray[np.float64],
        patterns: npt.NDArray[np.intp] | None = None,
    ) -> npt.NDArray[np.float64]:
        """`contributions(x, patterns)`, where `x` is the `rows` of a table whose row `order[j]` holds feature j
        (`features.assemble`'s rows, with `features.ORDER`) gathered into feature order: by the kernel's trees when it
        is built (`_reading.Trees.contributions`: the rows taken down the trees where they stand, the changes added in
        the twin's order, in one call where the twin made the tests again and some ten NumPy calls on a few rows), so
        the sums are the twin's to the bit; else by the twin."""
        trees = self._trees(order) if len(rows) else None
        if trees is None or table.dtype != np.float64 or not table.flags.c_contiguous:
            return self.contributions(x, patterns)
        out = np.zeros((len(rows), len(FEATURES)))
        trees.contributions(table, rows, out)
        return out

    def log_odds(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Base score plus every tree's leaf value.

        A tree's leaf is decided by its inner nodes' tests alone, so all tests are made at once (one gather, one
        comparison), and with at most 8 inner nodes (depth 3) each tree's tests add up to one byte (bit j: node
        j sent the row right), which picks the leaf from a table made once per model (`route`). A
        descent level by level cost twice as much (three gathers per level); deeper trees still descend. Either
        way the values are summed over the trees in the same order (axis 0 of trees x rows), so the sums are the
        same to the bit. (A table of every tree's leaf value per pattern was as fast alone, and slower inside a
        whole cleaning: 120 KB of it fell out of the CPU's cache between documents.)"""
        if self.feature.shape[1] > PACKED_NODES:
            return self._descend(x)
        return self._summed(self._patterns(x))

    def _summed(self, patterns: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        """`log_odds` from the rows' patterns of tests (packed trees)."""
        leaf = self.route[-1].take(patterns)
        leaf += self.tests[2]
        return self.base + self.value.take(leaf).sum(axis=0)

    def _patterns(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
        """Trees x rows: each tree's tests on each row packed into a byte (bit j: node j sent the row right); by the
        native kernel when it is built (cleaner/learned/_reading.pyx: the same comparisons in one C loop, where the
        twin makes five NumPy passes), else by `_patterns_py`."""
        if _NATIVE is None or x.dtype != np.float64:
            return self._patterns_py(x)
        feature, threshold = self.packed
        out = np.zeros((len(feature), len(x)), np.intp)
        _NATIVE.patterns(x.T, feature, threshold, out)
        return out

    def _patterns_py(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
        """`_patterns`' pure twin."""
        trees, inner = self.feature.shape
        # Node-major: the tests of node j of every tree form one trees x rows block. Each distinct test is made once
        # (on x.T: a caller with the features in rows, `x` a transposed view, hands over contiguous rows).
        features, thresholds, where = self.distinct
        tests = (x.T[features] > thresholds).take(where, axis=0)
        bits = tests.view(np.uint8).reshape(inner, trees, len(x)) * _BIT[:inner]
        return bits.sum(axis=0, dtype=np.intp)

    def _descend(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """`log_odds` of trees too deep for the table: all trees step down one level at a time together."""
        trees, inner = self.feature.shape
        go_right = x[:, self.feature.ravel()] > self.threshold.ravel()  # rows x (trees x inner)
        at = (np.arange(trees) * inner)[:, None]
        rows = np.arange(len(x))[None, :]
        node = np.zeros((trees, len(x)), np.int64)
        for _ in range(self.depth):
            node = 2 * node + 1 + go_right[rows, at + node]
        return self.base + self.value[np.arange(trees)[:, None], node].sum(axis=0)

    def probability(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Probability that each row is boilerplate."""
        return _squashed(self.log_odds(x))

    def scores(self, x: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp] | None]:
        """`probability`, and the rows' patterns of tests it read (None for trees too deep to pack): `contributions`
        of some of the rows can take their columns instead of making the tests again."""
        if self.feature.shape[1] > PACKED_NODES:
            return self.probability(x), None
        patterns = self._patterns(x)
        return _squashed(self._summed(patterns)), patterns

    def scores_at(
        self, xt: npt.NDArray[np.float64], rows: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp] | None]:
        """`scores` of the `rows` of `xt`, the feature matrix transposed (features x rows): by the native kernel when
        it is built and the trees are packed (`_reading.leaves`: each row taken down its trees where it stands, in one
        call where `scores` gathered the rows and made five NumPy passes to their leaves), else `scores` of the
        gathered rows (its twin). The leaves' values are summed over the trees by NumPy either way, on the same
        trees x rows layout, so the probabilities are the same to the bit. The kernel's patterns hold the tests on each
        row's path only (the twin's, every inner node's): `route` reads only those, so both name the same leaves."""
        if (
            _LEAVES is None
            or self.feature.shape[1] > PACKED_NODES
            or xt.dtype != np.float64
            or not xt.flags.c_contiguous
        ):
            return self.scores(xt[:, rows].T)
        feature, threshold = self.packed
        patterns = np.empty((len(feature), len(rows)), np.intp)  # the kernel writes every row's pattern
        reached = np.empty((len(feature), len(rows)))
        _LEAVES.leaves(xt, rows, feature, threshold, self.route[-1], self.packed_value, patterns, reached)
        return _squashed(self.base + reached.sum(axis=0)), patterns

    def scores_in(
        self, table: npt.NDArray[np.float64], rows: npt.NDArray[np.intp], order: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.intp] | None]:
        """`scores_at` of the `rows` of a table whose row `order[j]` holds feature j (`features.assemble`'s rows, with
        `features.ORDER`): by the kernel `_reading.Trees` when it is built, in one call that reads the rows where they
        stand (no gather into feature order), takes them down the trees it holds (no array of the model's handed over)
        and sums and clips their log-odds; NumPy makes the exp, so the scores are the twin's to the bit. It gives no
        patterns (`contributions` makes them for the few rows explained). Else, and for a single row (NumPy sums one
        row's trees pairwise, not in order), `scores_at` of the gathered features (the twin)."""
        trees = self._trees(order) if len(rows) > 1 else None
        if trees is None or table.dtype != np.float64 or not table.flags.c_contiguous:
            return self.scores_at(table[order], rows)
        odds = np.empty(len(rows))
        trees.odds(table, rows, self.base, odds)  # minus the clipped log-odds
        np.exp(odds, out=odds)
        odds += 1.0
        return np.divide(1.0, odds, out=odds), None

    def _trees(self, order: npt.NDArray[np.int64]) -> Any:
        """The kernel's trees reading features at `order` (made once for the order last asked), or None when the
        kernel is not built."""
        if _TREES is None:
            return None
        if not self.native or self.native[0][0] is not order:
            made = _TREES(self.packed[0], self.packed[1], self.packed_value, np.ascontiguousarray(order, np.int64))
            self.native[:] = [(order, made)]
        return self.native[0][1]

    def with_cutoff(self, cutoff: float, meta: dict[str, Any] | None = None) -> LineModel:
        """The same trees with another threshold (and metadata)."""
        return LineModel(
            self.base, self.depth, self.feature, self.threshold, self.value, cutoff, self.meta if meta is None else meta
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON form, with the feature names the split indexes refer to."""
        return {
            "format": FORMAT_VERSION,
            "features": list(FEATURES),
            "base": round(self.base, 6),
            "depth": self.depth,
            "threshold": round(self.cutoff, 4),
            **self.meta,
            "trees": [
                {
                    "feature": [int(v) for v in self.feature[t]],
                    "split": [float(np.float32(v)) if np.isfinite(v) else 1e300 for v in self.threshold[t]],
                    "value": [round(float(v), 6) for v in self.value[t]],
                }
                for t in range(len(self.feature))
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineModel:
        """Refuses a model trained on other features: its splits would read the wrong columns."""
        if data.get("format") != FORMAT_VERSION:
            raise ModelError(f"line model format {data.get('format')!r}, expected {FORMAT_VERSION}")
        if tuple(data.get("features", ())) != FEATURES:
            raise ModelError("line model was trained on other features; retrain with benchmarks/train_lines.py")
        trees = data["trees"]
        known = {"format", "features", "base", "depth", "threshold", "trees"}
        return cls(
            float(data["base"]),
            int(data["depth"]),
            np.asarray([t["feature"] for t in trees], np.int64).reshape(len(trees), -1),
            np.asarray([t["split"] for t in trees], np.float64).reshape(len(trees), -1),
            np.asarray([t["value"] for t in trees], np.float64).reshape(len(trees), -1),
            float(data["threshold"]),
            {k: v for k, v in data.items() if k not in known},
        )


# The native kernel (cleaner.native), when built: `LineModel._patterns` runs it.
_NATIVE = kernel("cleaner.learned._reading")
# ...and when it reads the rows' leaves (`LineModel.scores_at`).
_LEAVES = _NATIVE if _NATIVE is not None and hasattr(_NATIVE, "leaves") else None
# ...and its trees, which read a page's rows in one call (`LineModel.scores_in`).
_TREES = getattr(_NATIVE, "Trees", None)


def _squashed(odds: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Log-odds as probabilities, clipped at +-30 (np.clip's wrapper cost more than the two ufuncs it calls)."""
    np.minimum(np.maximum(odds, -30.0, out=odds), 30.0, out=odds)
    return 1.0 / (1.0 + np.exp(-odds))


def load(path: Path = MODEL_PATH) -> LineModel:
    """The model file at `path` (the shipped one by default)."""
    return LineModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
