"""Where the text path's CPU time goes, per part, in milliseconds per document (`speed.py --only breakdown`).

cProfile's per-call overhead inflates the many small calls of the rule engine several-fold, so the
shares it prints mislead. Here each part is wrapped in a timer (process CPU time, outermost call
only) and nothing else is instrumented. As in the throughput section, each half of the documents
is timed on a fresh Cleaner warmed on the other half, and the best of three passes counts.

Parts overlap on purpose: `engine.apply` counts every run of the rules, wherever it is made (the
rules stage, and the re-runs inside the heuristics and dedupe stages), and `literal scan` is part
of `engine.apply`. `rest` is the total minus the stages, site detection and metadata.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PASSES = 3
# Printed in this order: the stages as they run, the engine (which the stages call) with its scan, the rest.
ORDER = (
    "stage rules",
    "stage heuristics",
    "stage dedupe",
    "stage learned",
    "stage templates",
    "stage top-matter",
    "engine.apply (all runs)",
    "  of which literal scan",
    "site detection",
    "metadata.assemble",
    "  of which headline",
    "  of which dates",
    "  of which byline",
    "rest (split, records, ...)",
)


class _Timers:
    """CPU seconds per label, counted only while `on` and only for the outermost call of a label."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.depth: Counter[str] = Counter()
        self.on = False

    def wrap(self, fn: Callable[..., Any], label: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.depth[label] += 1
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.depth[label] -= 1
                if self.on and self.depth[label] == 0:
                    self.seconds[label] += time.process_time() - t0

        return timed


@contextlib.contextmanager
def _patched(timers: _Timers) -> Iterator[None]:
    """Wrap the parts in timers for the duration; every original is put back after."""
    from cleaner import pipeline, sites, stages
    from cleaner.rules import engine, prefilter

    saved: list[tuple[Any, str, Any]] = []

    def patch(owner: Any, name: str, label: str) -> None:
        saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, timers.wrap(getattr(owner, name), label))

    saved.append((stages, "STAGES", stages.STAGES))
    stages.STAGES = tuple(dataclasses.replace(s, run=timers.wrap(s.run, f"stage {s.name}")) for s in stages.STAGES)
    run_defaults = stages.run.__defaults__
    stages.run.__defaults__ = (stages.STAGES,)
    patch(engine.RuleEngine, "apply", "engine.apply (all runs)")
    if hasattr(prefilter.Prefilter, "literal_lines"):  # absent before the literal scan: A/B against older code
        patch(prefilter.Prefilter, "literal_lines", "  of which literal scan")
    patch(sites.SiteDetector, "detect", "site detection")
    patch(pipeline, "assemble", "metadata.assemble")
    from cleaner.metadata import assemble

    patch(assemble, "find_text_headline", "  of which headline")
    patch(assemble, "text_dates", "  of which dates")
    patch(assemble, "byline_for", "  of which byline")
    try:
        yield
    finally:
        stages.run.__defaults__ = run_defaults
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)


def breakdown(corpus: Path, renderings: tuple[str, ...]) -> None:
    """Print ms/document per part for each rendering under `corpus`."""
    from cleaner.model import Document
    from cleaner.pipeline import Cleaner

    try:
        from cleaner.rules.literal_scan import backend

        name = backend()
    except ImportError:  # code from before the literal scan
        name = "none"
    print(f"## breakdown (single core, CPU ms per document; prefilter backend: {name})")
    from cleaner.build import compiled_modules

    if compiled_modules():
        # A compiled caller calls a compiled part directly, never through the module attribute a timer wraps, and a
        # compiled function's defaults cannot be replaced: the parts are timed on the pure build only.
        print("(skipped: the compiled build is running; time the parts on the pure build, or use speed_ab.py)")
        return
    timers = _Timers()
    with _patched(timers):
        for rendering in renderings:
            docs = [
                Document(text=p.read_text(encoding="utf-8", errors="replace")) for p in sorted(corpus.rglob(rendering))
            ]
            if not docs:
                continue
            best: tuple[float, dict[str, float]] | None = None
            for _ in range(PASSES):
                timers.seconds.clear()
                total = 0.0
                half = len(docs) // 2
                for warm, timed in ((docs[:half], docs[half:]), (docs[half:], docs[:half])):
                    cleaner = Cleaner()
                    for d in warm:
                        cleaner.clean_document(d)
                    timers.on = True
                    t0 = time.process_time()
                    for d in timed:
                        cleaner.clean_document(d)
                    total += time.process_time() - t0
                    timers.on = False
                if best is None or total < best[0]:
                    best = (total, dict(timers.seconds))
            assert best is not None
            total, parts = best
            n = len(docs)
            counted = sum(
                v for k, v in parts.items() if k.startswith("stage") or k in ("site detection", "metadata.assemble")
            )
            parts["rest (split, records, ...)"] = max(0.0, total - counted)
            print(f"{rendering}: {1000 * total / n:.2f} ms/doc over {n} documents")
            for label in ORDER:
                secs = parts.get(label, 0.0)
                print(f"    {label:<30}{1000 * secs / n:8.2f} ms{100 * secs / total:7.1f}%")
    print()
