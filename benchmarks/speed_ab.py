"""Before/after CPU time of the text path in ONE process: another checkout's code against this one's.

    python benchmarks/speed_ab.py /work/main                 # main's code vs this worktree, on ../shared/corpus/dev/sh
    python benchmarks/speed_ab.py /tmp/base ../shared/corpus/dev/tf

Two runs made one after the other on the shared machine differ by 20-50% with its load, more than
most changes being measured. Here the other checkout's `cleaner` package is copied to a temporary
folder as `cleaner_base` (its imports rewritten), both are imported side by side, and each document
is cleaned by both in turn (alternating which goes first), so both see the same load. As in
`speed.py`'s throughput section, each half of the documents is timed warm on the other half.

Printed per rendering: ms per document of the whole clean and of `RuleEngine.apply` (every run of
the rules, wherever made), before -> after, and the speed-up.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev" / "sh"
RENDERINGS = ("article.txt", "fulltext.txt")
BASE_NAME = "cleaner_base"
# `from cleaner.x import`, `from cleaner import`, `import cleaner.x`, and package names in strings
# ("cleaner.rulesets" for importlib.resources).
_IMPORTS = re.compile(r"\b(from|import) cleaner\b|\"cleaner\.")


def _rename(match: re.Match[str]) -> str:
    text = match.group(0)
    return f'"{BASE_NAME}.' if text.startswith('"') else f"{match.group(1)} {BASE_NAME}"


def import_base(checkout: Path, into: Path) -> dict[str, ModuleType]:
    """The other checkout's pipeline, model and engine modules, imported as `cleaner_base`."""
    dest = into / BASE_NAME
    shutil.copytree(checkout / "cleaner", dest, ignore=shutil.ignore_patterns("__pycache__"))
    for path in dest.rglob("*.py"):
        path.write_text(_IMPORTS.sub(_rename, path.read_text(encoding="utf-8")), encoding="utf-8")
    sys.path.insert(0, str(into))
    import importlib

    return {name: importlib.import_module(f"{BASE_NAME}.{name}") for name in ("pipeline", "model", "rules.engine")}


class _EngineClock:
    """CPU seconds inside RuleEngine.apply per side (outermost calls only, and only while `on`)."""

    def __init__(self) -> None:
        self.seconds = {"before": 0.0, "after": 0.0}
        self.depth = {"before": 0, "after": 0}
        self.on = False

    def wrap(self, engine_cls: Any, side: str) -> None:
        original: Callable[..., Any] = engine_cls.apply

        def apply(engine: Any, *args: Any, **kwargs: Any) -> Any:
            self.depth[side] += 1
            t0 = time.process_time()
            try:
                return original(engine, *args, **kwargs)
            finally:
                self.depth[side] -= 1
                if self.on and self.depth[side] == 0:
                    self.seconds[side] += time.process_time() - t0

        engine_cls.apply = apply


def compare(checkout: Path, corpus: Path) -> None:
    """Print before -> after ms/document for each rendering under `corpus`."""
    from cleaner import model, pipeline
    from cleaner.rules import engine

    with tempfile.TemporaryDirectory() as tmp:
        base = import_base(checkout, Path(tmp))
        clock = _EngineClock()
        clock.wrap(base["rules.engine"].RuleEngine, "before")
        clock.wrap(engine.RuleEngine, "after")
        sides = {
            "before": (base["pipeline"].Cleaner, base["model"].Document),
            "after": (pipeline.Cleaner, model.Document),
        }
        print(f"before: {checkout}; after: {ROOT}; corpus {corpus}")
        print(f"{'rendering':<14}{'docs':>6}{'whole clean ms/doc':>26}{'x':>7}{'RuleEngine.apply ms/doc':>28}{'x':>7}")
        for rendering in RENDERINGS:
            texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.rglob(rendering))]
            if not texts:
                continue
            total = {"before": 0.0, "after": 0.0}
            clock.seconds = {"before": 0.0, "after": 0.0}
            half = len(texts) // 2
            for warm, timed in ((texts[:half], texts[half:]), (texts[half:], texts[:half])):
                cleaners = {side: (cls(), doc) for side, (cls, doc) in sides.items()}
                for cleaner, doc in cleaners.values():
                    for t in warm:
                        cleaner.clean_document(doc(text=t))
                clock.on = True
                for i, t in enumerate(timed):
                    for side in ("before", "after") if i % 2 == 0 else ("after", "before"):
                        cleaner, doc = cleaners[side]
                        t0 = time.process_time()
                        cleaner.clean_document(doc(text=t))
                        total[side] += time.process_time() - t0
                clock.on = False
            n = len(texts)
            b, a = 1000 * total["before"] / n, 1000 * total["after"] / n
            eb, ea = 1000 * clock.seconds["before"] / n, 1000 * clock.seconds["after"] / n
            print(f"{rendering:<14}{n:>6}{b:>13.2f} -> {a:<9.2f}{b / a:>7.2f}{eb:>15.2f} -> {ea:<9.2f}{eb / ea:>7.2f}")


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path, help="a checkout of the code to compare against (holds cleaner/)")
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="folder of renderings")
    args = ap.parse_args(argv)
    if not (args.before / "cleaner").is_dir():
        sys.exit(f"speed_ab.py: no cleaner/ package under {args.before}")
    if not args.corpus.is_dir():
        sys.exit(f"speed_ab.py: no corpus folder at {args.corpus}")
    compare(args.before, args.corpus)


if __name__ == "__main__":
    main()
