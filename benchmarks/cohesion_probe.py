"""What the cohesion edge cut (HEU013) would take from the cleaner's stage-off output, before it is wired in.

Applies `cleaner.heuristics.cohesion.edge_runs` to every sh/tf page's collected body (crossval's collect cache,
stage off) that the learned stage did not read (as HEU013 runs), scores the result beside the body as it is, and
lists every line taken that holds gold text (removal_probe's test). Thresholds are module constants;
`--set NAME=VALUE` overrides them for a grid on sh/tf only. `--collect-key` reads the cache a tree without HEU013
recorded (its crossval code hash), so the cut is measured on output HEU013 did not touch.

    python benchmarks/cohesion_probe.py --corpus ../shared/corpus/dev --set CORE_SHARE=0.3 --show-gold
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crossval as CV
import removal_probe as RP

from cleaner.heuristics import cohesion
from cleaner.heuristics.lang import stoplist_for_lines


def cut(body: str) -> tuple[str, list[str]]:
    """The body without the edge runs, and the lines taken."""
    lines: list[str | None] = list(body.split("\n"))
    nonblank = [i for i, s in enumerate(lines) if (s or "").strip()]
    _lang, stop = stoplist_for_lines(lines)
    gone = set(cohesion.edge_runs(nonblank, lines, stop))
    kept = [s or "" for i, s in enumerate(lines) if i not in gone]
    return "\n".join(kept), [(lines[i] or "").strip() for i in sorted(gone)]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--sources", default="sh,tf")
    ap.add_argument("--set", action="append", default=[], help="NAME=VALUE: a cohesion constant for this run")
    ap.add_argument("--show-gold", action="store_true", help="print every gold-holding line taken")
    ap.add_argument("--show-cut", action="store_true", help="print every line taken")
    ap.add_argument("--workers", type=int, default=CV.DEFAULT_WORKERS)
    ap.add_argument("--collect-key", help="read the collect cache of this code hash (the tree before HEU013)")
    args = ap.parse_args(argv)
    if args.collect_key:
        key = args.collect_key
        CV.code_hash = lambda: key
    for kv in args.set:
        name, value = kv.split("=", 1)
        setattr(cohesion, name, type(getattr(cohesion, name))(float(value)))
    sources = tuple(args.sources.split(","))
    pages = CV.load_pages(args.corpus, sources, eval_limit=300)
    runs = CV.collect(pages, args.workers)
    for r in CV.RENDERINGS:
        cells = []
        for src in sources:
            group = [p for p in pages if p.src == src]
            before: dict[str, str] = {}
            after: dict[str, str] = {}
            taken = gold = 0
            for p in group:
                run = runs[(p.key, r)]
                # The learned stage read this view, and HEU013 steps aside there: nothing is cut.
                body, gone = (run.body, []) if run.prestage is not None else cut(run.body)
                before[p.key] = CV.scored_text(p, run)
                after[p.key] = CV.scored_text(p, CV.Run(run.headline, run.description, body, None, []))
                taken += len(gone)
                if src in ("sh", "tf") and gone:
                    held = RP.gold_lines(p, gone)
                    gold += sum(held)
                    for line, g in zip(gone, held, strict=True):
                        if (g and args.show_gold) or args.show_cut:
                            print(f"  {'GOLD' if g else 'cut '} {p.key} {r}: {line[:150]}")
            b, a = CV.aggregate(group, before), CV.aggregate(group, after)
            lost = ""
            if src == "tf":
                lb = sum(CV._lost(p, before[p.key]) for p in group)
                la = sum(CV._lost(p, after[p.key]) for p in group)
                lost = f" lost {lb}->{la}"
            g = f" gold {gold}" if src in ("sh", "tf") else ""
            cells.append(f"{src} {b.f1:.4f}->{a.f1:.4f} (P {a.precision:.3f}){lost} cut {taken}{g}")
        print(f"{r:12s} " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
