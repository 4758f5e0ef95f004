"""Before/after CPU time of the text path in ONE process: another checkout's code against this one's.

    python benchmarks/speed_ab.py /work/main                 # main's code vs this worktree, on ../shared/corpus/dev/sh
    python benchmarks/speed_ab.py /tmp/base ../shared/corpus/dev/tf

Two runs made one after the other on the shared machine differ by 20-50% with its load, more than
most changes being measured. Here the other checkout's `cleaner` package is copied to a temporary
folder as `cleaner_base` (its imports rewritten), both are imported side by side, and each document
is cleaned by both in turn (alternating which goes first), so both see the same load. As in
`speed.py`'s throughput section, each half of the documents is timed warm on the other half.

Two compiled builds cannot be imported side by side under one name, and a compiled module's name is fixed when it is
built: so for compiled against compiled, `--renamed-copy DEST` writes the other checkout's source with its package
renamed `cleaner_base`, which is then built and unzipped, and given as the "before" folder (it holds `cleaner_base/`,
imported as it is); this side's build comes first on PYTHONPATH:

    python benchmarks/speed_ab.py /tmp/base --renamed-copy /tmp/x/base_src
    (cd /tmp/x/base_src && CLEANER_COMPILE=1 python -m pip wheel -q --no-deps -w /tmp/x/wb .)   # then unzip both
    cd /tmp && PYTHONPATH=/tmp/x/new_unzipped python .../benchmarks/speed_ab.py /tmp/x/base_unzipped .../dev/tf

A compiled caller calls a compiled function directly, not through the module attribute the clock wraps: in a
compiled build, `heuristics.propose` and `RuleEngine.apply` count only their calls from interpreted code; the whole
clean and the heuristics stage (called through the pipeline's stage table) count every call.

The halves overstate any change to a memo that outlives a `Cleaner` (a module-wide `lru_cache`): half of the timed
documents were cleaned in the other half's warm-up, and a second round re-reads them all. `--first-sight WARM` times
what a crawl sees instead: both sides warmed on WARM's renderings (patterns and caches built, no timed line seen), then
every document timed once, in one round (BENCHMARKS.md, twenty-second round: the dates' larger memo read 1.44-1.63x on
assemble in halves, 1.04 at first sight).

Printed per rendering: ms per document of the whole clean and of each part in PARTS (`RuleEngine.apply`:
every run of the rules, wherever made; `heuristics.propose`: the block classifier; the heuristics stage whole,
with the rules' re-runs and the glue around the classifier; site detection), before -> after, and the speed-up.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import pickle
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import in_forked_child

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
    """The other checkout's modules that `compare` times, imported as `cleaner_base` (a folder that already holds
    `cleaner_base/`, a build of a `--renamed-copy`, is imported as it is)."""
    if (checkout / BASE_NAME).is_dir():
        sys.path.insert(0, str(checkout))
    else:
        dest = into / BASE_NAME
        shutil.copytree(checkout / "cleaner", dest, ignore=shutil.ignore_patterns("__pycache__"))
        _rename_package(dest)
        sys.path.insert(0, str(into))
    import importlib

    return {name: importlib.import_module(f"{BASE_NAME}.{name}") for name in ("pipeline", "model", *MODULES)}


def _rename_package(package: Path) -> None:
    """Rewrite the imports of the package at `package` (a copy of `cleaner/`) to name `cleaner_base`, the kernels'
    `cimport`s of `cleaner/_pyunicode.pxd` included (a Cython build of the copy would not find `cleaner/`)."""
    for path in (p for suffix in ("*.py", "*.pyx", "*.pxd") for p in package.rglob(suffix)):
        path.write_text(_IMPORTS.sub(_rename, path.read_text(encoding="utf-8")), encoding="utf-8")


# The source files a build reads besides the package, copied by `renamed_copy` (pyproject.toml and setup.py rewritten).
_BUILD_FILES = ("setup.py", "pyproject.toml", "MANIFEST.in", "README.md", "build_backend")


def renamed_copy(checkout: Path, dest: Path) -> None:
    """The checkout's package and build files at `dest`, the package renamed `cleaner_base` throughout (its imports,
    setup.py's module lists, pyproject.toml's package data and mypy files): a source tree that builds, compiled too,
    into a package that imports beside this one."""
    shutil.copytree(checkout / "cleaner", dest / BASE_NAME, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    _rename_package(dest / BASE_NAME)
    for name in _BUILD_FILES:
        src = checkout / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    setup = dest / "setup.py"
    setup.write_text(setup.read_text(encoding="utf-8").replace('"cleaner/', f'"{BASE_NAME}/'), encoding="utf-8")
    manifest = dest / "MANIFEST.in"
    if manifest.exists():
        manifest.write_text(
            manifest.read_text(encoding="utf-8").replace(" cleaner/", f" {BASE_NAME}/"), encoding="utf-8"
        )
    project = dest / "pyproject.toml"
    text = project.read_text(encoding="utf-8")
    text = text.replace('"cleaner" = [', f'"{BASE_NAME}" = [').replace('"cleaner.', f'"{BASE_NAME}.')
    text = text.replace('files = ["cleaner"]', f'files = ["{BASE_NAME}"]').replace(
        '"cleaner.cli:main"', f'"{BASE_NAME}.cli:main"'
    )
    project.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def base_imported(checkout: Path) -> Iterator[None]:
    """The other checkout importable as `cleaner_base` inside the block; its modules and path gone after it,
    so that one process can compare against several checkouts (the tests do)."""
    with tempfile.TemporaryDirectory() as tmp:
        import_base(checkout, Path(tmp))
        try:
            yield
        finally:
            for name in [n for n in sys.modules if n.startswith(BASE_NAME)]:
                del sys.modules[name]
            sys.path.remove(tmp)


def alternating_cpu(
    sides: Mapping[str, Callable[[Any], object]], items: Sequence[Any], round_no: int
) -> dict[str, float]:
    """CPU seconds of the "old" and "new" side over `items`, each item run by both in turn and the first
    side alternating by item and round, so that both see the same machine load."""
    spent = {"old": 0.0, "new": 0.0}
    frozen_heap()
    for n, item in enumerate(items):
        for side in ("old", "new") if (n + round_no) % 2 == 0 else ("new", "old"):
            t0 = time.process_time()
            sides[side](item)
            spent[side] += time.process_time() - t0
    return spent


def recorded_calls(
    script: str, calls_file: Path | None, corpus: Path, sources: Sequence[str], collect: Callable[..., list[Any]]
) -> list[Any] | None:
    """The recorded calls of an A/B script: read from `calls_file` when it exists, else collected from the
    corpus (and written there); only those of `sources`. None, said on stderr, when there is no corpus."""
    if calls_file and calls_file.exists():
        calls: list[Any] = pickle.loads(calls_file.read_bytes())
    else:
        if not corpus.is_dir():
            print(f"{script}: no corpus at {corpus}", file=sys.stderr)
            return None
        calls = collect(corpus, sources)
        if calls_file:
            calls_file.write_bytes(pickle.dumps(calls))
    return [c for c in calls if c.source in set(sources)]


def frozen_heap() -> None:
    """Move every object alive now out of the collector's sight (`gc.freeze`) before a timed loop.

    Both checkouts' modules, caches and warm-up documents are one large heap, and a full collection
    walks it all: ~0.1 s, landing at the same allocation count in every run, hence always on the same
    side and part (the same code on both sides timed its engine 1.8x slower on one). Frozen, the
    collections left are the young ones each side's own allocations cause, which are its cost.
    """
    gc.collect()
    gc.freeze()


@contextlib.contextmanager
def no_full_collection() -> Iterator[None]:
    """No full collection while the documents are timed, neither inside a clean nor between them.

    Inside one, a full collection lands on whichever side allocates when its count runs out, at the same document
    every round (BENCH_speed4.md: the same code read 1.04-1.06x on tf fulltext's heuristics stage). Between them
    (this loop's untimed `gc.collect()` before each document, until the thirty-fourth round), it untracks every memo
    dict whose entries hold no container; the next page's first new entry tracks the dict again as a young object,
    and every young collection on that page then walks it whole. A long run, whose full collections are rare, pays
    that about once, not on every page (BENCHMARKS.md, thirty-fourth round: changing the language guess's memo to
    untracked entries read 1.03-1.06x on tf fulltext's heuristics stage here, with the old loop, and moved nothing
    where no collection is forced)."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, 2**30)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


def settle_young() -> None:
    """Walk what a clean left in the young generations as a long run walks it, on the clock of the side that left it.

    Each object that outlives a page (a memo's new entry) is walked twice by a long run's young collections: once in
    the youngest generation, once in the middle one, then it is old. Collected here, after each side's clean and on
    its clock, every such object is walked twice too (those still youngest by both calls, those already middle-aged
    by the second), and the next side starts with empty young generations. Until the thirty-sixth round the loop
    collected the young generations untimed once before each document: what the first side left was then walked on
    the second side's clock, and what the second left on no clock at all, so no side ever paid for the objects its
    own pages left alive.
    """
    gc.collect(0)
    gc.collect(1)


# The parts timed besides the whole clean: (module, owner in it or "" for a module function, attribute, label).
# `heuristics.propose` is the block classifier alone; the rules re-runs it causes are in `RuleEngine.apply`.
PARTS = (
    ("rules.engine", "RuleEngine", "apply", "RuleEngine.apply"),
    ("heuristics", "", "propose", "heuristics.propose"),
    # The heuristics stage whole (its rounds, the re-runs of the rules they cause, HEU013's gate and its top-matter
    # look-up): the STAGES entry the loop calls, and the module's function the learned stage's re-run calls.
    ("stages", "STAGES[heuristics]", "run", "heuristics stage"),
    ("stages.heuristics", "", "propose", "heuristics stage"),
    ("sites", "SiteDetector", "detect", "SiteDetector.detect"),
    # The learned line stage's reading of a view (each read of its settling and rounds; cleaner/learned is interpreted).
    ("learned.stage", "LearnedStage", "read", "LearnedStage.read"),
    # The name the pipeline calls (it imports the function), so the wrapper sits where the call looks.
    ("pipeline", "", "assemble", "metadata.assemble"),
)
MODULES = tuple(dict.fromkeys(module for module, _o, _a, _l in PARTS))
LABELS = tuple(dict.fromkeys(label for *_x, label in PARTS))


class _Clock:
    """CPU seconds inside each timed part per side (outermost calls only, and only while `on`)."""

    def __init__(self) -> None:
        self.seconds: dict[tuple[str, str], float] = {}
        self.depth: dict[tuple[str, str], int] = {}
        self.on = False
        self.originals: list[tuple[Any, str, Any]] = []

    def unwrap(self) -> None:
        """Put every wrapped function back, so that a later round wraps the originals, not the wrappers."""
        for owner, name, original in reversed(self.originals):
            _set(owner, name, original)
        self.originals.clear()

    def wrap(self, owner: Any, name: str, key: tuple[str, str]) -> None:
        original: Callable[..., Any] = getattr(owner, name)
        self.originals.append((owner, name, original))
        self.depth[key] = 0

        def timed(*args: Any, **kwargs: Any) -> Any:
            self.depth[key] += 1
            t0 = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.depth[key] -= 1
                if self.on and self.depth[key] == 0:
                    self.seconds[key] = self.seconds.get(key, 0.0) + time.process_time() - t0

        _set(owner, name, timed)


def _owner(module: ModuleType, owner: str) -> Any:
    """The object holding a part's function: the module, a class in it, or the `STAGES[name]` entry."""
    if not owner:
        return module
    if owner.startswith("STAGES["):
        return next(st for st in module.STAGES if st.name == owner[len("STAGES[") : -1])
    return getattr(module, owner)


def _set(owner: Any, name: str, value: Any) -> None:
    """`setattr`, also on a frozen dataclass (a `Stage`), whose fields only `object.__setattr__` changes."""
    try:
        setattr(owner, name, value)
    except dataclasses.FrozenInstanceError:
        object.__setattr__(owner, name, value)


def compare(checkout: Path, corpus: Path, rounds: int = 1, first_sight: Path | None = None) -> None:
    """Print before -> after ms/document for each rendering under `corpus`, whole clean and each part (each document
    seen once after a warm-up on `first_sight`'s renderings, when given)."""
    import importlib

    from cleaner import model, pipeline

    with tempfile.TemporaryDirectory() as tmp:
        base = import_base(checkout, Path(tmp))
        clock = _Clock()
        for module, owner, attr, label in PARTS:
            for side, mod in (("before", base[module]), ("after", importlib.import_module(f"cleaner.{module}"))):
                clock.wrap(_owner(mod, owner), attr, (side, label))
        sides = {
            "before": (base["pipeline"].Cleaner, base["model"].Document),
            "after": (pipeline.Cleaner, model.Document),
        }
        for round_no in range(rounds):
            if rounds > 1:
                print(f"# round {round_no + 1} of {rounds}")
            warmed = f"; first sight, warmed on {first_sight}" if first_sight else ""
            print(f"before: {checkout}; after: {ROOT}; corpus {corpus}{warmed}")
            print(f"{'rendering':<14}{'docs':>6}  {'part':<22}{'ms/doc before -> after':>26}{'x':>7}")
            for rendering in RENDERINGS:

                def measure(rendering: str = rendering) -> None:
                    texts = _texts(corpus, rendering)
                    warm = _texts(first_sight, rendering) if first_sight else None
                    if texts:
                        _print_rows(rendering, len(texts), _timed_rows(texts, sides, clock, warm))

                # Each rendering in a child of its own: the article pass's lines of the same pages must not be in
                # the module-wide memos when the fulltext pass is timed.
                in_forked_child(measure)
        clock.unwrap()


def _texts(corpus: Path, rendering: str) -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.rglob(rendering))]


def _timed_rows(
    texts: list[str], sides: dict[str, tuple[Any, Any]], clock: _Clock, first_sight: list[str] | None = None
) -> list[tuple[str, float, float]]:
    """(label, before s, after s) for the whole clean and each part: each half of `texts` is timed on cleaners
    warmed on the other half, or (`first_sight`: other documents) all of `texts` on cleaners warmed on those, the
    two sides alternating document by document."""
    total = {"before": 0.0, "after": 0.0}
    clock.seconds = {}
    half = len(texts) // 2
    schedule = (
        [(first_sight, texts)]
        if first_sight is not None
        else [(texts[:half], texts[half:]), (texts[half:], texts[:half])]
    )
    for warm, timed in schedule:
        cleaners = {side: (cls(), doc) for side, (cls, doc) in sides.items()}
        for cleaner, doc in cleaners.values():
            for t in warm:
                cleaner.clean_document(doc(text=t))
        clock.on = True
        frozen_heap()
        with no_full_collection():
            for i, t in enumerate(timed):
                for side in ("before", "after") if i % 2 == 0 else ("after", "before"):
                    cleaner, doc = cleaners[side]
                    t0 = time.process_time()
                    cleaner.clean_document(doc(text=t))
                    settle_young()
                    total[side] += time.process_time() - t0
        clock.on = False
    rows = [("whole clean", total["before"], total["after"])]
    rows += [
        (label, clock.seconds.get(("before", label), 0.0), clock.seconds.get(("after", label), 0.0)) for label in LABELS
    ]
    return rows


def _print_rows(rendering: str, n: int, rows: list[tuple[str, float, float]]) -> None:
    """One rendering's rows as ms/document, before -> after, and their ratio."""
    for k, (label, b, a) in enumerate(rows):
        b, a = 1000 * b / n, 1000 * a / n
        lead = f"{rendering:<14}{n:>6}" if k == 0 else " " * 20
        print(f"{lead}  {label:<22}{b:>12.2f} -> {a:<9.2f}{b / a if a else float('nan'):>7.2f}")


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path, help="a checkout of the code to compare against (holds cleaner/)")
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="folder of renderings")
    ap.add_argument("--rounds", type=int, default=1, help="repeat the comparison (the load drifts between rounds)")
    ap.add_argument(
        "--renamed-copy",
        type=Path,
        metavar="DEST",
        help="write `before`'s source, renamed cleaner_base, to DEST; time nothing",
    )
    ap.add_argument(
        "--first-sight",
        type=Path,
        metavar="WARM",
        help="warm both sides on WARM's renderings, then time each document once (one round): pages never seen",
    )
    args = ap.parse_args(argv)
    if args.first_sight and (args.rounds > 1 or not args.first_sight.is_dir()):
        sys.exit("speed_ab.py: --first-sight needs a corpus folder to warm on, and one round (a second re-reads)")
    if not (args.before / "cleaner").is_dir() and not (args.before / BASE_NAME).is_dir():
        sys.exit(f"speed_ab.py: no cleaner/ (or {BASE_NAME}/) package under {args.before}")
    if args.renamed_copy:
        renamed_copy(args.before, args.renamed_copy)
        return
    if not args.corpus.is_dir():
        sys.exit(f"speed_ab.py: no corpus folder at {args.corpus}")
    compare(args.before, args.corpus, args.rounds, args.first_sight)


if __name__ == "__main__":
    main()
