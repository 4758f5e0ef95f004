"""Quality benchmark: how much article text the cleaner keeps and how much boilerplate it drops.

Scores every rendering of every corpus page (see ../shared/corpus/README.md) three ways: the raw
input, our output, and trafilatura alone on the HTML. The metric is our own implementation of the
corpus scorer: 4-gram shingle precision/recall per `sh` page, macro-averaged; whitespace-normalised
must-keep / must-drop snippet tests on `tf` pages, micro-averaged.

    python benchmarks/quality.py --corpus ../shared/corpus/dev                  # the table
    python benchmarks/quality.py --corpus ../shared/corpus/dev --gate           # CI: fail on a regression
    python benchmarks/quality.py --corpus ../shared/corpus/dev --update-baseline  # raise the floors
    python benchmarks/quality.py --corpus ../shared/corpus/dev --lower-floor --reason "why"
    python benchmarks/quality.py --corpus ../shared/corpus/dev --diff HEAD~1    # pages that moved, and why

The work is split by job into sibling modules: quality_metrics (the scorer), quality_runner (corpus
and runs), quality_table (scores, table, targets), quality_gate (floors and baseline) and
quality_diff (--diff). This file is the CLI and re-exports their names for the other benchmarks.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

# The sibling modules import each other by name, also when this file is loaded by path (the tests).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quality_diff import diff_report, run_revision
from quality_gate import (
    BASELINE,
    FLOOR_TOLERANCE,
    floor_for,
    gate,
    load_baseline,
    report_gate,
    updated_baseline,
    write_baseline,
)
from quality_metrics import (
    Score,
    ShPage,
    TfPage,
    aggregate_sh,
    aggregate_tf,
    normalise,
    score_sh_page,
    score_tf_page,
    shingles,
)
from quality_runner import (
    CACHE_DIR,
    DEFAULT_WORKERS,
    RENDERINGS,
    Output,
    Page,
    load_pages,
    read_rendering,
    run_corpus,
    trafilatura_alone,
)
from quality_table import Check, aggregate, format_table, score_page, score_runs, targets

__all__ = [
    "FLOOR_TOLERANCE",
    "RENDERINGS",
    "Check",
    "Output",
    "Page",
    "Score",
    "ShPage",
    "TfPage",
    "aggregate",
    "aggregate_sh",
    "aggregate_tf",
    "diff_report",
    "floor_for",
    "format_table",
    "load_pages",
    "main",
    "normalise",
    "read_rendering",
    "run_corpus",
    "score_page",
    "score_runs",
    "score_sh_page",
    "score_tf_page",
    "shingles",
    "trafilatura_alone",
]


def _parse_renderings(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in RENDERINGS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown rendering(s): {', '.join(unknown)}")
    return names


def build_parser() -> argparse.ArgumentParser:
    """Flags; kept apart from main() so that the tests can check the help text."""
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, required=True, help="corpus split folder holding sh/ and tf/")
    ap.add_argument(
        "--renderings",
        type=_parse_renderings,
        default=list(RENDERINGS),
        help=f"comma-separated subset of {','.join(RENDERINGS)}",
    )
    ap.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    ap.add_argument("--no-peer", action="store_true", help="skip trafilatura alone on the HTML row")
    ap.add_argument("--no-cache", action="store_true", help=f"do not cache trafilatura alone in {CACHE_DIR}")
    ap.add_argument("--baseline", type=Path, default=BASELINE)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--gate", action="store_true", help="exit 1 when a floor of the baseline is not met")
    mode.add_argument("--update-baseline", action="store_true", help="raise floors to this run (never lowers)")
    mode.add_argument("--lower-floor", action="store_true", help="set floors to this run even if lower")
    mode.add_argument("--diff", metavar="REV", help="pages that got better or worse against git revision REV")
    mode.add_argument("--dump", type=Path, help=argparse.SUPPRESS)  # used by --diff on the old tree
    ap.add_argument("--reason", help="why a floor is lowered (required with --lower-floor)")
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Run, print the table, then gate / update / diff as asked; the exit code is the gate's verdict."""
    args = build_parser().parse_args(argv)
    if args.lower_floor and not (args.reason and args.reason.strip()):
        print('--lower-floor needs --reason "..." (the reason goes into the baseline and the commit)', file=sys.stderr)
        return 2
    pages = load_pages(args.corpus)
    if not pages:
        print(f"no pages under {args.corpus}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    outputs = run_corpus(
        pages, args.renderings, workers=args.workers, with_peer=not args.no_peer, cache=not args.no_cache
    )
    if args.dump:
        args.dump.write_text(
            json.dumps({k: {r: o.ours for r, o in v.items()} for k, v in outputs.items()}), encoding="utf-8"
        )
        return 0
    scores = score_runs(pages, outputs, args.renderings)
    elapsed = time.perf_counter() - started
    print(format_table(scores))
    print()
    for c in targets(scores):
        print(f"target {'ok  ' if c.ok else 'MISS'} {c.name}: {c.detail}")
    print(f"\n{len(pages)} pages, {len(args.renderings)} renderings, {elapsed:.0f} s, {args.workers} workers")
    if args.diff:
        old = run_revision(args.diff, args.corpus, args.renderings, args.workers)
        print()
        print(diff_report(pages, outputs, old, args.renderings, args.diff))
        return 0
    baseline = load_baseline(args.baseline)
    if args.update_baseline or args.lower_floor:
        new, changes = updated_baseline(baseline, scores, lower=args.lower_floor, reason=args.reason)
        write_baseline(args.baseline, new)
        print("\n".join(["", f"baseline {args.baseline}:", *(f"  {c}" for c in changes or ["unchanged"])]))
        return 0
    if args.gate:
        return report_gate(gate(scores, baseline), args.baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
