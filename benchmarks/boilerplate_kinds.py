"""What boilerplate the cleaner (learned stage off) still keeps, by kind and by place, on sh and tf.

Reads crossval's collect run (cached per code hash: a second run costs seconds). A kept
line is boilerplate when (sh) under LABEL_SHARE of its token n-grams are in the gold body, the training label,
or (tf) it holds a must-drop snippet and no must-keep one. Its weight is what it costs: sh, its share of the
page's false-positive shingles times the page's precision loss, summed over pages and divided by the page
count (points of macro precision); tf, the must-drop snippets it leaks. Kinds are keyword classes first,
then line shapes; places are before the first content line (top), after the last (tail), or between.

    python benchmarks/boilerplate_kinds.py --corpus ../shared/corpus/dev --renderings paragraphs,trafilatura
    python benchmarks/boilerplate_kinds.py --corpus ../shared/corpus/dev --show tail:prose --limit 40
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crossval as CV
import quality
import train_lines as T
from quality_metrics import shingles

# Keyword classes, first match wins; the order puts the narrower classes first.
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "comment",
        re.compile(r"\b(comments?|repl(y|ies)|kommentar\w*|antworten|commentaires?|comentarios?)\b", re.I),
    ),
    (
        "newsletter/subscribe",
        re.compile(r"newsletter|subscri|sign up|abonn|inscri|suscr|registrier|log ?in\b|anmelden", re.I),
    ),
    (
        "legal/cookie/copyright",
        re.compile(r"©|copyright|all rights reserved|cookie|privacy|datenschutz|terms of|impressum|nutzungsbed", re.I),
    ),
    (
        "share/read-more",
        re.compile(r"\b(share|tweet|read more|weiterlesen|click here|mehr lesen|lire la suite)\b", re.I),
    ),
    (
        "related/teaser",
        re.compile(
            r"^(related|more from|more on|also read|read also|see also|recommended|lesen sie auch|mehr zum thema|"
            r"auch interessant|à lire aussi|popular|trending|most read)\b",
            re.I,
        ),
    ),
    ("ad/sponsored", re.compile(r"\b(advertisement|anzeige|sponsored|werbung|partner content)\b", re.I)),
    (
        "caption/credit",
        re.compile(r"\b(photo|image|foto|bild|getty|credit|picture|reuters|afp|dpa|ap photo)\b\s*[:/)|]?", re.I),
    ),
    (
        "byline/date",
        re.compile(
            r"^(by|von|par|por|posted|published|updated|veröffentlicht|aktualisiert)\b|"
            r"\b(19|20)\d\d\b.{0,12}\d{1,2}:\d\d|\d{1,2}:\d\d\s*(am|pm|uhr)?\b",
            re.I,
        ),
    ),
    (
        "author-bio",
        re.compile(
            r"\b(is a (writer|journalist|reporter|freelance|contributor|editor)|writes about|follow (him|her)|@\w+)",
            re.I,
        ),
    ),
)
SENTENCE_END = re.compile(r"[.!?…\"'”»)]\s*$")
WORD = re.compile(r"\w+")


def kind(line: str) -> str:
    """The keyword class, else a shape: short (≤ 5 words), head (no sentence end), prose (≥ 12 words and a
    sentence end: what the learned stage's guard protects), sentence (the rest)."""
    for name, pat in KINDS:
        if pat.search(line):
            return name
    words = len(WORD.findall(line))
    if words <= 5:
        return "short"
    if not SENTENCE_END.search(line):
        return "head"
    return "prose" if words >= 12 else "sentence"


def sh_labels(lines: Sequence[str], gold: str) -> list[bool]:
    """True per line that is boilerplate by the training label (shingle share in the gold under LABEL_SHARE)."""
    gtoks = T.TOKEN.findall(gold)
    grams = {k: T._ngrams(gtoks, k) for k in range(1, 5)}
    out = []
    for line in lines:
        toks = T.TOKEN.findall(line)
        if not toks:
            out.append(False)
            continue
        k = min(4, len(toks))
        mine = [tuple(toks[i : i + k]) for i in range(len(toks) - k + 1)]
        out.append(sum(g in grams[k] for g in mine) / len(mine) < T.LABEL_SHARE)
    return out


def place(i: int, content: Sequence[int]) -> str:
    if not content or i < content[0]:
        return "top"
    return "tail" if i > content[-1] else "inline"


def analyse(pages: Sequence[quality.Page], runs: dict, rendering: str) -> tuple[dict, list]:
    """{(kind, place): weight} and the weighted lines, for one source's pages and one rendering."""
    weights: dict[tuple[str, str], float] = defaultdict(float)
    examples: list[tuple[float, str, str, str, str]] = []
    n = 0
    for p in pages:
        run = runs.get((p.key, rendering))
        if run is None:
            continue
        lines = [ln.strip() for ln in CV.scored_text(p, run).split("\n") if ln.strip()]
        if p.src == "tf":
            keep = [quality.normalise(s) for s in p.gold.get("with", [])]
            drop = [quality.normalise(s) for s in p.gold.get("without", [])]
            normed = [quality.normalise(x) for x in lines]
            content = [i for i, t in enumerate(normed) if any(s and s in t for s in keep)]
            for i, t in enumerate(normed):
                leaks = sum(1 for s in drop if s and s in t)
                if leaks and not any(s and s in t for s in keep):
                    k = (kind(lines[i]), place(i, content))
                    weights[k] += leaks
                    examples.append((leaks, *k, p.key, lines[i]))
            continue
        n += 1
        gold = p.gold.get("articleBody") or ""
        labels = sh_labels(lines, gold)
        g = shingles(gold)
        pred = shingles("\n".join(lines))
        fp_total = sum((pred - g).values())
        tp = sum((g & pred).values())
        if not fp_total:
            continue
        loss = fp_total / (tp + fp_total)  # this page's precision loss
        content = [i for i, b in enumerate(labels) if not b]
        bp_fp = {i: sum((shingles(lines[i]) - g).values()) for i, b in enumerate(labels) if b}
        for i, fp in bp_fp.items():
            w = loss * fp / fp_total
            k = (kind(lines[i]), place(i, content))
            weights[k] += w
            examples.append((w, *k, p.key, lines[i]))
    if n:
        weights = {k: 100 * v / n for k, v in weights.items()}
        examples = [(100 * w / n, *rest) for w, *rest in examples]
    return weights, sorted(examples, reverse=True)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--renderings", default="paragraphs,trafilatura")
    ap.add_argument("--sources", default="sh,tf")
    ap.add_argument("--show", default="", help="kind:place (either may be empty) whose lines to print")
    ap.add_argument("--limit", type=int, default=25)
    args = ap.parse_args(argv)
    sources = args.sources.split(",")
    pages = CV.load_pages(args.corpus, sources)
    runs = CV.collect(pages, CV.DEFAULT_WORKERS)
    for src in sources:
        group = [p for p in pages if p.src == src]
        for r in args.renderings.split(","):
            weights, examples = analyse(group, runs, r)
            unit = "leaked must-drop snippets" if src == "tf" else "points of macro precision"
            total = sum(weights.values())
            print(f"\n## {src} {r}: {total:.2f} {unit}")
            for (k, pl), w in sorted(weights.items(), key=lambda kv: -kv[1])[:20]:
                print(f"  {k:24s} {pl:7s} {w:7.2f} ({100 * w / total:4.1f}%)")
            for axis in (0, 1):
                summed: dict[str, float] = defaultdict(float)
                for key, w in weights.items():
                    summed[key[axis]] += w
                print(
                    "  by "
                    + ("kind: " if axis == 0 else "place: ")
                    + ", ".join(f"{k} {100 * w / total:.0f}%" for k, w in sorted(summed.items(), key=lambda kv: -kv[1]))
                )
            if args.show:
                want_k, _, want_p = args.show.partition(":")
                shown = [e for e in examples if (not want_k or e[1] == want_k) and (not want_p or e[2] == want_p)]
                for w, k, pl, key, line in shown[: args.limit]:
                    print(f"    {w:5.2f} {k}/{pl} {key}: {line[:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
