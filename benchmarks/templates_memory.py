"""Memory of the template learning pass on synthetic pages: bounded, whatever the batch size.

    python benchmarks/templates_memory.py                  # 1,000,000 documents, capped vs uncapped
    python benchmarks/templates_memory.py --docs 200000

Each run is its own process, so peak RSS (ru_maxrss) is that run's alone; the figure reported is
peak RSS minus the RSS after imports. Pages are drawn at random from SITES sites (so every site's
pages are spread over the whole stream, the worst case for pruning) plus ONE_PAGE_SHARE of pages
from sites seen once; each page has CHROME_LINES lines of its site's chrome (one with a number
that changes) and ARTICLE_LINES lines of its own. The peer is the same counter without a cap,
on a tenth of the documents, in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SITES = 5_000
ONE_PAGE_SHARE = 0.2
CHROME_LINES = 8
ARTICLE_LINES = 8
# The budget for a million documents.
BUDGET_MB = 100
SEED = 12


def _letters(n: int) -> str:
    """Digits fold to 0 in the normal form, so page-unique text is spelled in letters."""
    out = []
    while True:
        n, r = divmod(n, 26)
        out.append(chr(97 + r))
        if not n:
            return "".join(out)


def rss_mb() -> float:
    """Current resident set size, from /proc (Linux)."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def run(docs: int, capped: bool) -> dict[str, object]:
    """Count `docs` synthetic pages; return memory and what was learned."""
    from cleaner.templates.counts import DEFAULT_MAX_ENTRIES, Page, TemplateCounts
    from cleaner.templates.learner import learn

    rng = random.Random(SEED)
    chrome = {
        s: [f"Section {_letters(s)} {k} menu item {_letters(k)}" for k in range(CHROME_LINES - 1)] for s in range(64)
    }
    base = rss_mb()
    counts = TemplateCounts(DEFAULT_MAX_ENTRIES if capped else 10**12)
    t0 = time.perf_counter()
    for i in range(docs):
        if rng.random() < ONE_PAGE_SHARE:
            site = f"once-{i}.example"
            head = chrome[i % 64]
        else:
            s = rng.randrange(SITES)
            site = f"site-{s}.example"
            head = [f"{line} of {site}" for line in chrome[s % 64]]
        tag = _letters(i)
        lines = [
            *head,
            f"{i % 97} comments",
            *(f"Story {tag} says thing {_letters(j)} today" for j in range(ARTICLE_LINES)),
        ]
        counts.add(Page(site, lines))
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sites = learn(counts)
    learned = [s for s in sites if s.rule_count]
    return {
        "docs": docs,
        "capped": capped,
        "extra_peak_mb": round(peak - base, 1),
        "entries": counts.entries,
        "prunes": counts.prunes,
        "floor": counts.floor,
        "groups_held": len(counts.groups),
        "sites_learned": len(learned),
        "chrome_lines_learned_per_site": round(
            sum(len(s.lines) + sum(map(len, s.runs)) for s in learned) / max(1, len(learned)), 2
        ),
        "seconds": round(elapsed, 1),
    }


def main() -> int:
    """Run the capped counter on --docs and the uncapped peer on a tenth, each in its own process."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--child", choices=("capped", "uncapped"))
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run(args.docs, args.child == "capped")))
        return 0
    rows = []
    for mode, docs in (("uncapped", args.docs // 10), ("capped", args.docs // 10), ("capped", args.docs)):
        out = subprocess.run(
            [sys.executable, __file__, "--docs", str(docs), "--child", mode], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(out.stdout))
    print("| docs | counter | extra peak MB | entries | prunes | max level | sites learned | lines per site | s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['docs']:,} | {'capped' if r['capped'] else 'uncapped (peer)'} | {r['extra_peak_mb']} | "
            f"{r['entries']:,} | {r['prunes']} | {r['floor']} | {r['sites_learned']} | "
            f"{r['chrome_lines_learned_per_site']} | {r['seconds']} |"
        )
    big = rows[-1]
    print(
        f"\n{big['docs']:,} documents: {big['extra_peak_mb']} MB extra (budget {BUDGET_MB} MB) "
        f"{'met' if float(big['extra_peak_mb']) <= BUDGET_MB else 'NOT met'}; "  # type: ignore[arg-type]
        f"uncapped at a tenth of the documents: {rows[0]['extra_peak_mb']} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
