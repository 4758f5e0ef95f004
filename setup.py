"""Optional compiled build: the listed modules compiled to C extensions with mypyc (issue 13).

    pip install -e '.[dev]'                 # the README's command: pure Python, no compiler, no mypyc
    CLEANER_COMPILE=1 pip install .         # the same modules compiled, and the native core (needs a C compiler;
                                            # mypy and Cython are fetched)
    python -c "import cleaner.build; print(cleaner.build.compiled_modules())"   # which is in use

mypyc compiles the package's own type-annotated source, so the pure-Python fallback is this same source and
the compiled build keeps the import paths (`cleaner.rules.engine` is a `.so` or a `.py`, nothing else
changes). Everything else (metadata, package data, entry points) stays in pyproject.toml. CLEANER_COMPILE_MODULES
(space-separated paths) compiles another list instead, for measuring one part at a time. With gcc, the extensions are
built twice, the second time guided by a profile of the first cleaning fixtures/ (build_backend/compiled_build.py;
CLEANER_PGO=0 builds once).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup

sys.path.insert(0, str(Path(__file__).resolve().parent / "build_backend"))
from cleaner_build import compile_requested  # the backend's own switch, one definition

# The modules the compiled build compiles: the hot path of the text clean that mypyc compiles unchanged and whose
# compiled build passes the whole suite. Left out, with the reason (the figures: BENCHMARKS.md, eleventh round,
# `compile`):
# - rules/running.py: its `checkpoint` must run as bytecode (a time limit raised from another thread lands there);
# - rules/literal_scan.py: the tests switch its backend and patch its classes, which a compiled module ignores;
#   rules/patterns.py, compiled_cache.py and facts_cache.py compile patterns and read caches at start-up, off the
#   text path (a build with the two caches compiled crashed at import: BENCHMARKS.md, fortieth round);
# - pipeline.py: an interpreted class cannot subclass a compiled one (tests and users subclass Cleaner), and a
#   wrong input type would raise mypyc's TypeError instead of the documented message;
# - sites.py: a compiled SiteDetector is unpickled through its constructor (the batch workers pickle it);
# - stages/learned.py: its tests patch the module's functions, which compiled callers do not see;
# - learned/*: no gain (the whole clean 1.00-1.04x with features, model and stage compiled: numpy does the
#   work), and in a clean build environment mypyc's type check of the learned modules fails on rows.py unchanged
#   (`F.TABLE_COLUMNS` has no inferred type there), though rows.py itself is not compiled.
COMPILED = (
    # Metadata: the text headline, dates, bylines, the assembly.
    "cleaner/metadata/assemble.py",
    "cleaner/metadata/bylines.py",
    "cleaner/metadata/captions.py",
    "cleaner/metadata/date_forms.py",
    "cleaner/metadata/date_pick.py",
    "cleaner/metadata/date_relative.py",
    "cleaner/metadata/date_tables.py",
    "cleaner/metadata/date_times.py",
    "cleaner/metadata/dates.py",
    "cleaner/metadata/declared.py",
    "cleaner/metadata/headline.py",
    "cleaner/metadata/headline_lines.py",
    "cleaner/metadata/language.py",
    "cleaner/metadata/metalines.py",
    "cleaner/metadata/site_affix.py",
    "cleaner/metadata/text_headline.py",
    "cleaner/metadata/url_dates.py",
    # The block classifier and its stage.
    "cleaner/heuristics/__init__.py",
    "cleaner/heuristics/cohesion.py",
    "cleaner/heuristics/comments.py",
    "cleaner/heuristics/datelines.py",
    "cleaner/heuristics/features.py",
    "cleaner/heuristics/lang.py",
    "cleaner/heuristics/regions.py",
    "cleaner/heuristics/story_lists.py",
    "cleaner/heuristics/teasers.py",
    "cleaner/stages/heuristics.py",
    # The rules engine and its prefilter (1.06-1.07x on `RuleEngine.apply`, BENCHMARKS.md, fortieth round): a time
    # limit names the rule it hit in by the mark the rule's match leaves on it, and lands from another thread at the
    # engine's checkpoints (rules/running.py), since compiled code has no frames and runs no bytecode of its own.
    "cleaner/rules/engine.py",
    "cleaner/rules/opening_probe.py",
    "cleaner/rules/prefilter.py",
    # The line split, dedupe, the stage loop and the stages' shared apply step, and the glue stages that tests do not
    # patch (rejoin, dedupe, templates); the top matter's block and its settling (metadata/top_block.py), which the
    # top-matter stage and the learned stage's run ahead call on every text (stages/top_matter.py stays interpreted:
    # tests/test_learned_handoff.py patches its `find`).
    "cleaner/lines.py",
    "cleaner/dedupe.py",
    "cleaner/stages/__init__.py",
    "cleaner/stages/apply.py",
    "cleaner/stages/dedupe.py",
    "cleaner/stages/rejoin.py",
    "cleaner/stages/templates.py",
    "cleaner/metadata/top_block.py",
    # The values every stage makes and reads (removals, proposals, dates, the article): compiled, their written-out
    # constructors run as C and their fields are read as struct slots by the compiled modules above (model.Document
    # stays a Python class: model.py says why).
    "cleaner/model.py",
    "cleaner/stages/base.py",
    # The lower-casing the modules above share (it must be compiled to see what their `str.lower` does).
    "cleaner/casing.py",
)


# The native core (issue 13; cleaner/native.py): kernels written in Cython, built from C by the compiled build only.
# Each has a pure twin in the module that uses it, which the plain install runs and tests/test_native.py compares it
# with. mypyc buys 1.05-1.12x on the classifier because its time is in CPython's primitives (BENCHMARKS.md, nineteenth
# round); a kernel does less of that work per line.
NATIVE = (
    "cleaner/heuristics/_firstsight.pyx",
    "cleaner/heuristics/_passes.pyx",
    "cleaner/learned/_reading.pyx",
    "cleaner/metadata/_headline.pyx",
    "cleaner/metadata/_metalines.pyx",
    "cleaner/rules/_linepass.pyx",
)


def _modules() -> list[str]:
    chosen = os.environ.get("CLEANER_COMPILE_MODULES", "").split()
    return chosen or list(COMPILED)


if compile_requested():
    from compiled_build import CompiledBuild
    from Cython.Build import cythonize
    from mypyc.build import mypycify
    from setuptools import Extension

    native = [
        Extension(path.removesuffix(".pyx").replace("/", "."), [path], extra_compile_args=["-O3"]) for path in NATIVE
    ]
    setup(
        ext_modules=[
            *mypycify(_modules(), opt_level="3"),
            *cythonize(native, language_level=3, build_dir="build/cython"),
        ],
        cmdclass={"build_ext": CompiledBuild},
    )
else:
    setup()
