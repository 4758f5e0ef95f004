"""Stage-off scores on sh and tf, and every line the given rule or heuristic ids removed that held gold text.

The check a new removal must pass before it is kept: each line it took, on every sh/tf page and text rendering,
is tested against the gold (sh: half or more of its n-grams in the gold body, the training label; tf: it holds a
must-keep snippet, or is a piece of one of MIN_PART_CHARS or more). Uses crossval's collect cache (same code
hash), so a second run costs seconds.

    python benchmarks/removal_probe.py --corpus ../shared/corpus/dev --ids HEU011
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import boilerplate_kinds as BK
import crossval as CV
import quality

# A line inside a must-keep snippet counts as gold text from this length (train_lines.MIN_PART_CHARS).
MIN_PART_CHARS = 20


def gold_lines(page: quality.Page, lines: Sequence[str]) -> list[bool]:
    """Per line, whether it holds gold text."""
    if page.src != "tf":
        return [not b for b in BK.sh_labels(lines, page.gold.get("articleBody") or "")]
    keep = [quality.normalise(s) for s in page.gold.get("with", [])]
    out = []
    for line in lines:
        t = quality.normalise(line)
        out.append(any(s and s in t for s in keep) or (len(t) >= MIN_PART_CHARS and any(t in s for s in keep)))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--ids", default="", help="rule or heuristic ids whose removals to check, comma-separated")
    ap.add_argument("--workers", type=int, default=CV.DEFAULT_WORKERS)
    args = ap.parse_args(argv)
    ids = {x for x in args.ids.split(",") if x}
    pages = CV.load_pages(args.corpus, ("sh", "tf"))
    runs = CV.collect(pages, args.workers)
    for r in CV.RENDERINGS:
        cells = []
        for src in ("sh", "tf"):
            group = [p for p in pages if p.src == src]
            texts = {p.key: CV.scored_text(p, runs[(p.key, r)]) for p in group}
            s = CV.aggregate(group, texts)
            lost = f" lost {sum(CV._lost(p, texts[p.key]) for p in group)}" if src == "tf" else ""
            cells.append(f"{src} {s.f1:.4f} ({s.precision:.3f}/{s.recall:.3f}){lost}")
        print(f"{r:12s} " + "  ".join(cells))
    hits: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    for p in pages:
        for r in CV.RENDERINGS:
            for rule, text in runs[(p.key, r)].removed:
                if rule not in ids:
                    continue
                lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
                held = gold_lines(p, lines)
                total[(rule, p.src)] += len(lines)
                for line, g in zip(lines, held, strict=True):
                    if g:
                        hits[(rule, p.src)] += 1
                        print(f"  gold {rule} {p.key} {r}: {line[:140]}")
    for k in sorted(total):
        print(f"{k[0]} {k[1]}: {total[k]} lines removed, {hits[k]} with gold text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
