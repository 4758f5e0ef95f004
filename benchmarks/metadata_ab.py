"""Same fields, less CPU? `metadata.assemble` of another checkout against this one's, in ONE process.

    python benchmarks/metadata_ab.py /tmp/base                      # sh,tf; article + fulltext
    python benchmarks/metadata_ab.py /tmp/base --sources sh,tf,dn,sites --rounds 5 --calls /tmp/mcalls.pkl

The record's metadata is decided last, from what the stages handed over. So the arguments of every
`assemble` call are recorded once, by cleaning each rendering with this checkout (they do not depend
on which `assemble` runs), in the two settings the benchmarks use: with the page's URL and
`compare_records.py`'s reference date (slug, URL dates, relative dates), and bare text as
`speed.py --only throughput` cleans it. Both versions then run on exactly those inputs:

- output: every call's fields old against new (compared as plain values, since the two checkouts'
  classes differ); any difference is counted per source and rendering and printed;
- CPU: `rounds` passes over all calls, each call timed for both sides in turn, alternating which goes
  first, so that both see the same machine load. The per-string memos of both sides are emptied before
  each pass: a worker meets most strings once (the memos' repeats are measured by speed.py instead).

The other checkout's `cleaner` is imported as `cleaner_base` (benchmarks/speed_ab.py's recipe).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
DEFAULT_SOURCES = "sh,tf"
RENDERING_FILES = ("article.txt", "fulltext.txt")
DEFAULT_ROUNDS = 3
# compare_records.py's fixed "today", so relative dates and year inference are exercised as there.
REFERENCE_DATE = dt.date(2026, 6, 1)
# The memoised functions of the metadata modules (module, name), emptied before each timed pass.
MEMOS = (
    ("metadata.site_affix", "affix_stripper"),
    ("metadata.site_affix", "site_name_test"),
    ("metadata.site_affix", "_split"),
    ("metadata.date_forms", "_found"),
    ("metadata.headline_lines", "_key"),
    ("metadata.headline_lines", "_dated"),
    ("metadata.text_headline", "_COPY_KEYS"),
)


@dataclasses.dataclass(frozen=True, slots=True)
class Call:
    """One call of assemble made while cleaning one rendering (`setting`: "url" or "bare")."""

    source: str
    page: str
    rendering: str
    setting: str
    kwargs: dict[str, Any]


def collect(corpus: Path, sources: Sequence[str]) -> list[Call]:
    """Clean every rendering in both settings and record the arguments the pipeline passes to assemble."""
    import json

    from cleaner import pipeline
    from cleaner.model import Document

    calls: list[Call] = []
    where: dict[str, str] = {}
    real = pipeline.assemble

    def spy(**kwargs: Any) -> Any:
        frozen = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
        calls.append(Call(where["source"], where["page"], where["rendering"], where["setting"], frozen))
        return real(**kwargs)

    cleaner = pipeline.Cleaner()
    pipeline.assemble = spy  # type: ignore[assignment]
    try:
        for source in sources:
            for folder in sorted(p for p in (corpus / source).iterdir() if p.is_dir()):
                gold = folder / "gold.json"
                url = json.loads(gold.read_text(encoding="utf-8")).get("url") if gold.exists() else None
                for rendering in RENDERING_FILES:
                    path = folder / rendering
                    if not path.exists():
                        continue
                    text = path.read_text(encoding="utf-8", errors="replace")
                    where.update(source=source, page=folder.name, rendering=rendering, setting="url")
                    cleaner.clean_document(Document(text=text, url=url), reference_date=REFERENCE_DATE)
                    where.update(setting="bare")
                    cleaner.clean_document(Document(text=text))
    finally:
        pipeline.assemble = real
    return calls


def plain(value: Any) -> Any:
    """Fields as nested plain values: the two checkouts' dataclasses are different classes."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def _clear(*packages: str) -> None:
    for package in packages:
        for module_name, fn_name in MEMOS:
            module = sys.modules.get(f"{package}.{module_name}")
            fn = getattr(module, fn_name, None) if module else None
            if fn is not None and hasattr(fn, "cache_clear"):
                fn.cache_clear()
            elif isinstance(fn, dict):
                fn.clear()  # a memo kept as a dict (text_headline._COPY_KEYS)


def compare(base_checkout: Path, calls: list[Call], rounds: int) -> int:
    """Print output differences and per-round CPU; return the number of differing calls."""
    import importlib

    from speed_ab import alternating_cpu, base_imported

    import cleaner.metadata.assemble as new_mod

    with base_imported(base_checkout):
        old_mod: ModuleType = importlib.import_module("cleaner_base.metadata.assemble")
        sides: dict[str, Callable[..., Any]] = {"old": old_mod.assemble, "new": new_mod.assemble}
        diffs: Counter[tuple[str, str, str]] = Counter()
        totals: Counter[tuple[str, str, str]] = Counter()
        for c in calls:
            old, new = plain(sides["old"](**c.kwargs)), plain(sides["new"](**c.kwargs))
            key = (c.source, c.rendering, c.setting)
            totals[key] += 1
            if old != new:
                diffs[key] += 1
                changed = {k: (old[k], new[k]) for k in old if old[k] != new[k]}
                print(f"  differs: {c.source}/{c.page} {c.rendering} {c.setting}: {changed}")
        print(f"before: {base_checkout}; after: {ROOT}")
        for key in sorted(totals):
            print(f"output {key[0]:<6} {key[1]:<13} {key[2]:<5} {totals[key]:>5} calls, {diffs[key]} differ")
        runs = {side: (lambda c, fn=fn: fn(**c.kwargs)) for side, fn in sides.items()}
        for setting in sorted({c.setting for c in calls}):
            chosen = [c for c in calls if c.setting == setting]
            ratios = []
            for r in range(rounds):
                _clear("cleaner", "cleaner_base")
                spent = alternating_cpu(runs, chosen, r)
                ratios.append(spent["old"] / spent["new"])
                print(
                    f"{setting} round {r + 1}: old {1000 * spent['old'] / len(chosen):.3f} ms/call, "
                    f"new {1000 * spent['new'] / len(chosen):.3f} ms/call over {len(chosen)} calls; "
                    f"old/new {ratios[-1]:.2f}x"
                )
            print(f"{setting}: median speed-up old/new {statistics.median(ratios):.2f}x over {rounds} rounds")
    return sum(diffs.values())


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path, help="a checkout of the code to compare against (holds cleaner/)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--sources", default=DEFAULT_SOURCES, help="comma-separated corpus folders")
    ap.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    ap.add_argument("--calls", type=Path, help="pickle of recorded calls: read when it exists, else written")
    args = ap.parse_args(argv)
    if not (args.before / "cleaner").is_dir():
        print(f"metadata_ab.py: no cleaner/ package under {args.before}", file=sys.stderr)
        return 2
    from speed_ab import recorded_calls

    calls = recorded_calls("metadata_ab.py", args.calls, args.corpus, args.sources.split(","), collect)
    if calls is None:
        return 2
    differing = compare(args.before, calls, args.rounds)
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
