"""Same output, less CPU? `find_text_headline` of another checkout against this one's, in ONE process.

    python benchmarks/headline_ab.py /tmp/base                       # sh,tf,dn,sites; article + fulltext
    python benchmarks/headline_ab.py /tmp/base --sources sh --rounds 5 --calls /tmp/calls.pkl

The text headline is a field picked late in assemble, from the lines and the kept lines the stages
handed over. So the inputs of every call are recorded once, by cleaning each rendering with this
checkout (the calls do not depend on which `find_text_headline` runs), and both versions are then
run on exactly those inputs:

- output: every call's result (text, line, score, signals) old against new; any difference is
  counted per source and rendering (and, for sources other than `--quiet-sources`, printed);
- CPU: `rounds` passes over all calls, each call timed for both sides in turn, alternating which
  goes first, so that both see the same machine load. The per-page caches of both sides (affix
  strippers, title splits) are emptied before each pass, as a fresh worker would start.

The other checkout's `cleaner` is imported as `cleaner_base` (benchmarks/speed_ab.py's recipe).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
DEFAULT_SOURCES = "sh,tf,dn,sites"
RENDERING_FILES = ("article.txt", "fulltext.txt")
DEFAULT_ROUNDS = 3
# Output differences on these sources are counted but never printed: `sites` is the untouched unseen
# set, and its pages are not looked at one by one.
QUIET_SOURCES = "sites"


@dataclass(frozen=True, slots=True)
class Call:
    """One call of find_text_headline made while cleaning one rendering."""

    source: str
    page: str
    rendering: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


def collect(corpus: Path, sources: Sequence[str]) -> list[Call]:
    """Clean every rendering and record the arguments assemble passes to find_text_headline."""
    import json

    import cleaner.metadata.assemble as assemble
    from cleaner import clean

    calls: list[Call] = []
    where: dict[str, str] = {}
    real = assemble.find_text_headline

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(Call(where["source"], where["page"], where["rendering"], args, kwargs))
        return real(*args, **kwargs)

    assemble.find_text_headline = spy  # type: ignore[assignment]
    try:
        for source in sources:
            for folder in sorted(p for p in (corpus / source).iterdir() if p.is_dir()):
                gold = folder / "gold.json"
                url = json.loads(gold.read_text(encoding="utf-8")).get("url") if gold.exists() else None
                for rendering in RENDERING_FILES:
                    path = folder / rendering
                    if path.exists():
                        where.update(source=source, page=folder.name, rendering=rendering)
                        clean(path.read_text(encoding="utf-8", errors="replace"), url=url)
    finally:
        assemble.find_text_headline = real
    # Lines and kept lines come as whatever sequences the pipeline holds: freeze them as tuples.
    return [
        Call(
            c.source,
            c.page,
            c.rendering,
            tuple(tuple(a) for a in c.args),
            {**c.kwargs, "moved": set(c.kwargs.get("moved", ()))},
        )
        for c in calls
    ]


def _result(got: Any) -> tuple[Any, ...] | None:
    return None if got is None else (got.text, got.line, got.score, tuple(got.signals))


def _clear(*modules: Any) -> None:
    for module in modules:
        for name in ("affix_stripper", "site_name_test", "_split"):
            fn = getattr(module, name, None)
            if fn is not None and hasattr(fn, "cache_clear"):
                fn.cache_clear()


def compare(base_checkout: Path, calls: list[Call], rounds: int, quiet: set[str]) -> int:
    """Print output differences and per-round CPU; return the number of differing calls."""
    import importlib

    from speed_ab import alternating_cpu, base_imported

    import cleaner.metadata.site_affix as new_affix
    import cleaner.metadata.text_headline as new_mod

    with base_imported(base_checkout):
        old_mod = importlib.import_module("cleaner_base.metadata.text_headline")
        old_affix = importlib.import_module("cleaner_base.metadata.site_affix")
        sides: dict[str, Callable[..., Any]] = {"old": old_mod.find_text_headline, "new": new_mod.find_text_headline}
        diffs: Counter[tuple[str, str]] = Counter()
        totals: Counter[tuple[str, str]] = Counter()
        for c in calls:
            old, new = _result(sides["old"](*c.args, **c.kwargs)), _result(sides["new"](*c.args, **c.kwargs))
            totals[c.source, c.rendering] += 1
            if old != new:
                diffs[c.source, c.rendering] += 1
                if c.source not in quiet:
                    print(f"  differs: {c.source}/{c.page} {c.rendering}: {old} -> {new}")
        print(f"before: {base_checkout}; after: {ROOT}")
        for key in sorted(totals):
            print(f"output {key[0]:<6} {key[1]:<13} {totals[key]:>5} calls, {diffs[key]} differ")
        runs = {side: (lambda c, fn=fn: fn(*c.args, **c.kwargs)) for side, fn in sides.items()}
        ratios = []
        for r in range(rounds):
            _clear(old_affix, new_affix)
            spent = alternating_cpu(runs, calls, r)
            ratios.append(spent["new"] / spent["old"])
            print(
                f"round {r + 1}: old {spent['old']:.3f} s, new {spent['new']:.3f} s CPU over {len(calls)} calls; "
                f"new/old {ratios[-1]:.3f}"
            )
        if ratios:
            print(f"median new/old {statistics.median(ratios):.3f} over {rounds} rounds")
    return sum(diffs.values())


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path, help="a checkout of the code to compare against (holds cleaner/)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--sources", default=DEFAULT_SOURCES, help="comma-separated corpus folders")
    ap.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    ap.add_argument("--calls", type=Path, help="pickle of recorded calls: read when it exists, else written")
    ap.add_argument("--quiet-sources", default=QUIET_SOURCES, help="count, never print, differences on these")
    args = ap.parse_args(argv)
    if not (args.before / "cleaner").is_dir():
        print(f"headline_ab.py: no cleaner/ package under {args.before}", file=sys.stderr)
        return 2
    from speed_ab import recorded_calls

    calls = recorded_calls("headline_ab.py", args.calls, args.corpus, args.sources.split(","), collect)
    if calls is None:
        return 2
    differing = compare(args.before, calls, args.rounds, set(args.quiet_sources.split(",")))
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
