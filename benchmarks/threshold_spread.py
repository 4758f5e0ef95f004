"""How much the learned stage's threshold choice, and the held-out scores it gives, move with the inner split's seed.

`train_lines.fit_with_threshold` chooses each fold model's threshold on inner domain-split out-of-fold predictions.
The inner folds are shuffled with a seed; this script refits every outer fold's threshold under several seeds (the
fold models' trees do not depend on it: they are fitted once per fold) and scores each seed's fold models on their
held-out pages the fast way (`learned_lab.apply_stage`: the stage on the kept view the cleaner recorded, its
removals taken out of the recorded body), so that the spread of the choice is read in thresholds, F1 and tf
must-keep snippets lost. `--repeats`, `--envelope` and `--quantile` set train_lines' INNER_REPEATS, ENVELOPE and
LOSS_QUANTILE for the run.

`--retrains N` measures instead how much the fitted (shipped) model moves when a few training rows change, the way a
generic rule fix changes them (BENCHMARKS.md, thirteenth round, `full`'s five perturbed retrains): retrain r leaves
`--drop-pages` random sh pages (seeded with r; r = 0 leaves none) out of the whole training set, refits the shipped
model with its threshold (`fit_with_threshold`), and scores it with the whole cleaner (not the fast way: the fitted
model's tf loss moves with what the later stages do after its removals) on every sh and tf page (tf must-keep lost
per rendering) and on the evaluation-only sources (`--eval`, at most `--eval-limit` pages each, as crossval's).
With `--cv` it also refits the five outer fold models of each retrain and prints their thresholds.
Leaving pages out changes the page list, and `train_lines.folds` then reshuffles every domain's inner fold: half of
the fourteenth round's spread was that reshuffle, not the rows (BENCH_soft.md, fifteenth round). `--unlabel-rows K`
perturbs the rows alone: retrain r (r > 0) gives K random labelled training rows (seeded with r) no weight, so the
trees move as they do when a rule change relabels a few lines, while the page list, the inner split and the loss
budget stay as they are. `spread_compare.py` puts two or more trees' retrain logs side by side (means over the draws)
and says which cells a candidate loses.

    python benchmarks/threshold_spread.py --corpus ../shared/corpus/dev --seeds 5
    python benchmarks/threshold_spread.py --corpus ../shared/corpus/dev --seeds 5 --repeats 3 --envelope
    python benchmarks/threshold_spread.py --corpus ../shared/corpus/dev --retrains 5 --drop-pages 2 --cv
    python benchmarks/threshold_spread.py --corpus ../shared/corpus/dev --retrains 3 --unlabel-rows 20
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crossval as C
import learned_lab as L
import train_lines as T

from cleaner.learned.stage import LearnedStage

# Seeds of the inner split, SEED_STEP apart so that repeats of one seed (seed + 1 + r) never overlap another's.
SEED_STEP = 1000
# Options that set a train_lines constant for the run (when given).
SETTINGS = {
    "repeats": "INNER_REPEATS",
    "quantile": "LOSS_QUANTILE",
    "bags": "BAGS",
    "bag_rounds": "BAG_ROUNDS",
    "bag_rate": "BAG_LEARNING_RATE",
    "bag_draw": "BAG_DRAW",
    "choice_seeds": "CHOICE_SEEDS",
    "smooth": "SMOOTH_WIDTH",
}


def scored_line(
    scored: dict[str, dict[str, Any]],
    sources: Sequence[str],
    cells: dict[tuple[str, str], list[tuple[float, int | None]]],
) -> str:
    """One run's F1 (and tf lost) per rendering and source, added to `cells`; the cells as one line of text."""
    line = []
    for r in C.RENDERINGS:
        for src in sources:
            s = scored[r][src]
            cells.setdefault((r, src), []).append((s.f1, s.dropped_content))
            line.append(f"{r[:4]} {src} {s.f1:.4f}" + (f" lost {s.dropped_content}" if src == "tf" else ""))
    return "; ".join(line)


def main(argv: Sequence[str] | None = None) -> int:
    """Per seed: the fold thresholds and the held-out F1 / lost per rendering; then their spread."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--folds", type=int, default=C.DEFAULT_FOLDS)
    ap.add_argument("--seeds", type=int, default=5, help="inner-split seeds: SEED, SEED + 1000, ...")
    ap.add_argument("--repeats", type=int, default=None, help="train_lines.INNER_REPEATS for this run")
    ap.add_argument("--envelope", action="store_true", help="train_lines.ENVELOPE on for this run")
    ap.add_argument("--quantile", type=float, default=None, help="train_lines.LOSS_QUANTILE for this run")
    ap.add_argument("--workers", type=int, default=C.DEFAULT_WORKERS)
    ap.add_argument("--bags", type=int, default=None, help="train_lines.BAGS for this run")
    ap.add_argument("--bag-rounds", type=int, default=None, help="train_lines.BAG_ROUNDS for this run")
    ap.add_argument("--bag-rate", type=float, default=None, help="train_lines.BAG_LEARNING_RATE for this run")
    ap.add_argument("--bag-draw", default=None, help="train_lines.BAG_DRAW for this run")
    ap.add_argument("--choice-seeds", type=int, default=None, help="train_lines.CHOICE_SEEDS for this run")
    ap.add_argument("--smooth", type=float, default=None, help="train_lines.SMOOTH_WIDTH for this run (0: none)")
    ap.add_argument("--pool", choices=("yes", "no"), default=None, help="train_lines.POOL_CHOICES for this run")
    ap.add_argument("--retrains", type=int, default=0, help="perturbed retrains of the shipped model instead")
    ap.add_argument("--drop-pages", type=int, default=2, help="sh pages each perturbed retrain leaves out")
    ap.add_argument(
        "--unlabel-rows", type=int, default=0, help="perturbed retrains: unlabel this many rows, leave no page out"
    )
    ap.add_argument("--eval", default="sites", help="evaluation-only sources scored by the perturbed retrains")
    ap.add_argument("--eval-limit", type=int, default=300)
    ap.add_argument("--cv", action="store_true", help="perturbed retrains: the outer fold thresholds too")
    args = ap.parse_args(argv)
    if args.envelope:
        T.ENVELOPE = True
    for name, constant in SETTINGS.items():
        if getattr(args, name) is not None:
            setattr(T, constant, getattr(args, name))
    if args.pool is not None:
        T.POOL_CHOICES = args.pool == "yes"
    if args.retrains:
        return retrains(args)
    started = time.perf_counter()
    pages = C.load_pages(args.corpus, T.TRAIN_SOURCES)
    runs = C.collect(pages, args.workers)
    T.set_urls({p.key: p.gold.get("url") for p in pages})
    fold = T.folds([(p.key, p.gold.get("url")) for p in pages], args.folds)
    rows = C.training_rows(pages, runs)
    trees = {f: T._fit_docs([d for d in rows if fold[d.key] != f]) for f in range(args.folds)}
    print(
        f"# BAGS {T.BAGS} x {T.BAG_ROUNDS} rounds at {T.BAG_LEARNING_RATE}; INNER_REPEATS {T.INNER_REPEATS}, "
        f"ENVELOPE {T.ENVELOPE}, LOSS_QUANTILE {T.LOSS_QUANTILE}: "
        f"{len(rows)} documents, trees fitted in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    cells: dict[tuple[str, str], list[tuple[float, int | None]]] = {}
    chosen: list[list[float]] = []
    for j in range(args.seeds):
        seed = T.SEED + SEED_STEP * j
        thresholds = []
        for f in range(args.folds):
            train = [d for d in rows if fold[d.key] != f]
            thresholds.append(T.choose_threshold(train, T.inner_predictions(train, seed)))
        chosen.append(thresholds)
        stages = {f: LearnedStage(trees[f].with_cutoff(t)) for f, t in enumerate(thresholds)}
        cv = {(p.key, r): L.apply_stage(stages[fold[p.key]], runs[(p.key, r)])[0] for p in pages for r in C.RENDERINGS}
        line = scored_line(C.cv_scored(pages, cv), T.TRAIN_SOURCES, cells)
        print(
            f"seed {seed}: thresholds {' '.join(f'{t:.2f}' for t in thresholds)} | {line} "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    print("\n| fold | thresholds over seeds | range | sd |\n|---|---|---|---|")
    for f in range(args.folds):
        ts = [c[f] for c in chosen]
        sd = statistics.pstdev(ts)
        print(f"| {f} | {' '.join(f'{t:.2f}' for t in ts)} | {max(ts) - min(ts):.2f} | {sd:.3f} |")
    print("\n| rendering | src | F1 min-max | F1 sd | lost min-max |\n|---|---|---|---|---|")
    for (r, src), vals in cells.items():
        f1s = [v[0] for v in vals]
        lost = [v[1] for v in vals if v[1] is not None]
        span = f"{min(lost)}-{max(lost)}" if lost else "—"
        print(f"| {r} | {src} | {min(f1s):.4f}-{max(f1s):.4f} | {statistics.pstdev(f1s):.4f} | {span} |")
    print(f"\n{time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


def retrains(args: argparse.Namespace) -> int:
    """Per perturbed retrain: the shipped threshold, (with --cv) the fold thresholds, F1 and tf lost per rendering on
    sh/tf, F1 on the evaluation-only sources; then each cell's range and sd over the retrains."""
    started = time.perf_counter()
    print(
        f"# BAGS {T.BAGS} x {T.BAG_ROUNDS} at {T.BAG_LEARNING_RATE}, {T.BAG_DRAW}; CHOICE_SEEDS {T.CHOICE_SEEDS}, "
        f"POOL_CHOICES {T.POOL_CHOICES}, SMOOTH_WIDTH {T.SMOOTH_WIDTH}",
        flush=True,
    )
    evals = [s for s in args.eval.split(",") if s]
    pages = C.load_pages(args.corpus, [*T.TRAIN_SOURCES, *evals], args.eval_limit)
    runs = C.collect(pages, args.workers)
    train = [p for p in pages if p.src in T.TRAIN_SOURCES]
    T.set_urls({p.key: p.gold.get("url") for p in train})
    fold = T.folds([(p.key, p.gold.get("url")) for p in train], args.folds)
    rows = C.training_rows(pages, runs)
    sh = sorted({d.key for d in rows if d.src == "sh"})
    cells: dict[tuple[str, str], list[tuple[float, int | None]]] = {}
    cutoffs: list[float] = []
    for r in range(args.retrains):
        if args.unlabel_rows:
            kept = unlabelled(rows, args.unlabel_rows, r) if r else list(rows)
            what = f"{args.unlabel_rows if r else 0} rows unlabelled"
        else:
            drop = set(random.Random(r).sample(sh, args.drop_pages)) if r else set()
            kept = [d for d in rows if d.key not in drop]
            what = f"left out {sorted(drop)}"
        full = T.fit_with_threshold(kept, args.folds)
        cutoffs.append(full.cutoff)
        extra = ""
        if args.cv:
            ts = [
                T.fit_with_threshold([d for d in kept if fold[d.key] != f], args.folds).cutoff
                for f in range(args.folds)
            ]
            extra = f" folds {' '.join(f'{t:.2f}' for t in ts)}"
        jobs = [(p, rr, "full") for p in pages for rr in C.RENDERINGS]
        results = C.run_all(jobs, {"full": full.to_dict()}, args.workers)
        scored = C.cv_scored(pages, {(p.key, rr): run for (p, rr, _n), run in zip(jobs, results, strict=True)})
        line = scored_line(scored, (*T.TRAIN_SOURCES, *evals), cells)
        print(
            f"retrain {r} ({what}): threshold {full.cutoff:.2f}{extra} | {line} "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    print(retrains_table(cells, cutoffs))
    print(f"\n{time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


def retrains_table(cells: dict[tuple[str, str], list[tuple[float, int | None]]], cutoffs: Sequence[float]) -> str:
    """The retrains' summary: the shipped threshold per draw, then per cell the F1 and tf lost per draw (the
    format `spread_compare.py` reads)."""
    out = [f"\nshipped thresholds {' '.join(f'{t:.2f}' for t in cutoffs)}"]
    out.append("\n| rendering | src | F1 per retrain | F1 range | lost per retrain |\n|---|---|---|---|---|")
    for (rr, src), vals in cells.items():
        f1s = [v[0] for v in vals]
        lost = "/".join(str(v[1]) for v in vals) if vals[0][1] is not None else "—"
        spread = max(f1s) - min(f1s)
        out.append(f"| {rr} | {src} | {' '.join(f'{f:.4f}' for f in f1s)} | {spread:.4f} | {lost} |")
    return "\n".join(out)


def unlabelled(rows: Sequence[T.DocRows], k: int, seed: int) -> list[T.DocRows]:
    """The rows with k labelled rows (drawn with `seed`) given weight 0: every document stays, with the same lines."""
    labelled = [(i, j) for i, d in enumerate(rows) for j in np.flatnonzero(d.w > 0)]
    chosen: dict[int, list[int]] = {}
    for i, j in random.Random(seed).sample(labelled, min(k, len(labelled))):
        chosen.setdefault(i, []).append(int(j))
    out = list(rows)
    for i, js in chosen.items():
        w = rows[i].w.copy()
        w[js] = 0.0
        out[i] = dataclasses.replace(rows[i], w=w)
    return out


if __name__ == "__main__":
    sys.exit(main())
