"""setuptools' build backend, plus mypy (for mypyc) and Cython as build requirements when CLEANER_COMPILE=1.

The plain install (`pip install -e '.[dev]'`, the README's command) is pure Python and needs no compiler.
`CLEANER_COMPILE=1 pip install .` (or `python -m build`, cibuildwheel) compiles the modules `setup.py` lists
with mypyc and builds the native core with Cython; pip's isolated build environment then needs mypy and Cython,
which a static `[build-system] requires` could only add to every build. This is setuptools' documented pattern for
a dynamic build requirement (an in-tree backend wrapping `setuptools.build_meta`).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from setuptools.build_meta import *  # noqa: F403  (the backend's other hooks, unchanged)

# The project's root: pyproject.toml and fixtures/ (compiled_build.py's samples) are read from it.
ROOT = Path(__file__).resolve().parent.parent

# mypyc ships with mypy (the build was measured with mypy 2.4.1). numpy joins it so that mypyc type-checks against
# numpy's annotations as the dev venv's mypy does: without them `cleaner/learned/rows.py` fails the check
# ("Cannot determine type of TABLE_COLUMNS") in pip's isolated build environment.
# Cython builds the native core's kernels (setup.py's NATIVE); the plain build never fetches it.
COMPILE_REQUIREMENTS = ["mypy>=1.10", "numpy>=1.24", "Cython>=3.0"]


def compile_requested() -> bool:
    """True when the build should compile (CLEANER_COMPILE=1); setup.py reads the same variable."""
    return os.environ.get("CLEANER_COMPILE", "") == "1"


def profile_guided_requested() -> bool:
    """True unless CLEANER_PGO=0: the compiled build then trains on the samples (compiled_build.py) and setup.py's
    build_ext asks the same variable."""
    return os.environ.get("CLEANER_PGO", "") != "0"


def _runtime_requirements() -> list[str]:
    """The package's own dependencies (pyproject.toml): the profile-guided pass imports the instrumented build to clean
    the samples, in the same isolated environment."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(project["project"]["dependencies"])


def _extra() -> list[str]:
    if not compile_requested():
        return []
    return [*COMPILE_REQUIREMENTS, *(_runtime_requirements() if profile_guided_requested() else [])]


# setuptools' own hooks would run setup.py to collect its setup_requires (it has none), and with CLEANER_COMPILE=1
# setup.py imports mypyc, which is what these hooks are asked to provide: so they answer without running it.
def get_requires_for_build_wheel(config_settings: dict[str, object] | None = None) -> list[str]:
    return _extra()


def get_requires_for_build_editable(config_settings: dict[str, object] | None = None) -> list[str]:
    return _extra()
