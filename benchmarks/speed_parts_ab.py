"""Three hot parts of the text path, another checkout's against this one's, in ONE process: CPU and answers.

    python benchmarks/speed_parts_ab.py /tmp/base                # sh,tf article + fulltext
    python benchmarks/speed_parts_ab.py /tmp/base --sources sh,tf,dn --rounds 5

The parts, each run by both sides on the same inputs, alternating which goes first (speed_ab.alternating_cpu):

- `_dated` (metadata/headline_lines.py), uncached, on every distinct non-empty line: a byline or a date;
- `Prefilter.literal_lines` of the generic scope on each document's distinct stripped lines: which
  rules' literals each line holds;
- the day-first date form (`date_forms.forms_of(code).patterns[1]`) of every language table, `finditer`
  over every distinct line holding a digit.

Each part's answers are compared on every input (old against new); a difference is printed and makes
the exit status 1. `speed_ab.py` times the whole clean; this says where a change of it comes from.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from speed_ab import BASE_NAME, alternating_cpu, base_imported

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
RENDERINGS = ("article.txt", "fulltext.txt")


def _timed(label: str, unit: str, sides: dict[str, Callable[[Any], object]], items: Sequence[Any], rounds: int) -> None:
    for n in range(rounds):
        spent = alternating_cpu(sides, items, n)
        scale, per = (1000 / len(items), "ms/item") if unit == "item" else (1.0, "s")
        print(
            f"{label}, round {n + 1}: old {scale * spent['old']:.3f} new {scale * spent['new']:.3f} {per}"
            f"  old/new {spent['old'] / spent['new']:.2f}x"
        )


def compare(checkout: Path, corpus: Path, sources: Sequence[str], rounds: int) -> int:
    """Time and check the three parts; the number of inputs whose answers differ."""
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for source in sources
        for rendering in RENDERINGS
        for p in sorted((corpus / source).rglob(rendering))
    ]
    differ = 0
    with base_imported(checkout):
        old_lines = importlib.import_module(f"{BASE_NAME}.metadata.headline_lines")
        old_forms = importlib.import_module(f"{BASE_NAME}.metadata.date_forms")
        old_engine = importlib.import_module(f"{BASE_NAME}.rules.engine")
        old_schema = importlib.import_module(f"{BASE_NAME}.rules.schema")
        from cleaner.metadata import date_forms as new_forms
        from cleaner.metadata import headline_lines as new_lines
        from cleaner.rules.engine import RuleEngine
        from cleaner.rules.schema import load_rules

        lines = sorted({ln for t in texts for ln in t.split("\n") if ln.strip()})
        gc.collect()
        print(f"{len(texts)} documents of {','.join(sources)} ({', '.join(RENDERINGS)}), {len(lines)} distinct lines")

        old_dated, new_dated = old_lines._dated.__wrapped__, new_lines._dated.__wrapped__
        _timed("_dated, all lines", "total", {"old": old_dated, "new": new_dated}, lines, rounds)
        bad = [ln for ln in lines if old_dated(ln) != new_dated(ln)]
        differ += len(bad)
        print(f"_dated: {len(bad)} lines differ")

        old_pre = old_engine.RuleEngine(old_schema.load_rules()).prefilter
        new_pre = RuleEngine(load_rules()).prefilter
        old_scopes, new_scopes = old_pre.scopes([]), new_pre.scopes([])
        docs = [sorted({ln.strip() for ln in t.split("\n")} - {""}) for t in texts]
        _timed(
            "literal_lines (generic scope)",
            "item",
            {
                "old": lambda d: old_pre.literal_lines(old_scopes, d),
                "new": lambda d: new_pre.literal_lines(new_scopes, d),
            },
            docs,
            rounds,
        )
        bad_docs = sum(old_pre.literal_lines(old_scopes, d) != new_pre.literal_lines(new_scopes, d) for d in docs)
        differ += bad_docs
        print(f"literal_lines: {bad_docs} documents differ")

        digit_lines = [ln for ln in lines if new_forms.ANY_DIGIT.search(ln)]
        for code in new_forms.language_tables():
            old_p, new_p = old_forms.forms_of(code).patterns[1], new_forms.forms_of(code).patterns[1]

            def found(pattern: Any, line: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
                return [(m.span(), m.groupdict()) for m in pattern.finditer(line)]

            _timed(
                f"day-first form [{code}], digit lines",
                "total",
                {"old": lambda ln, p=old_p: found(p, ln), "new": lambda ln, p=new_p: found(p, ln)},
                digit_lines,
                1,
            )
            bad = [ln for ln in digit_lines if found(old_p, ln) != found(new_p, ln)]
            differ += len(bad)
            if bad:
                print(f"day-first form [{code}]: {len(bad)} lines differ, e.g. {bad[0][:80]!r}")
    return differ


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path, help="a checkout of the code to compare against (holds cleaner/)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--sources", default="sh,tf", help="comma-separated corpus folders")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    if not (args.before / "cleaner").is_dir():
        sys.exit(f"speed_parts_ab.py: no cleaner/ package under {args.before}")
    if not args.corpus.is_dir():
        sys.exit(f"speed_parts_ab.py: no corpus folder at {args.corpus}")
    differ = compare(args.before, args.corpus, args.sources.split(","), args.rounds)
    print(f"answers: {differ} inputs differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
