"""Why the learned stage costs more on some sources and renderings: how often it reads a page, and what a read costs.

The stage's marginal cost per document is (the share of documents it reads) x (the cost of a read) less what its
removals save the stages after it. This prints both factors per rendering, on documents met for the first time
(each half timed on a fresh cleaner warmed on the other half, as `learned_check.py --only first-sight` times them),
beside the cleaner's own cost without the stage:

    python benchmarks/learned_reads.py --corpus ../shared/corpus/dev --sources sh,tf

Columns: documents; reads (documents whose view `LearnedStage.read` reads, at least once) and their share; read calls;
reads that remove nothing; ms per read (mean, median; wall time of `read`); a least-squares fit of the read's cost as
fixed + per 1000 lines; the cleaner without the stage in CPU ms per document; the reads' ms per document as a share
of it. The stage's adapter (later stages run ahead, the language guess, the heuristics' re-run) is not in `read`.

`--bound` asks instead how many reads an exact early exit could end: the views the stage reads are recorded while
the pages are cleaned, and each is read again; where its first round scores rows, the trees are evaluated with some
feature columns unknown (`upper_log_odds`), and the read could end before computing those columns when no
row in a run of open rows can reach the threshold. Columns left unknown, per set:

- `text`: every feature that reads a column `features.complete` fills from the text (not the two it always fills);
- `by-row`: the features of the columns filled row by row (`features.BY_ROW`: second-person words, web and list marks);
- `promo`: the promotion-word features alone.

    python benchmarks/learned_reads.py --corpus ../shared/corpus/dev --sources tf --bound

`--parts` splits the stage's marginal cost on first sight (timed as above, with and without the stage alternating
which goes first by document, as `learned_check.py --only first-sight` times them) into the CPU ms per document of
the parts it runs. Parts nest: `_rounds` (the stage's rounds in the adapter) holds `read` and the heuristics' re-run;
`read` holds the rest; `RowMemo.stats` holds `line_stats`, and `assemble` holds `complete`.

    python benchmarks/learned_reads.py --corpus ../shared/corpus/dev --sources tf --renderings article --parts

`--replay-ab BASE` times the stage alone, another checkout's (`BASE`) against this one's, in CPU time: the views the
stage reads are recorded while the pages are cleaned, then replayed in page order through a fresh stage of each
checkout per pass, alternating which goes first by view, so each side's row memo fills as in a first-sight run and
both see the same load. It prints each pass's ms per view and new/old ratio, the best passes' ratio and the
median of the passes' ratios (the steadier of the two when the load changes within a run), and counts the views
whose proposals or warnings differ (must be 0 for an exact change). Whole cleans on this shared machine cannot tell
a change under ~12% of the stage's cost from noise; this replay repeats to about 1%.

    python benchmarks/learned_reads.py --corpus ../shared/corpus/dev --sources tf --renderings article,paragraphs \
        --replay-ab /tmp/base
"""

from __future__ import annotations

import argparse
import functools
import importlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import learned_check  # noqa: E402
import quality  # noqa: E402
import speed_ab  # noqa: E402

from cleaner import learned  # noqa: E402
from cleaner.learned import features as F  # noqa: E402
from cleaner.learned import rows as learned_rows  # noqa: E402
from cleaner.learned.model import LineModel  # noqa: E402
from cleaner.learned.stage import MIN_PROSE_LINES, LearnedStage, _prose, in_runs, protected  # noqa: E402
from cleaner.pipeline import Cleaner  # noqa: E402
from cleaner.stages import learned as adapter  # noqa: E402

# (owner, attribute, label) of each part `--parts` times; module functions are looked up where their callers read them.
PARTS: tuple[tuple[Any, str, str], ...] = (
    (adapter, "_rounds", "adapter: _rounds"),
    (adapter, "_later", "adapter: later stages run ahead"),
    (adapter.heuristics_stage, "propose", "adapter: heuristics' re-run"),
    (LearnedStage, "read", "read"),
    (learned_rows.RowMemo, "stats", "read: RowMemo.stats"),
    (F, "line_stats", "read: features.line_stats"),
    (F, "basics", "read: features.basics"),
    (F, "fill_rows", "read: features.fill_rows"),
    (F, "assemble", "read: features.assemble"),
    (F, "complete", "read: features.complete"),
    (learned_rows.RowMemo, "keep", "read: RowMemo.keep"),
    (LearnedStage, "_explained", "read: explanations"),
)


def reads(dirs: Sequence[Path], rendering: str) -> str:
    """One table row: the stage's reads of the rendering's documents, first sight, and the cleaner's cost without it."""
    texts = [quality.read_rendering(d, rendering) for d in dirs]
    half = len(texts) // 2
    seen: list[tuple[int, float, int, int]] = []  # (document, seconds, lines, proposals)
    timing = [-1]  # the document being timed; -1 while warming
    original = LearnedStage.read

    def read(self: LearnedStage, kept: Sequence[str | None], stop: frozenset[str] | None = None) -> Any:
        t0 = time.perf_counter()
        out = original(self, kept, stop)
        if timing[0] >= 0:
            lines = sum(1 for s in kept if s and s.strip())
            seen.append((timing[0], time.perf_counter() - t0, lines, len(out[0])))
        return out

    without_s = 0.0
    LearnedStage.read = read  # type: ignore[method-assign]
    try:
        for warm, timed, offset in ((texts[:half], texts[half:], half), (texts[half:], texts[:half], 0)):
            with_stage, without = Cleaner(learned=True), Cleaner(learned=False)
            timing[0] = -1
            for t in warm:
                with_stage.clean(t)
                without.clean(t)
            for k, t in enumerate(timed):
                t0 = time.process_time()
                without.clean(t)
                without_s += time.process_time() - t0
                timing[0] = offset + k
                with_stage.clean(t)
                timing[0] = -1
    finally:
        LearnedStage.read = original  # type: ignore[method-assign]
    n = len(texts)
    if not seen:
        return f"| {rendering} | {n} | 0 | | | | | | {without_s / n * 1e3:.2f} | 0 |"
    a = np.array(seen, np.float64)
    docs = len(set(a[:, 0].tolist()))
    idle = int(np.count_nonzero(a[:, 3] == 0))
    ms = a[:, 1] * 1e3
    fixed, per_line = np.linalg.lstsq(np.c_[np.ones(len(a)), a[:, 2]], ms, rcond=None)[0]
    per_doc = ms.sum() / n
    return (
        f"| {rendering} | {n} | {docs} ({docs / n:.0%}) | {len(a)} | {idle} ({idle / len(a):.0%}) | "
        f"{ms.mean():.2f} / {np.median(ms):.2f} | {fixed:.2f} + {per_line * 1e3:.1f} | {np.median(a[:, 2]):.0f} | "
        f"{without_s / n * 1e3:.2f} | {per_doc / (without_s / n * 1e3):.0%} |"
    )


def parts(dirs: Sequence[Path], rendering: str) -> str:
    """One line: the stage's marginal cost on first sight, and the CPU ms per document of each of its PARTS."""
    texts = [quality.read_rendering(d, rendering) for d in dirs]
    half = len(texts) // 2
    spent: dict[str, float] = {}
    timing = [False]
    saved: list[tuple[Any, str, Any]] = []

    def timed(label: str, f: Any) -> Any:
        @functools.wraps(f)
        def run(*args: Any, **kwargs: Any) -> Any:
            if not timing[0]:
                return f(*args, **kwargs)
            t0 = time.process_time()
            try:
                return f(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - t0

        return run

    # The heuristics stage's own run (the registry holds its function) is not timed: only the adapter's re-run,
    # which reads it through the module attribute patched here (the re-run's module is a proxy for that reason).
    for owner, name, _label in PARTS:
        original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
        saved.append((owner, name, original))
    rerun = type("Rerun", (), {"propose": staticmethod(timed(PARTS[2][2], adapter.heuristics_stage.propose))})
    total = {"with": 0.0, "without": 0.0}
    try:
        for owner, name, label in PARTS:
            if owner is not adapter.heuristics_stage:
                setattr(owner, name, timed(label, getattr(owner, name)))
        adapter.heuristics_stage = rerun  # type: ignore[assignment]
        for warm, measured in ((texts[:half], texts[half:]), (texts[half:], texts[:half])):
            with_stage, without = Cleaner(learned=True), Cleaner(learned=False)
            for t in warm:
                with_stage.clean(t)
                without.clean(t)
            for k, t in enumerate(measured):
                pair = (("with", with_stage), ("without", without))
                for side, cleaner in pair if k % 2 else pair[::-1]:
                    timing[0] = side == "with"
                    t0 = time.process_time()
                    cleaner.clean(t)
                    total[side] += time.process_time() - t0
                    timing[0] = False
    finally:
        for owner, name, original in saved:
            if owner is adapter.heuristics_stage:
                continue
            setattr(owner, name, original)
        adapter.heuristics_stage = PARTS[2][0]
    n = len(texts)
    cells = ", ".join(f"{label} {spent.get(label, 0.0) / n * 1e3:.3f}" for _, _, label in PARTS)
    return (
        f"{rendering}: without {total['without'] / n * 1e3:.2f}, with {total['with'] / n * 1e3:.2f} ms/doc "
        f"(ratio {total['without'] / total['with']:.3f}, marginal {(total['with'] - total['without']) / n * 1e3:.2f}); "
        f"parts, ms/doc: {cells}"
    )


def unknown_sets() -> dict[str, frozenset[int]]:
    """The feature columns each `--bound` set leaves unknown (see the module docstring)."""
    late = {f for f in F.FEATURES if F.columns_for([f]) - F.CHEAP_COLUMNS}
    by_row = {f for f in late if F.columns_for([f]) & F.BY_ROW}
    promo = {f for f in late if F.columns_for([f]) == F.columns_for(["promo_words"])}
    return {
        name: frozenset(F.FEATURES.index(f) for f in names)
        for name, names in (("text", late), ("by-row", by_row), ("promo", promo))
    }


def upper_log_odds(model: LineModel, x: npt.NDArray[np.float64], unknown: frozenset[int]) -> npt.NDArray[np.float64]:
    """The highest log-odds each row can reach under `model` whatever the values of its `unknown` feature columns: a
    split on an unknown feature leads to both children, and each tree gives the highest leaf its row can reach.

    What an exact early exit would read (a row whose bound is under the threshold cannot become a candidate once its
    unknown columns are filled in). `--bound` measures it: with the text columns `complete` fills left unknown it ends
    4 of 121 tf article.txt reads that remove nothing, too few to pay, so the stage does not use it and it lives here.
    The trees are summed over axis 0 as in `LineModel.log_odds`, and rounding is monotone, so the bound is never below
    the row's log-odds."""
    trees = len(model.feature)
    unknown_split = np.isin(model.feature, np.fromiter(unknown, np.int64, len(unknown)))
    reach = np.ones((trees, 1, len(x)), np.bool_)
    first = 0
    for level in range(model.depth):
        nodes = slice(first, first + (1 << level))
        right = x.T[model.feature[:, nodes]] > model.threshold[:, nodes, None]  # trees x level's nodes x rows
        either = unknown_split[:, nodes, None]
        # Children of breadth-first node i are 2i + 1 and 2i + 2: interleaved, they are the next level in order.
        reach = np.stack((reach & (either | ~right), reach & (either | right)), axis=2).reshape(trees, -1, len(x))
        first = 2 * first + 1
    leaves = model.value[:, first:, None]
    return model.base + np.where(reach, leaves, -np.inf).max(axis=1).sum(axis=0)


def bound(dirs: Sequence[Path], rendering: str) -> str:
    """One table row: reads, reads that remove nothing, and those an exact early exit on each set would end."""
    views = learned_check.recorded_views(dirs, rendering)
    stage, replay = LearnedStage(), LearnedStage()  # `replay` reads each view's first round as `read` does
    sets = unknown_sets()
    model = stage.model
    reads = idle = before = 0
    ended = dict.fromkeys(sets, 0)
    unsound = 0  # reads a bound would end that do remove lines: must stay 0
    for kept, stop in views:
        if not stop:
            continue
        reads += 1
        removes = bool(stage.read(kept, stop)[0])
        idle += not removes
        stats, lines = replay.memo.stats(kept, stop)
        base = F.basics(stats)
        prose = _prose(base)
        if len(stats.index) < learned.MIN_LINES or np.count_nonzero(prose) < MIN_PROSE_LINES:
            before += 1
            continue
        open_rows = ~protected(base, prose)
        open_rows[0] = False
        open_rows = in_runs(open_rows)
        if not open_rows.any():
            before += 1
            continue
        scored = open_rows.nonzero()[0]
        F.fill_rows(stats, scored, lines, replay.by_row)
        x = F.assemble(stats, None, base, replay._whole, replay.unread).matrix[scored]
        for name, unknown in sets.items():
            top = np.zeros(len(open_rows))
            top[scored] = upper_log_odds(model, x, unknown)
            # In probabilities as the stage compares them; 1e-9 of slack leaves no rounding doubt on an exit.
            reach = 1.0 / (1.0 + np.exp(-np.clip(top, -30.0, 30.0))) >= replay.threshold - 1e-9
            if not in_runs(open_rows & reach).any():
                ended[name] += 1
                unsound += removes
    cells = " | ".join(f"{ended[name]} ({ended[name] / max(idle - before, 1):.0%})" for name in sets)
    return f"| {rendering} | {reads} | {idle} | {before} | {cells} | {unsound} |"


REPLAY_PASSES = 5


def replay_ab(dirs: Sequence[Path], rendering: str, base: Path, passes: int = REPLAY_PASSES) -> str:
    """The stage alone, `base`'s checkout against this one's, on the recorded views (see the module docstring)."""
    views = learned_check.recorded_views(dirs, rendering)
    n = max(len(views), 1)
    best = {"old": float("inf"), "new": float("inf")}
    differ = 0
    lines = []
    ratios = []
    with speed_ab.base_imported(base):
        old_stage = importlib.import_module(f"{speed_ab.BASE_NAME}.learned.stage").LearnedStage
        # Each side's one-time costs (its model, its character table) paid before the timing, on stages thrown away.
        for warm in (old_stage(), LearnedStage()):
            for kept, stop in views[:1]:
                warm(kept, stop)
        for p in range(passes):
            stages = {"old": old_stage(), "new": LearnedStage()}
            spent = {"old": 0.0, "new": 0.0}
            for k, (kept, stop) in enumerate(views):
                said = {}
                for name in ("old", "new") if (k + p) % 2 else ("new", "old"):
                    t0 = time.process_time()
                    found, warnings = stages[name](kept, stop)
                    spent[name] += time.process_time() - t0
                    said[name] = ([(f.line, f.probability, f.why) for f in found], warnings)
                differ += p == 0 and said["old"] != said["new"]
            ratios.append(spent["new"] / max(spent["old"], 1e-12))
            lines.append(
                f"  pass {p}: old {1000 * spent['old'] / n:.3f}, new {1000 * spent['new'] / n:.3f} ms/view "
                f"(new/old {ratios[-1]:.3f})"
            )
            for name in best:
                best[name] = min(best[name], spent[name])
    return "\n".join(
        [
            f"{rendering}: {len(views)} views; best pass old {1000 * best['old'] / n:.3f}, new "
            f"{1000 * best['new'] / n:.3f} ms/view, new/old {best['new'] / max(best['old'], 1e-12):.3f} "
            f"(median of the passes' {sorted(ratios)[len(ratios) // 2]:.3f}); "
            f"views whose proposals differ: {differ}",
            *lines,
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--sources", default="sh,tf")
    ap.add_argument("--renderings", default=",".join(learned_check.RENDERINGS))
    ap.add_argument("--bound", action="store_true", help="how many reads an exact early exit could end")
    ap.add_argument("--parts", action="store_true", help="the stage's marginal cost split into its parts")
    ap.add_argument("--replay-ab", type=Path, default=None, metavar="BASE", help="the stage alone, BASE against this")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"learned_reads: no corpus folder at {args.corpus}", file=sys.stderr)
        return 2
    for src in args.sources.split(","):
        dirs = learned_check.page_dirs(args.corpus, [src], None)
        if args.replay_ab is not None:
            print(f"## {src}: the stage alone on recorded views, {args.replay_ab} (old) against this checkout (new)")
            for rendering in args.renderings.split(","):
                print(replay_ab(dirs, rendering, args.replay_ab), flush=True)
            continue
        if args.parts:
            print(f"## {src}: the stage's parts on first sight (CPU ms per document)")
            for rendering in args.renderings.split(","):
                print(parts(dirs, rendering), flush=True)
            continue
        if args.bound:
            names = " | ".join(f"ended, `{name}` unknown" for name in unknown_sets())
            print(
                f"## {src}: reads an exact early exit could end (share of the reads that score rows and remove nothing)"
            )
            print(
                f"| rendering | reads | reads removing nothing | of those, ended before scoring | {names} | unsound |"
            )
            print("|---|---|---|---|---|---|---|---|")
            for rendering in args.renderings.split(","):
                print(bound(dirs, rendering), flush=True)
            continue
        print(f"## {src}: the stage's reads on first sight")
        print(
            "| rendering | docs | docs read | reads | reads removing nothing | ms per read (mean / median) | "
            "fit ms: fixed + per 1000 lines | median lines | cleaner without the stage, ms/doc | reads / without |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for rendering in args.renderings.split(","):
            print(reads(dirs, rendering), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
