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

from cleaner.learned.stage import LearnedStage  # noqa: E402
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


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--sources", default="sh,tf")
    ap.add_argument("--renderings", default=",".join(learned_check.RENDERINGS))
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"learned_reads: no corpus folder at {args.corpus}", file=sys.stderr)
        return 2
    for src in args.sources.split(","):
        dirs = learned_check.page_dirs(args.corpus, [src], None)
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
