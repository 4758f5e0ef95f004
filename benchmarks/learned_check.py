"""Is the learned line stage safe to run by default? Its idempotence on the corpus, and its cost.

Idempotence: every page and rendering is cleaned with the stage on, then its body is cleaned again with
the same Cleaner; the script counts the LRN001 removals of that second cleaning (the stage's own
idempotence), and separately the pages where another stage removed something on the second cleaning too
(then the stage saw a different page, and a removal there is not the stage's alone). Issue 9 asks for
none of either; the stage runs by default only because both are 0 (cleaner/stages/learned.py reads the page
as the second cleaning will).

Throughput: the same documents cleaned with and without the stage, alternating document by document in one
run on one core, best of PASSES; the ratio is the issue's "at least 0.8x the throughput without it".

    python benchmarks/learned_check.py --corpus ../shared/corpus/dev --sources sh,tf
    python benchmarks/learned_check.py --corpus ../shared/corpus/dev --only speed --sources sh
    python benchmarks/learned_check.py --corpus ../shared/corpus/dev --only first-sight --sources sh
    python benchmarks/learned_check.py --corpus ../shared/corpus/dev --only stage-ab --base /tmp/base --sources sh
    python benchmarks/learned_check.py --corpus ../shared/corpus/dev --only marginal-ab --base /tmp/base --sources sh

The stage A/B times the stage alone (`LearnedStage.read`) against another checkout's, in one process: the
views it reads when each page is cleaned are recorded, then both checkouts' stages read each view in turn
(alternating which goes first), each with an empty row memo (lines seen for the first time; `--warm`: a memo
that has read the view once, as in `speed`'s later passes), best of PASSES per view; their proposals must be the
same.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality  # noqa: E402
import speed_ab  # noqa: E402

from cleaner.learned.model import load  # noqa: E402
from cleaner.learned.rows import RowMemo  # noqa: E402
from cleaner.learned.stage import RULE_ID, LearnedStage  # noqa: E402
from cleaner.pipeline import Cleaner  # noqa: E402

RENDERINGS = ("fulltext", "article", "paragraphs", "trafilatura")
# Timing passes per cleaner; the best is kept (the machine is shared, the minimum is the least disturbed).
PASSES = 3


def page_dirs(corpus: Path, sources: Sequence[str], limit: int | None) -> list[Path]:
    """Page folders of the given sources, in name order, at most `limit` per source."""
    out = []
    for src in sources:
        folder = corpus / src
        dirs = sorted(d for d in folder.iterdir() if (d / "gold.json").is_file()) if folder.is_dir() else []
        out.extend(dirs[:limit] if limit else dirs)
    return out


def stage_for(model: Path | None) -> LearnedStage | bool:
    """The stage with the model file at `model`, else the shipped one."""
    return LearnedStage(load(model)) if model is not None else True


def idempotence(dirs: Sequence[Path], model: Path | None = None) -> None:
    """Second cleanings of the stage's output: LRN001 removals, and pages where other stages moved too."""
    cleaner = Cleaner(learned=stage_for(model))
    first_removed = 0
    again: Counter[str] = Counter()
    pages_again: Counter[str] = Counter()
    others_moved: Counter[str] = Counter()
    examples: list[str] = []
    for d in dirs:
        for r in RENDERINGS:
            art = cleaner.clean(quality.read_rendering(d, r))
            first_removed += sum(1 for x in art.removed if x.rule == RULE_ID)
            second = cleaner.clean(art.body)
            lrn = [x for x in second.removed if x.rule == RULE_ID]
            other = [x for x in second.removed if x.rule != RULE_ID]
            key = f"{d.parent.name}/{r}"
            again[key] += len(lrn)
            pages_again[key] += bool(lrn)
            others_moved[key] += bool(other)
            if lrn and len(examples) < 10:
                examples.append(f"{d.parent.name}/{d.name}/{r}: {lrn[0].text[:70]!r} ({lrn[0].why})")
    docs = len(dirs) * len(RENDERINGS)
    print(f"## idempotence of the learned stage: {docs} documents, {first_removed} LRN001 removals on the first pass")
    print("| source/rendering | documents where a second cleaning removes LRN001 lines | lines | other stages moved |")
    print("|---|---|---|---|")
    for key in sorted(pages_again.keys() | others_moved.keys()):
        print(f"| {key} | {pages_again[key]} | {again[key]} | {others_moved[key]} |")
    print(f"total: {sum(pages_again.values())} documents, {sum(again.values())} lines")
    for e in examples:
        print("  " + e)


def speed(dirs: Sequence[Path], rendering: str, model: Path | None = None, passes: int = PASSES) -> None:
    """Single-core throughput with and without the stage, same documents, same run.

    Printed: the best pass of each side (as before), and the ratio of each pass on its own. Within a pass both
    sides see the same load (they alternate document by document); the best passes of the two sides can come
    from different moments, so on a busy machine the per-pass ratios (their median and spread) are the paired
    figure."""
    texts = [quality.read_rendering(d, rendering) for d in dirs]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    with_stage, without = Cleaner(learned=stage_for(model)), Cleaner(learned=False)
    for t in texts[:20]:  # warm both (model load, stoplists, regex caches)
        with_stage.clean(t)
        without.clean(t)
    best = {"with": float("inf"), "without": float("inf")}
    ratios: list[float] = []
    for _ in range(passes):
        # Each document is cleaned by both, in turn, the order swapped every document: on a shared machine
        # whole passes timed one after the other moved by 10-20% between runs, more than the stage's cost.
        spent = {"with": 0.0, "without": 0.0}
        for k, t in enumerate(texts):
            pair = (("with", with_stage), ("without", without))
            for name, cleaner in pair if k % 2 else pair[::-1]:
                t0 = time.process_time()
                cleaner.clean(t)
                spent[name] += time.process_time() - t0
        for name in best:
            best[name] = min(best[name], spent[name])
        ratios.append(spent["without"] / spent["with"])
    ratios.sort()
    print(
        f"{rendering}: {len(texts)} docs, {mb:.2f} MB; with the stage {mb / best['with']:.2f} MB/s, "
        f"without {mb / best['without']:.2f} MB/s; ratio {best['without'] / best['with']:.2f} (target >= 0.80); "
        f"per pass {ratios[0]:.2f}-{ratios[-1]:.2f}, median {ratios[len(ratios) // 2]:.2f}"
    )


def first_sight(dirs: Sequence[Path], rendering: str, model: Path | None = None, passes: int = PASSES) -> None:
    """The same ratio on documents each cleaner meets for the first time: each half of the documents is
    timed on a fresh pair of cleaners warmed on the other half (as speed.py's breakdown and speed_ab.py time),
    so no per-cleaner memo (the rules' line cache, the stage's rows) has seen a timed line of that page before,
    unless another page printed it too. `speed` repeats the documents in every pass after the first."""
    texts = [quality.read_rendering(d, rendering) for d in dirs]
    half = len(texts) // 2
    ratios: list[float] = []
    for _ in range(passes):
        spent = {"with": 0.0, "without": 0.0}
        for warm, timed in ((texts[:half], texts[half:]), (texts[half:], texts[:half])):
            with_stage, without = Cleaner(learned=stage_for(model)), Cleaner(learned=False)
            for t in warm:
                with_stage.clean(t)
                without.clean(t)
            for k, t in enumerate(timed):
                pair = (("with", with_stage), ("without", without))
                for name, cleaner in pair if k % 2 else pair[::-1]:
                    t0 = time.process_time()
                    cleaner.clean(t)
                    spent[name] += time.process_time() - t0
        ratios.append(spent["without"] / spent["with"])
    ratios.sort()
    print(
        f"{rendering} (first sight): {len(texts)} docs; ratio per pass {ratios[0]:.2f}-{ratios[-1]:.2f}, "
        f"median {ratios[len(ratios) // 2]:.2f} (target >= 0.80)"
    )


def recorded_views(dirs: Sequence[Path], rendering: str) -> list[tuple[tuple[str | None, ...], frozenset[str] | None]]:
    """Every (view, stoplist) the shipped stage reads while the pages are cleaned."""
    seen: list[tuple[tuple[str | None, ...], frozenset[str] | None]] = []
    read = LearnedStage.read

    def recording(self: LearnedStage, kept: Sequence[str | None], stop: frozenset[str] | None = None) -> Any:
        seen.append((tuple(kept), stop))
        return read(self, kept, stop)

    LearnedStage.read = recording  # type: ignore[method-assign]
    try:
        cleaner = Cleaner(learned=True)
        for d in dirs:
            cleaner.clean(quality.read_rendering(d, rendering))
    finally:
        LearnedStage.read = read  # type: ignore[method-assign]
    return seen


def stage_ab(dirs: Sequence[Path], rendering: str, base: Path, passes: int = PASSES, warm: bool = False) -> None:
    """CPU ms per view of the stage alone, `base`'s against this checkout's, on first sight (see the docstring);
    `warm`: each side's row memo has read the view once before it is timed (the lines seen before, as in every
    pass of `speed` after the first)."""
    views = recorded_views(dirs, rendering)
    with speed_ab.base_imported(base):
        old_stage = importlib.import_module(f"{speed_ab.BASE_NAME}.learned.stage")
        old_rows = importlib.import_module(f"{speed_ab.BASE_NAME}.learned.rows")
        sides = {"old": (old_stage.LearnedStage(), old_rows.RowMemo), "new": (LearnedStage(), RowMemo)}
        spent = {"old": 0.0, "new": 0.0}
        differ = 0
        for k, (kept, stop) in enumerate(views):
            best = {"old": float("inf"), "new": float("inf")}
            said: dict[str, list[tuple[int, float, str]]] = {}
            for p in range(passes):
                for name in ("old", "new") if (k + p) % 2 else ("new", "old"):
                    stage, memo = sides[name]
                    stage.memo = memo(stage.columns)
                    if warm:
                        stage.read(kept, stop)
                    t0 = time.process_time()
                    found, _warnings = stage.read(kept, stop)
                    best[name] = min(best[name], time.process_time() - t0)
                    said[name] = [(f.line, f.probability, f.why) for f in found]
            differ += said["old"] != said["new"]
            for name in spent:
                spent[name] += best[name]
    n = max(len(views), 1)
    print(
        f"{rendering}{' (warm row memo)' if warm else ''}: {len(views)} views read; stage ms/view "
        f"{1000 * spent['old'] / n:.3f} -> "
        f"{1000 * spent['new'] / n:.3f} (new/old {spent['new'] / max(spent['old'], 1e-12):.3f}); "
        f"views whose proposals differ: {differ}"
    )


def marginal_ab(dirs: Sequence[Path], rendering: str, base: Path, passes: int = PASSES, warm: bool = False) -> None:
    """The stage's marginal cost (with minus without, CPU ms per document) and the with/without ratio, `base`'s
    checkout against this one's, in one process: each document is cleaned by the four cleaners in turn (the order
    rotating by document), so all four see the same load. First sight as `first_sight` (each half timed on fresh
    cleaners warmed on the other half); `warm`: as `speed` (the same cleaners over every pass, after one pass)."""
    texts = [quality.read_rendering(d, rendering) for d in dirs]
    half = len(texts) // 2
    with speed_ab.base_imported(base):
        old = importlib.import_module(f"{speed_ab.BASE_NAME}.pipeline").Cleaner
        makers = {
            ("old", "with"): lambda: old(learned=True),
            ("old", "without"): lambda: old(learned=False),
            ("new", "with"): lambda: Cleaner(learned=True),
            ("new", "without"): lambda: Cleaner(learned=False),
        }
        keys = list(makers)
        rows: list[dict[tuple[str, str], float]] = []
        kept = {key: make() for key, make in makers.items()}
        if warm:
            for t in texts:
                for c in kept.values():
                    c.clean(t)
        for _ in range(passes):
            spent = dict.fromkeys(keys, 0.0)
            plan = [(texts, texts)] if warm else [(texts[:half], texts[half:]), (texts[half:], texts[:half])]
            for warm_on, timed in plan:
                cleaners = kept if warm else {key: make() for key, make in makers.items()}
                if not warm:
                    for t in warm_on:
                        for c in cleaners.values():
                            c.clean(t)
                for k, t in enumerate(timed):
                    order = keys[k % 4 :] + keys[: k % 4]
                    for key in order if (k // 4) % 2 else order[::-1]:
                        t0 = time.process_time()
                        cleaners[key].clean(t)
                        spent[key] += time.process_time() - t0
            rows.append(spent)
    n = len(texts)

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    ratio = {side: median([r[(side, "without")] / r[(side, "with")] for r in rows]) for side in ("old", "new")}
    cost = {side: median([1000 * (r[(side, "with")] - r[(side, "without")]) / n for r in rows]) for side in ratio}
    share = median(
        [(r[("new", "with")] - r[("new", "without")]) / (r[("old", "with")] - r[("old", "without")]) for r in rows]
    )
    print(
        f"{rendering}{' (warm)' if warm else ' (first sight)'}: {n} docs, {passes} passes; with/without ratio "
        f"{ratio['old']:.3f} -> {ratio['new']:.3f}; the stage's marginal cost {cost['old']:.2f} -> {cost['new']:.2f} "
        f"ms/doc (new/old, per-pass median {share:.3f})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Idempotence and/or speed, on the chosen sources."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--sources", default="sh,tf")
    ap.add_argument("--limit", type=int, default=None, help="at most this many pages per source")
    ap.add_argument("--only", choices=("idempotence", "speed", "first-sight", "stage-ab", "marginal-ab"), default=None)
    ap.add_argument("--base", type=Path, default=None, help="stage-ab: the other checkout (a folder with cleaner/)")
    ap.add_argument("--model", type=Path, default=None, help="a model file other than the shipped one")
    ap.add_argument("--passes", type=int, default=PASSES, help="timing passes over the documents")
    ap.add_argument(
        "--warm",
        action="store_true",
        help="stage-ab: each side's row memo has read the view before; marginal-ab: as speed",
    )
    args = ap.parse_args(argv)
    dirs = page_dirs(args.corpus, args.sources.split(","), args.limit)
    if args.only in (None, "idempotence"):
        idempotence(dirs, args.model)
    if args.only in (None, "speed"):
        print("## throughput, CPU seconds, best of", args.passes)
        for r in RENDERINGS:
            speed(dirs, r, args.model, args.passes)
    if args.only in (None, "first-sight"):
        print("## throughput on documents met for the first time, CPU seconds,", args.passes, "passes")
        for r in RENDERINGS:
            first_sight(dirs, r, args.model, args.passes)
    if args.only == "marginal-ab":
        if args.base is None or not (args.base / "cleaner").is_dir():
            print("learned_check: --only marginal-ab needs --base, a checkout with a cleaner/ folder", file=sys.stderr)
            return 2
        print(f"## the stage's marginal cost in the whole clean, {args.base} -> this checkout")
        for r in RENDERINGS:
            marginal_ab(dirs, r, args.base, args.passes, args.warm)
    if args.only == "stage-ab":
        if args.base is None or not (args.base / "cleaner").is_dir():
            print("learned_check: --only stage-ab needs --base, a checkout with a cleaner/ folder", file=sys.stderr)
            return 2
        sight = "with the lines seen before" if args.warm else "on first sight"
        print(f"## the stage alone {sight}, {args.base} -> this checkout, best of {args.passes} per view")
        for r in RENDERINGS:
            stage_ab(dirs, r, args.base, args.passes, args.warm)
    return 0


if __name__ == "__main__":
    sys.exit(main())
