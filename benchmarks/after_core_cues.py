"""Whether reader-address cues mark the prose after an article (issue 11; BENCHMARKS.md, eleventh round, `tail`),
in counts only.

The code cannot see where an article ends; it can see where HEU013's cohesive core ends (its last paragraph). This
counts the prose lines (12+ words, a sentence end) after that point in the cleaner's output (crossval's collect run,
learned stage off), per cue, as boilerplate or content by the gold (sh, dn, sites: the training label's shingle share;
tf: content when the line holds a must-keep snippet). A cue that marks after-article prose would show many
boilerplate lines and no content lines on every source. Prints counts only, never a line: dn is read in aggregate.

    python benchmarks/after_core_cues.py --corpus ../shared/corpus/dev --sources sh,tf,sites,dn
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import boilerplate_kinds as BK
import crossval as CV
import quality

from cleaner.heuristics import cohesion
from cleaner.heuristics.lang import stoplist_for_lines
from cleaner.heuristics.story_lists import starts_prose

# Cues of prose about the publisher or the reader rather than the article's subject.
CUES: dict[str, re.Pattern[str]] = {
    "you": re.compile(r"\b(you|your|you're|yours|yourself)\b", re.I),
    "Sie/vous": re.compile(r"(?<![.!?:] )(?<!^)\b(Sie|Ihr|Ihre|Ihren|Ihnen)\b|\b(vous|votre|vos)\b"),
    "reader-verbs": re.compile(
        r"\b(subscri\w*|sign(ing)? up|newsletter|inbox|register|membership|donat\w*|support (us|our)|our journalism|"
        r"download|podcast|follow us|abonn\w*|anmelden|registrier\w*)\b",
        re.I,
    ),
    "we/our": re.compile(r"\b(we|our|us)\b", re.I),
}


def core(text: Sequence[str], stop: frozenset[str]) -> tuple[int, set[str], set[str]] | None:
    """HEU013's core as `cohesion.edge_runs` finds it: its last paragraph, its content words and its names."""
    paras = [k for k, s in enumerate(text) if starts_prose(s)]
    words = {k: cohesion.content(text[k], stop) for k in paras}
    uses = Counter(itertools.chain.from_iterable(w[0] for w in words.values()))
    found = [k for k in paras if (ws := words[k][0]) and sum(uses[w] > 1 for w in ws) >= cohesion.CORE_SHARE * len(ws)]
    if len(found) < cohesion.CORE_PARAGRAPHS:
        return None
    middle = [cohesion.content(text[k], stop) for k in range(found[0], found[-1] + 1)]
    return found[-1], set().union(*(w[0] for w in middle)), set().union(*(w[1] for w in middle))


def labels(page: quality.Page, lines: Sequence[str]) -> list[bool]:
    """True per line that is not content by the page's gold."""
    if page.src == "tf":
        keep = [quality.normalise(s) for s in page.gold.get("with", [])]
        return [not any(k and k in quality.normalise(x) for k in keep) for x in lines]
    return BK.sh_labels(lines, page.gold.get("articleBody") or "")


def count(pages: Sequence[quality.Page], runs: dict, rendering: str) -> Counter[tuple[str, bool]]:
    """(cue, is boilerplate) -> prose lines after the core's last paragraph; "+unrelated" when HEU013 would judge the
    line unrelated to the core (no shared name, under LINE_SHARE of its content words)."""
    out: Counter[tuple[str, bool]] = Counter()
    for p in pages:
        run = runs.get((p.key, rendering))
        if run is None:
            continue
        lines = [ln.strip() for ln in CV.scored_text(p, run).split("\n") if ln.strip()]
        stop = stoplist_for_lines(lines)[1]
        found = core(lines, stop)
        if found is None:
            continue
        end, vocab, names = found
        bad = labels(p, lines)
        for i in range(end + 1, len(lines)):
            line = lines[i]
            if not (len(BK.WORD.findall(line)) >= 12 and BK.SENTENCE_END.search(line)):
                continue
            stems, named, opener = cohesion.content(line, stop)
            unrelated = not (named & vocab or opener in names or len(stems & vocab) >= cohesion.LINE_SHARE * len(stems))
            hits = ["all", *(n for n, pat in CUES.items() if pat.search(line))]
            for h in hits:
                out[(h, bad[i])] += 1
                if unrelated:
                    out[(h + "+unrelated", bad[i])] += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--sources", default="sh,tf,sites")
    ap.add_argument("--renderings", default="fulltext,paragraphs,trafilatura")
    ap.add_argument("--eval-limit", type=int, default=300, help="at most N pages of dn and of sites (seeded)")
    args = ap.parse_args(argv)
    sources = args.sources.split(",")
    pages = CV.load_pages(args.corpus, sources, args.eval_limit)
    runs = CV.collect(pages, CV.DEFAULT_WORKERS)
    names = [f"{c}{u}" for c in ("all", *CUES) for u in ("", "+unrelated")]
    print("| source | rendering | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for src in sources:
        for r in args.renderings.split(","):
            c = count([p for p in pages if p.src == src], runs, r)
            print(f"| {src} | {r} | " + " | ".join(f"{c[(n, True)]}/{c[(n, False)]}" for n in names) + " |")
    print("\ncells: boilerplate/content prose lines after the core's last paragraph")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
