"""The native core (issue 13): kernels in C, built from Cython by the compiled build only, each with a pure twin.

The plain install (`pip install -e '.[dev]'`) has no kernel and runs the pure twins; `CLEANER_COMPILE=1 pip install .`
builds them (setup.py's NATIVE). A module that has a kernel asks `kernel()` for it once, at import, and keeps its
own Python function as the fallback and the reference the kernel is tested against (tests/test_native.py).
`CLEANER_NATIVE=0` switches every kernel off, so that a compiled install can run, and be timed, on the twins.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

# The kernels the compiled build builds (setup.py's NATIVE, as module names).
KERNELS = (
    "cleaner.heuristics._firstsight",
    "cleaner.heuristics._passes",
    "cleaner.learned._reading",
    "cleaner.metadata._headline",
    "cleaner.metadata._metalines",
    "cleaner.rules._linepass",
)
SWITCH = "CLEANER_NATIVE"
# The kernels the modules chose at import (`kernel`), for `cleaner --version` and the build test.
_IN_USE: set[str] = set()


def kernel(name: str) -> ModuleType | None:
    """The kernel module `name` when it is built and not switched off, else None (the caller's pure twin runs)."""
    if os.environ.get(SWITCH, "") == "0":
        return None
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None
    _IN_USE.add(name)
    return module


def in_use() -> list[str]:
    """The kernels the classifier, the metadata and the rules' prefilter run (importing the modules that choose)."""
    for module in ("cohesion", "comments", "features", "lang", "teasers"):
        importlib.import_module(f"cleaner.heuristics.{module}")
    importlib.import_module("cleaner.learned")
    importlib.import_module("cleaner.metadata.metalines")
    importlib.import_module("cleaner.metadata.text_headline")
    importlib.import_module("cleaner.rules.prefilter")
    return sorted(_IN_USE)
