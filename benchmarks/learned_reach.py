"""How much of the boilerplate the cleaner keeps the learned stage can reach, per text rendering (sh + tf).

Of the kept lines the training labels call boilerplate (crossval's recorded views before the stage), the share of
their characters the stage's prose guard protects, the share of the rest at or above the shipped model's threshold,
and the share its first round would take (`train_lines.stage_removes`); then, for the unprotected rows, the mean of
the short-line features of boilerplate against content. Answers "why does the stage do nothing on paragraphs".

    python benchmarks/learned_reach.py --corpus ../shared/corpus/dev
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crossval as CV
import train_lines as T

from cleaner.learned.features import FEATURES
from cleaner.learned.model import load

# The feature columns printed for unprotected boilerplate against content: the short-line and place signals.
SHOWN = (
    "log_short_run",
    "wide_short_share",
    "prev_short",
    "next_short",
    "short_no_end",
    "ends_sentence",
    "after_last_prose",
    "in_main_block",
    "log_nonprose_run",
)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    args = ap.parse_args(argv)
    model = load()
    names = list(model.meta.get("features") or FEATURES)
    pages = CV.load_pages(args.corpus, ("sh", "tf"))
    runs = CV.collect(pages, CV.DEFAULT_WORKERS)
    for r in CV.RENDERINGS:
        total = guarded = high = taken = 0.0
        views = 0
        bp_rows: list[np.ndarray] = []
        content_rows: list[np.ndarray] = []
        for p in pages:
            run = runs[(p.key, r)]
            if run.prestage is None:
                continue
            d = T.doc_rows(p.key, r, p.src, run.prestage, p.gold, run.prestop)
            if d is None or not len(d.y) or d.chars is None:
                continue
            views += 1
            prob = model.probability(d.x)
            bp = d.y == 1
            total += d.chars[bp].sum()
            guarded += d.chars[bp & d.protected].sum()
            reachable = bp & ~d.protected
            high += d.chars[reachable & (prob >= model.cutoff)].sum()
            taken += d.chars[bp & T.stage_removes(d, prob, model.cutoff)].sum()
            bp_rows.append(d.x[reachable])
            content_rows.append(d.x[(d.y == 0) & (d.w > 0) & ~d.protected])
        if not total:
            continue
        print(
            f"{r}: {views} views, kept boilerplate {total:.0f} chars: guarded {guarded / total:.0%}, "
            f"unguarded at or above {model.cutoff:.2f} {high / total:.0%}, taken in round 1 {taken / total:.0%}"
        )
        bpx, cx = np.vstack(bp_rows), np.vstack(content_rows)
        for name in SHOWN:
            if name in names:
                j = names.index(name)
                print(f"    {name:18s} boilerplate {bpx[:, j].mean():5.2f}  content {cx[:, j].mean():5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
