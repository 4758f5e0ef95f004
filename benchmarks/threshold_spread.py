"""How much the learned stage's threshold choice, and the held-out scores it gives, move with the inner split's seed.

`train_lines.fit_with_threshold` chooses each fold model's threshold on inner domain-split out-of-fold predictions.
The inner folds are shuffled with a seed; this script refits every outer fold's threshold under several seeds (the
fold models' trees do not depend on it: they are fitted once per fold) and scores each seed's fold models on their
held-out pages the fast way (`learned_lab.apply_stage`: the stage on the kept view the cleaner recorded, its
removals taken out of the recorded body), so that the spread of the choice is read in thresholds, F1 and tf
must-keep snippets lost. `--repeats`, `--envelope` and `--quantile` set train_lines' INNER_REPEATS, ENVELOPE and
LOSS_QUANTILE for the run.

    python benchmarks/threshold_spread.py --corpus ../shared/corpus/dev --seeds 5
    python benchmarks/threshold_spread.py --corpus ../shared/corpus/dev --seeds 5 --repeats 3 --envelope
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crossval as C
import learned_lab as L
import train_lines as T

from cleaner.learned.stage import LearnedStage

# Seeds of the inner split, SEED_STEP apart so that repeats of one seed (seed + 1 + r) never overlap another's.
SEED_STEP = 1000


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
    args = ap.parse_args(argv)
    if args.repeats is not None:
        T.INNER_REPEATS = args.repeats
    if args.envelope:
        T.ENVELOPE = True
    if args.quantile is not None:
        T.LOSS_QUANTILE = args.quantile
    started = time.perf_counter()
    pages = C.load_pages(args.corpus, T.TRAIN_SOURCES)
    runs = C.collect(pages, args.workers)
    T.set_urls({p.key: p.gold.get("url") for p in pages})
    fold = T.folds([(p.key, p.gold.get("url")) for p in pages], args.folds)
    rows = C.training_rows(pages, runs)
    trees = {f: T._fit_docs([d for d in rows if fold[d.key] != f]) for f in range(args.folds)}
    print(
        f"# INNER_REPEATS {T.INNER_REPEATS}, ENVELOPE {T.ENVELOPE}, LOSS_QUANTILE {T.LOSS_QUANTILE}: "
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
        scored = C.cv_scored(pages, cv)
        line = []
        for r in C.RENDERINGS:
            for src in T.TRAIN_SOURCES:
                s = scored[r][src]
                cells.setdefault((r, src), []).append((s.f1, s.dropped_content))
                line.append(f"{r[:4]} {src} {s.f1:.4f}" + (f" lost {s.dropped_content}" if src == "tf" else ""))
        print(
            f"seed {seed}: thresholds {' '.join(f'{t:.2f}' for t in thresholds)} | {'; '.join(line)} "
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


if __name__ == "__main__":
    sys.exit(main())
