"""Each page-dump heuristic switched off in turn: what it earns (F1) against what it costs (tf must-keep lost).

Issue 11 item 7 asks to gate the heuristics by the loss each causes; `crossval.py --attribute` names the
heuristic that removed each lost snippet, this script shows what the cleaner would score without it.

    python benchmarks/heuristic_ablation.py --corpus ../shared/corpus/dev
    python benchmarks/heuristic_ablation.py --corpus ../shared/corpus/dev --ids none,HEU004 --renderings fulltext
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crossval as C
import quality

DEFAULT_IDS = ("none", "HEU001", "HEU003", "HEU004", "HEU005", "HEU006", "HEU007", "HEU008", "HEU009", "HEU010")
_cleaners: dict[str, Any] = {}


def _run(path: Path, rendering: str, off: str) -> C.Run:
    """The cleaner with heuristic `off` ignored ("none": the default cleaner) on one page and rendering."""
    from cleaner.pipeline import Cleaner

    if off not in _cleaners:
        _cleaners[off] = Cleaner(ignore=[] if off == "none" else [off])
    art = _cleaners[off].clean(quality.read_rendering(path, rendering))
    return C.Run(art.headline or "", art.description or "", art.body, None, [])


def main(argv: Sequence[str] | None = None) -> int:
    """One row per rendering and source, one cell per heuristic switched off."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--ids", default=",".join(DEFAULT_IDS))
    ap.add_argument("--renderings", default=",".join(C.RENDERINGS))
    ap.add_argument("--workers", type=int, default=C.DEFAULT_WORKERS)
    args = ap.parse_args(argv)
    ids, renderings = args.ids.split(","), args.renderings.split(",")
    pages = C.load_pages(args.corpus, ["sh", "tf"])
    jobs = [(p, r, off) for off in ids for p in pages for r in renderings]
    with ProcessPoolExecutor(args.workers) as pool:
        runs = list(pool.map(_run, *zip(*[(p.path, r, off) for p, r, off in jobs], strict=True), chunksize=16))
    out: dict[str, dict[tuple[str, str], C.Run]] = {}
    for (p, r, off), run in zip(jobs, runs, strict=True):
        out.setdefault(off, {})[(p.key, r)] = run
    print("| rendering | src | " + " | ".join(f"{off} off" for off in ids) + " |")
    print("|---|---|" + "---|" * len(ids))
    for r in renderings:
        for src in ("sh", "tf"):
            group = [p for p in pages if p.src == src]
            cells = []
            for off in ids:
                s = C.aggregate(group, {p.key: C.scored_text(p, out[off][(p.key, r)]) for p in group})
                cells.append(f"{s.f1:.4f}" + (f", lost {s.dropped_content}" if s.dropped_content is not None else ""))
            print(f"| {r} | {src} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
