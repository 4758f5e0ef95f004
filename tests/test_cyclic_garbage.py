"""Cleaning a text leaves no reference cycles: each document's objects are freed by reference counting.

Python code here makes none, but mypyc does for nested functions: the closure's environment object holds the
function, which holds the environment. One such closure in a per-document function left ~110 objects per document
(its lines, proposals and the context they reach) waiting for the cyclic collector, which then ran more often and
walked every long-lived table (BENCHMARKS.md, twenty-sixth round). The compiled build runs this test too (.ci/run).
"""

from __future__ import annotations

import collections
import gc
import importlib
import pkgutil
from collections.abc import Iterator

import pytest

import cleaner
from cleaner.pipeline import Cleaner
from tests.conftest import FIXTURES


def _import_every_module() -> None:
    """Every module of the package imported (those of uninstalled extras skipped). A `dataclass(slots=True)` class is
    made twice at import, and the first is a cycle: an import that happens to fall in the checked documents (a module
    imported lazily, whose first caller only a later page reaches) is a one-off, not a cycle per document."""
    for module in pkgutil.walk_packages(cleaner.__path__, "cleaner."):
        if module.name.endswith(".__main__"):  # runs the command line
            continue
        try:
            importlib.import_module(module.name)
        except ImportError:
            continue


@pytest.fixture
def saved_garbage() -> Iterator[list[object]]:
    """The collector off, and what it would free kept in `gc.garbage` to be named, as the test leaves it. The
    package's modules are imported first, while the collector still frees what imports leave."""
    _import_every_module()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield gc.garbage
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_cleaning_text_leaves_no_cycles(saved_garbage: list[object]) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))]
    # Warmed on half, checked on the other: first-use tables and memos are built, and the checked pages are new.
    warm, checked = texts[::2], texts[1::2]
    cleaning = Cleaner()
    for text in warm:
        cleaning.clean(text)
    gc.collect()
    saved_garbage.clear()
    for text in checked:
        cleaning.clean(text)
    gc.collect()
    kinds = collections.Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in saved_garbage)
    assert not kinds, f"cyclic garbage after {len(checked)} documents: {kinds.most_common(12)}"
