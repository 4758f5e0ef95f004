"""The tf must-keep snippets the learned stage loses under domain-split CV that the cleaner alone keeps.

Runs crossval's cross-validation (fold models, each fold's own threshold, or `--fixed-threshold`) on sh+tf, then
lists per tf page and rendering every snippet present in the stage-off output and missing from the CV output, with
the learned removals that held it. Used to tell a heuristic's own loss (none: it shows in the stage-off run) from
the one that comes through the thresholds the fold models choose.

    python benchmarks/cv_losses.py --corpus ../shared/corpus/dev --workers 2
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crossval as CV
import quality


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--workers", type=int, default=CV.DEFAULT_WORKERS)
    ap.add_argument("--fixed-threshold", type=float)
    args = ap.parse_args(argv)
    if args.fixed_threshold is not None:
        CV._fixed_threshold[:] = [args.fixed_threshold]
    pages = CV.load_pages(args.corpus, ("sh", "tf"))
    runs = CV.collect(pages, args.workers)
    cv, _fitted, _full, fold = CV.cross_validate(pages, runs, CV.DEFAULT_FOLDS, args.workers)
    for r in CV.RENDERINGS:
        extra = 0
        for p in pages:
            if p.src != "tf":
                continue
            off = quality.normalise(CV.scored_text(p, runs[(p.key, r)]))
            on = quality.normalise(CV.scored_text(p, cv[(p.key, r)]))
            for s in p.gold.get("with", []):
                n = quality.normalise(s)
                if n in off and n not in on:
                    extra += 1
                    held = [t for rule, t in cv[(p.key, r)].removed if rule.startswith("LRN") and s[:20] in t]
                    print(f"  {r} {p.key} fold {fold[p.key]}: {s[:80]!r} <- {held[:1]}")
        print(f"{r}: {extra} snippets lost by the stage under CV")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
