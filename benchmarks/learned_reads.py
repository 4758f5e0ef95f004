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
feature columns unknown (`LineModel.upper_log_odds`), and the read could end before computing those columns when no
row in a run of open rows can reach the threshold. Columns left unknown, per set:

- `text`: every feature that reads a column `features.complete` fills from the text (not the two it always fills);
- `by-row`: the features of the columns filled row by row (`features.BY_ROW`: second-person words, web and list marks);
- `promo`: the promotion-word features alone.

    python benchmarks/learned_reads.py --corpus ../shared/corpus/dev --sources tf --bound
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import learned_check  # noqa: E402
import quality  # noqa: E402

from cleaner import learned  # noqa: E402
from cleaner.learned import features as F  # noqa: E402
from cleaner.learned.stage import MIN_PROSE_LINES, LearnedStage, _prose, in_runs, protected  # noqa: E402
from cleaner.pipeline import Cleaner  # noqa: E402


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


def unknown_sets() -> dict[str, frozenset[int]]:
    """The feature columns each `--bound` set leaves unknown (see the module docstring)."""
    late = {f for f in F.FEATURES if F.columns_for([f]) - F.CHEAP_COLUMNS}
    by_row = {f for f in late if F.columns_for([f]) & F.BY_ROW}
    promo = {f for f in late if F.columns_for([f]) == F.columns_for(["promo_words"])}
    return {
        name: frozenset(F.FEATURES.index(f) for f in names)
        for name, names in (("text", late), ("by-row", by_row), ("promo", promo))
    }


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
            top[scored] = model.upper_log_odds(x, unknown)
            # In probabilities as the stage compares them; 1e-9 of slack leaves no rounding doubt on an exit.
            reach = 1.0 / (1.0 + np.exp(-np.clip(top, -30.0, 30.0))) >= replay.threshold - 1e-9
            if not in_runs(open_rows & reach).any():
                ended[name] += 1
                unsound += removes
    cells = " | ".join(f"{ended[name]} ({ended[name] / max(idle - before, 1):.0%})" for name in sets)
    return f"| {rendering} | {reads} | {idle} | {before} | {cells} | {unsound} |"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--sources", default="sh,tf")
    ap.add_argument("--renderings", default=",".join(learned_check.RENDERINGS))
    ap.add_argument("--bound", action="store_true", help="how many reads an exact early exit could end")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"learned_reads: no corpus folder at {args.corpus}", file=sys.stderr)
        return 2
    for src in args.sources.split(","):
        dirs = learned_check.page_dirs(args.corpus, [src], None)
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
