"""setuptools' build backend, plus mypy (for mypyc) as a build requirement when CLEANER_COMPILE=1.

The plain install (`pip install -e '.[dev]'`, the README's command) is pure Python and needs no compiler.
`CLEANER_COMPILE=1 pip install .` (or `python -m build`, cibuildwheel) compiles the modules `setup.py` lists
with mypyc; pip's isolated build environment then needs mypy, which a static `[build-system] requires` could
only add to every build. This is setuptools' documented pattern for a dynamic build requirement (an in-tree
backend wrapping `setuptools.build_meta`).
"""

from __future__ import annotations

import os

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (the backend's other hooks, unchanged)

# The mypy (mypyc) release the compiled build was measured with; newer minor releases compile the same source.
MYPYC_REQUIREMENT = "mypy>=1.10"


def compile_requested() -> bool:
    """True when the build should compile (CLEANER_COMPILE=1); setup.py reads the same variable."""
    return os.environ.get("CLEANER_COMPILE", "") == "1"


def _extra() -> list[str]:
    return [MYPYC_REQUIREMENT] if compile_requested() else []


def get_requires_for_build_wheel(config_settings: dict[str, object] | None = None) -> list[str]:
    return [*_setuptools.get_requires_for_build_wheel(config_settings), *_extra()]


def get_requires_for_build_editable(config_settings: dict[str, object] | None = None) -> list[str]:
    return [*_setuptools.get_requires_for_build_editable(config_settings), *_extra()]
