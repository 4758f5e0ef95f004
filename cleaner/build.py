"""Which build of the package is running: pure Python, or with some modules compiled by mypyc.

`CLEANER_COMPILE=1 pip install .` compiles the modules `setup.py` lists to C extensions beside their source; the
import paths stay the same and Python's import system prefers the extension when both are there. So the
modules compiled are the package's files with an extension suffix. `cleaner --version` says which build runs.
"""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def compiled_modules() -> list[str]:
    """Dotted names of this package's modules that run compiled (empty for the pure-Python build)."""
    names = []
    for path in _PACKAGE.rglob("*"):
        suffix = next((s for s in EXTENSION_SUFFIXES if path.name.endswith(s)), None)
        if suffix is not None and path.is_file():
            parts = path.relative_to(_PACKAGE.parent).parts
            names.append(".".join((*parts[:-1], path.name[: -len(suffix)])))
    return sorted(names)


def describe() -> str:
    """One line for `cleaner --version`: the build kind, and how many modules run compiled."""
    compiled = compiled_modules()
    return f"compiled with mypyc: {len(compiled)} modules" if compiled else "pure Python"
