"""Optional compiled build: the listed modules compiled to C extensions with mypyc (issue 13).

    pip install -e '.[dev]'                 # the README's command: pure Python, no compiler, no mypyc
    CLEANER_COMPILE=1 pip install .         # the same modules compiled (needs a C compiler; mypy is fetched)
    python -c "import cleaner.build; print(cleaner.build.compiled_modules())"   # which is in use

mypyc compiles the package's own type-annotated source, so the pure-Python fallback is this same source and
the compiled build keeps the import paths (`cleaner.rules.engine` is a `.so` or a `.py`, nothing else
changes). Everything else (metadata, package data, entry points) stays in pyproject.toml. CLEANER_COMPILE_MODULES
(space-separated paths) compiles another list instead, for measuring one part at a time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup

sys.path.insert(0, str(Path(__file__).resolve().parent / "build_backend"))
from cleaner_build import compile_requested  # the backend's own switch, one definition

# The hot path of the text clean that mypyc compiles unchanged and whose compiled build passes the whole
# suite (BENCH_compile.md has the speed-up per group and the modules left out with the reason).
COMPILED = (
    # The rules engine: the per-line candidate walk, the prefilter and its literal scan.
    "cleaner/rules/engine.py",
    "cleaner/rules/prefilter.py",
    "cleaner/rules/patterns.py",
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
    "cleaner/metadata/site_affix.py",
    "cleaner/metadata/text_headline.py",
    "cleaner/metadata/url_dates.py",
    # The line split and the glue of every stage.
    "cleaner/lines.py",
    "cleaner/dedupe.py",
    "cleaner/stages/apply.py",
    "cleaner/sites.py",
)


def _modules() -> list[str]:
    chosen = os.environ.get("CLEANER_COMPILE_MODULES", "").split()
    return chosen or list(COMPILED)


if compile_requested():
    from mypyc.build import mypycify

    setup(ext_modules=mypycify(_modules(), opt_level="3"))
else:
    setup()
