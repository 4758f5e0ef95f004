"""Compare trees on their perturbed retrains: the mean of each cell over the draws, not one draw against another.

A change to the rules moves the learned stage's training rows, and one retrain on rows that differ by 1% moves the
shipped threshold by 0.04 and sites fulltext by 0.017 (BENCHMARKS.md, fifteenth and sixteenth rounds), so one
retrain per side compares two draws, not two trees. `threshold_spread.py --retrains 5 --unlabel-rows 50` gives five
draws per tree; this script reads the table each such run prints (its log, as written) and puts the trees side by
side: per rendering and source the mean over the draws, (min-max) and [draw 0] (the model that would ship), and the
tf must-keep snippets the fitted model lost per draw. The first log is the base. A candidate passes when no cell's
mean falls more than `--tolerance` below the base's and no rendering's mean tf loss is higher (the rule the
sixteenth round judged `tfleak`'s rules by); the cells that fail it are named.

    python benchmarks/spread_compare.py main=/tmp/main_spread.log mine=/tmp/mine_spread.log
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crossval as C

# A mean this far below the base's is read as noise: the allowance this project's helpers were given from the
# seventeenth round. It is small against sites fulltext's range over five draws (0.0065-0.017, sixteenth round), so a
# sites verdict near it wants more draws, not a wider tolerance.
DEFAULT_TOLERANCE = 0.001
_THRESHOLDS = re.compile(r"^shipped thresholds ([\d. ]+)$", re.M)


@dataclass(frozen=True, slots=True)
class Cell:
    """One rendering and source of one tree: its F1 per draw and (tf) its must-keep snippets lost per draw."""

    f1: tuple[float, ...]
    lost: tuple[int, ...] | None

    @property
    def mean(self) -> float:
        return statistics.fmean(self.f1)

    @property
    def mean_lost(self) -> float | None:
        return None if self.lost is None else statistics.fmean(self.lost)


@dataclass(frozen=True, slots=True)
class Spread:
    """One tree's perturbed retrains, as `threshold_spread.py --retrains` printed them."""

    cells: dict[tuple[str, str], Cell]
    thresholds: tuple[float, ...]


def read_spread(text: str, name: str = "log") -> Spread:
    """The retrains' table from a `threshold_spread.py --retrains` log; a log without one (a run that died or is
    still going) is an error naming it, because its absence would otherwise read as a tree with no cells."""
    cells: dict[tuple[str, str], Cell] = {}
    for line in text.splitlines():
        parts = [p.strip() for p in line.strip().strip("|").split("|")]
        if len(parts) != 5 or parts[0] not in C.RENDERINGS:
            continue
        f1 = tuple(float(v) for v in parts[2].split())
        lost = None if parts[4] in ("—", "") else tuple(int(v) for v in parts[4].split("/"))
        cells[(parts[0], parts[1])] = Cell(f1, lost)
    found = _THRESHOLDS.search(text)
    if not cells or found is None:
        raise ValueError(f"{name}: no retrains table (is the run finished, and was it run with --retrains?)")
    return Spread(cells, tuple(float(t) for t in found[1].split()))


def failures(base: Spread, other: Spread, tolerance: float = DEFAULT_TOLERANCE) -> list[str]:
    """The cells where `other` is worse than `base` by the keep rule: a mean F1 more than `tolerance` lower, or a
    higher mean tf loss. A cell only one side has is not compared."""
    out = []
    for key, b in base.cells.items():
        o = other.cells.get(key)
        if o is None:
            continue
        if o.mean < b.mean - tolerance:
            out.append(f"{key[0]} {key[1]}: mean F1 {o.mean:.4f} < {b.mean:.4f}")
        if b.mean_lost is not None and o.mean_lost is not None and o.mean_lost > b.mean_lost:
            out.append(f"{key[0]} {key[1]}: mean lost {o.mean_lost:.1f} > {b.mean_lost:.1f}")
    return out


def table(sides: Sequence[tuple[str, Spread]]) -> str:
    """The trees side by side, as markdown: mean (min-max) [draw 0], and the tf losses per draw."""
    names = [n for n, _ in sides]
    rows = [
        "| rendering | src | " + " | ".join(f"{n}: mean (min-max) [draw 0]" for n in names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    keys = list(dict.fromkeys(k for _, s in sides for k in s.cells))
    for key in sorted(keys, key=lambda k: C.RENDERINGS.index(k[0])):
        out = []
        for _, spread in sides:
            c = spread.cells.get(key)
            if c is None:
                out.append("—")
                continue
            text = f"{c.mean:.4f} ({min(c.f1):.4f}-{max(c.f1):.4f}) [{c.f1[0]:.4f}]"
            out.append(text + (f" lost {'/'.join(map(str, c.lost))}" if c.lost is not None else ""))
        rows.append(f"| {key[0]} | {key[1]} | " + " | ".join(out) + " |")
    shipped = "; ".join(f"{n}: {' '.join(f'{t:.2f}' for t in s.thresholds)}" for n, s in sides)
    return "\n".join(rows) + f"\n\nShipped threshold per draw: {shipped}"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sides", nargs="+", metavar="NAME=LOG", help="the base first, then the candidates")
    ap.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    args = ap.parse_args(argv)
    sides = []
    for arg in args.sides:
        name, sep, path = arg.partition("=")
        if not sep or not name:
            print(f"spread_compare: {arg!r} is not NAME=LOG", file=sys.stderr)
            return 2
        try:
            sides.append((name, read_spread(Path(path).read_text(encoding="utf-8"), path)))
        except (OSError, ValueError) as exc:
            print(f"spread_compare: {exc}", file=sys.stderr)
            return 2
    print(table(sides))
    base_name, base = sides[0]
    worse = False
    for name, spread in sides[1:]:
        failed = failures(base, spread, args.tolerance)
        worse = worse or bool(failed)
        verdict = "passes" if not failed else "fails: " + "; ".join(failed)
        print(f"\n{name} against {base_name} (tolerance {args.tolerance}): {verdict}")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
