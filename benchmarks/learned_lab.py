"""Fast domain-split CV of the learned stage alone, on the cleaner's recorded kept views (crossval's cache).

crossval.py re-runs the whole cleaner with every fold model (its figures are the ones to report); this
script applies each fold's stage to the kept view the cleaner recorded just before the learned stage,
drops the lines it proposes from the recorded body, and scores that. The two agree except where a later
stage (top matter) would have chosen differently after the learned removals, so this is the loop for
trying features and thresholds. It also runs the stage a second time on its own output (the lines it
kept, as a fresh document) and counts what that second run would remove: the stage's own idempotence.

    python benchmarks/learned_lab.py --corpus ../shared/corpus/dev
    python benchmarks/learned_lab.py --corpus ../shared/corpus/dev --sweep 0.6,0.8   # and at fixed thresholds
    python benchmarks/learned_lab.py --corpus ../shared/corpus/dev --min-short 8,12,16   # stricter gates
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crossval as C
import train_lines as T

from cleaner import learned
from cleaner.learned import features as F
from cleaner.learned import stage as S
from cleaner.learned.model import LineModel
from cleaner.learned.stage import LearnedStage


def apply_stage(stage: LearnedStage, run: C.Run) -> tuple[C.Run, int, int]:
    """The run with the stage's removals taken out of its body; (run, removed, removed on a second run)."""
    kept = run.prestage
    if kept is None:
        return run, 0, 0
    found, _ = stage(kept, run.prestop)
    if not found:
        again, _ = stage([s for s in kept if s is not None and s.strip()], run.prestop)
        return run, 0, len(again)
    drop = Counter((kept[p.line] or "").strip() for p in found)
    body = []
    for line in run.body.split("\n"):
        t = line.strip()
        if t and drop.get(t, 0) > 0:
            drop[t] -= 1
            continue
        body.append(line)
    gone = {p.line for p in found}
    second = [s for i, s in enumerate(kept) if i not in gone and s is not None and s.strip()]
    again, _ = stage(second, run.prestop)
    new = C.Run(run.headline, run.description, "\n".join(body), None, run.removed)
    return new, len(found), len(again)


# Crude kinds of kept boilerplate, for the diagnosis only (English and German cue words; never used by the stage).
KINDS = (
    ("comments", re.compile(r"comment|kommentar|reply|antwort|leserbrief", re.I)),
    (
        "promo/legal",
        re.compile(
            r"newsletter|subscri|abonn|download|\bapp\b|©|cookie|privacy|datenschutz|anzeige|werbung"
            r"|sign up|log ?in|registr",
            re.I,
        ),
    ),
    ("byline/date", re.compile(r"^(by|von|from)\b|\b(19|20)\d\d\b|\d{1,2}[.:]\d\d", re.I)),
)


def kind(line: str, words: int, ends: bool) -> str:
    """A rough name for a boilerplate line: which cue words or shape it has."""
    for name, pattern in KINDS:
        if pattern.search(line):
            return name
    if words <= 3:
        return "menu/label (<=3 words)"
    if not ends:
        return "teaser/headline (no sentence end)"
    return "prose-like"


def diagnose(rows: Sequence[T.DocRows], models: dict[int, LineModel], fold: dict[str, int]) -> None:
    """Out-of-fold: kept boilerplate by kind and by why it stayed; content the fold threshold would take."""
    col_words, col_ends = F.FEATURES.index("log_words"), F.FEATURES.index("ends_sentence")
    stayed: Counter[tuple[str, str]] = Counter()
    lost: list[tuple[float, str, str]] = []
    texts = _texts()
    for d in rows:
        m = models[fold[d.key]]
        p = m.probability(d.x)
        lines = texts.get((d.key, d.rendering), [])
        for i in range(len(d.y)):
            line = lines[i] if i < len(lines) else ""
            words = round(float(np.expm1(d.x[i, col_words])))
            if d.w[i] > 0 and d.y[i] == 1 and (p[i] < m.cutoff or d.protected[i]):
                why = "prose guard" if d.protected[i] else f"p<{m.cutoff:.2f}"
                stayed[(kind(line, words, d.x[i, col_ends] > 0), why)] += len(line)
            elif d.keep_cost[i] > 0 and p[i] >= m.cutoff and not d.protected[i]:
                lost.append((float(p[i]), f"{d.src}/{d.rendering}", line[:90]))
    total = sum(stayed.values())
    print(f"## kept boilerplate (labelled lines the stage leaves), by characters: {total}")
    for (k, why), n in stayed.most_common():
        print(f"| {k} | {why} | {n / total:.1%} |")
    print(f"\n## content lines above the fold threshold ({len(lost)})")
    for p, where, line in sorted(lost, reverse=True)[:40]:
        print(f"{p:.2f} {where}: {line}")


def _texts() -> dict[tuple[str, str], list[str]]:
    """(page key, rendering) -> the non-blank kept lines the training rows were made from."""
    out = {}
    for (key, r), run in _RUNS.items():
        if run.prestage is not None:
            out[(key, r)] = [s.strip() for s in run.prestage if s is not None and s.strip()]
    return out


_RUNS: dict[tuple[str, str], C.Run] = {}


def drop_rows(run: C.Run, rows: np.ndarray) -> C.Run:
    """The run with the given rows (non-blank kept lines, in order) taken out of its body."""
    kept = run.prestage or []
    lines = [s.strip() for s in kept if s is not None and s.strip()]
    drop = Counter(lines[i] for i in np.flatnonzero(rows))
    body = []
    for line in run.body.split("\n"):
        t = line.strip()
        if t and drop.get(t, 0) > 0:
            drop[t] -= 1
            continue
        body.append(line)
    return C.Run(run.headline, run.description, "\n".join(body), None, run.removed)


def oracle(pages: Sequence[C.quality.Page], runs: dict[tuple[str, str], C.Run], rows: Sequence[T.DocRows]) -> None:
    """The ceiling of any line stage: every labelled boilerplate line removed, with and without the prose guard."""
    guarded = dict(runs)
    unguarded = dict(runs)
    for d in rows:
        bad = (d.w > 0) & (d.y == 1)
        guarded[(d.key, d.rendering)] = drop_rows(runs[(d.key, d.rendering)], bad & ~d.protected)
        unguarded[(d.key, d.rendering)] = drop_rows(runs[(d.key, d.rendering)], bad)
    cols = {"cleaner": runs, "oracle, guards kept": guarded, "oracle, no guards": unguarded}
    print("\n".join(C.table(pages, cols)))


def main(argv: Sequence[str] | None = None) -> int:
    """Fold models on sh+tf by domain, their stage on the held-out pages, scores beside the cleaner's."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--folds", type=int, default=C.DEFAULT_FOLDS)
    ap.add_argument("--sources", default="sh,tf", help="dn and sites are scored by the model fitted on sh+tf")
    ap.add_argument("--eval-limit", type=int, default=None, help="score at most N pages of dn and of sites (seeded)")
    ap.add_argument("--sweep", default="", help="also score these fixed thresholds, e.g. 0.6,0.8")
    ap.add_argument("--without", default="", help="ablation: train with these features held at 0, e.g. in_main_block")
    ap.add_argument(
        "--min-short", default="", help="apply the stage under these worth_reading gates (MIN_SHORT_LINES), e.g. 8,12"
    )
    ap.add_argument("--max-share", type=float, default=None, help="try another MAX_REMOVED_SHARE for the stage")
    ap.add_argument("--depth", type=int, default=None, help="try another tree depth")
    ap.add_argument("--rounds", type=int, default=None, help="try another number of boosting rounds")
    ap.add_argument("--oracle", action="store_true", help="score removing every line labelled boilerplate")
    ap.add_argument("--diagnose", action="store_true", help="what the fold models miss and what they would lose")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    if args.max_share is not None:
        S.MAX_REMOVED_SHARE = args.max_share
    if args.depth is not None:
        T.DEPTH = args.depth
    if args.rounds is not None:
        T.ROUNDS = args.rounds
    pages = C.load_pages(args.corpus, args.sources.split(","), args.eval_limit)
    runs = C.collect(pages, 2)
    _RUNS.update(runs)
    train_pages = [p for p in pages if p.src in T.TRAIN_SOURCES]
    T.set_urls({p.key: p.gold.get("url") for p in train_pages})
    fold = T.folds([(p.key, p.gold.get("url")) for p in train_pages], args.folds)
    rows = C.training_rows(pages, runs)
    for name in filter(None, args.without.split(",")):
        col = F.FEATURES.index(name)
        for d in rows:
            d.x[:, col] = 0.0
    print(f"{sum(len(d.y) for d in rows)} rows from {len(rows)} documents", file=sys.stderr)
    if args.oracle:
        oracle(train_pages, runs, rows)
        return 0
    models: dict[int, LineModel] = {}
    for f in range(args.folds):
        models[f] = T.fit_with_threshold([d for d in rows if fold[d.key] != f], args.folds)
        print(f"fold {f}: threshold {models[f].cutoff:.2f} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if args.diagnose:
        diagnose(rows, models, fold)
        return 0
    # dn and sites are only scored, by the model fitted on all of sh+tf (never trained or tuned on).
    unseen = [p for p in pages if p.src not in T.TRAIN_SOURCES]
    full = T.fit_with_threshold(rows, args.folds) if unseen else None
    if full is not None:
        print(f"full model: threshold {full.cutoff:.2f}", file=sys.stderr)
    thresholds = [None] + ([float(t) for t in args.sweep.split(",")] if args.sweep else [])
    gates = [int(g) for g in args.min_short.split(",")] if args.min_short else [learned.MIN_SHORT_LINES]
    for g, t in [(g, t) for g in gates for t in thresholds]:
        learned.MIN_SHORT_LINES = g
        views = [run.prestage for run in runs.values() if run.prestage is not None]
        read = sum(map(learned.worth_reading, views))
        print(f"\n# gate MIN_SHORT_LINES={g}: {read} of {len(views)} recorded views read")
        stages = {f: LearnedStage(m, t) for f, m in models.items()}
        cv: dict[tuple[str, str], C.Run] = {}
        removed = again = docs_again = 0
        for p in train_pages:
            for r in C.RENDERINGS:
                new, n1, n2 = apply_stage(stages[fold[p.key]], runs[(p.key, r)])
                cv[(p.key, r)] = new
                removed += n1
                again += n2
                docs_again += n2 > 0
        label = ("fold thresholds" if t is None else f"threshold {t:.2f}") + f", gate {g}"
        print(f"\n## {label}: {removed} lines removed; a second run removes {again} more on {docs_again} documents")
        print("\n".join(C.table(train_pages, {"cleaner": runs, "cleaner+learned (CV)": cv})))
        if unseen:
            print(f"\n## unseen sources, the model fitted on sh+tf (threshold {full.cutoff if t is None else t:.2f})")
            assert full is not None
            stage = LearnedStage(full, t)
            held = {(p.key, r): apply_stage(stage, runs[(p.key, r)])[0] for p in unseen for r in C.RENDERINGS}
            print("\n".join(C.table(unseen, {"cleaner": runs, "cleaner+learned": held})))
    print(f"\n{time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
