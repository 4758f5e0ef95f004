"""Which build of the package is running: pure Python, or with some modules compiled by mypyc and the native core.

`CLEANER_COMPILE=1 pip install .` compiles the modules `setup.py` lists to C extensions beside their source; the
import paths stay the same and Python's import system prefers the extension when both are there. So the
modules compiled are the package's files with an extension suffix, less the native core's kernels (setup.py's
NATIVE, `cleaner.native.KERNELS`), which have no Python module of the same name: their pure twins are functions of
the modules that use them. `cleaner --version` says which build runs, and which kernels are in use.
"""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from cleaner import native

_PACKAGE = Path(__file__).resolve().parent
# Written by the compiled build's profile-guided pass (build_backend/compiled_build.py's MARKER).
PROFILE_MARKER = "_profile_guided.txt"


def compiled_modules() -> list[str]:
    """Dotted names of this package's modules that run compiled by mypyc (empty for the pure-Python build)."""
    names = []
    for path in _PACKAGE.rglob("*"):
        suffix = next((s for s in EXTENSION_SUFFIXES if path.name.endswith(s)), None)
        if suffix is not None and path.is_file():
            parts = path.relative_to(_PACKAGE.parent).parts
            names.append(".".join((*parts[:-1], path.name[: -len(suffix)])))
    return sorted(n for n in names if n not in native.KERNELS)


def native_kernels() -> list[str]:
    """Dotted names of the native core's kernels in use (empty when not built, or switched off: CLEANER_NATIVE=0)."""
    return native.in_use()


def profile_guided() -> str:
    """The profile-guided pass's training summary when the compiled build was laid out by it, else ""
    (build_backend/compiled_build.py leaves it beside this module; a pure build and a CLEANER_PGO=0 one have none)."""
    marker = _PACKAGE / PROFILE_MARKER
    return marker.read_text(encoding="utf-8").strip() if marker.is_file() else ""


def describe() -> str:
    """One line for `cleaner --version`: the build kind, how many modules run compiled, and the kernels in use."""
    compiled = compiled_modules()
    kernels = native_kernels()
    kind = f"compiled with mypyc: {len(compiled)} modules" if compiled else "pure Python"
    if compiled and profile_guided():
        kind += ", profile-guided"
    return f"{kind}; native core: {', '.join(kernels)}" if kernels else kind
