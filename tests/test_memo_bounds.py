"""The memos that outlive a document stay bounded on a long stream of text they have never met (issue 13, target 4).

A memo keyed by a line or a string, left without a bound, grows with every new line a stream brings: the two-worker
stream once peaked at 430 MB against a 300 MB bound that way (BENCHMARKS.md, thirty-sixth round). The stream below is
synthetic and seeded, with ~48,000 distinct lines of the shapes the memos see (prose, bylines, dates, short heads,
menus, credits), so it passes every memo's bound in cleaner/memo_budget.py.
"""

from __future__ import annotations

import gc
import random
import sys
import types
from collections.abc import Iterator
from typing import Any

from cleaner import memo_budget
from cleaner.model import Document
from cleaner.pipeline import Cleaner

DOCS_PER_HALF = 600
LINES_PER_DOC = 40
# The largest bound a cross-document memo may have (memo_budget's constants are all ints).
LARGEST_BOUND = max(v for k, v in vars(memo_budget).items() if k.isupper() and isinstance(v, int))
# A functools cache without a maxsize is keyed by something finite: a rule's pattern compiled the first time a line
# passes its gate, a language's table. After the first half's 24,000 lines only a few keys are new (one rule on this
# stream); a cache keyed by a document or a line gains hundreds in the second half.
FINITE_GROWTH = 50


def _stream(seed: int, n_docs: int) -> Iterator[Document]:
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(3000)]

    def words(n: int) -> str:
        return " ".join(rng.choice(vocab) for _ in range(n))

    def line() -> str:
        k = rng.random()
        if k < 0.5:
            return words(rng.randint(8, 30)).capitalize() + "."
        if k < 0.6:
            return f"By {words(1).capitalize()} {words(1).capitalize()}"
        if k < 0.7:
            month = rng.choice(["January", "Feb", "März", "juin", "Dec"])
            return f"{rng.randint(1, 28)} {month} {rng.randint(1990, 2030)} {rng.randint(0, 23)}:{rng.randint(10, 59)}"
        if k < 0.8:
            return words(rng.randint(1, 4)).title()
        if k < 0.9:
            return f"{words(3)} | {words(2)} | {words(2)}"
        return f"Photo: {words(2).title()} / {words(1).title()} {rng.randint(1, 999)}"

    for n in range(n_docs):
        yield Document(text="\n\n".join(line() for _ in range(LINES_PER_DOC)), source=f"stream-{seed}-{n}")


def _module_namespaces() -> list[dict[str, Any]]:
    return [vars(m) for name, m in list(sys.modules.items()) if name.split(".")[0] == "cleaner"]


def _unbounded_caches() -> dict[str, int]:
    """functools caches without a maxsize: their keys must be finite (a table's code, a rule's pattern)."""
    return {
        f"{ns.get('__name__')}.{attr}": value.cache_info().currsize
        for ns in _module_namespaces()
        for attr, value in list(ns.items())
        if hasattr(value, "cache_info") and value.cache_info().maxsize is None
    }


def _containers(cleaner: Cleaner) -> dict[int, dict[Any, Any] | set[Any] | list[Any]]:
    """Every dict, set and list reachable from the cleaner or the package's modules, by identity. Other packages'
    modules are not entered: their tables are not the cleaner's memos."""
    seen: set[int] = set()
    stack: list[object] = [cleaner, *_module_namespaces()]
    found: dict[int, dict[Any, Any] | set[Any] | list[Any]] = {}
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, str | bytes | int | float | types.ModuleType):
            continue
        seen.add(id(obj))
        if isinstance(obj, dict | set | list):
            found[id(obj)] = obj
        stack.extend(gc.get_referents(obj))
    return found


def test_cross_document_memos_stay_bounded_on_a_stream_of_new_lines() -> None:
    cleaner = Cleaner()
    for doc in _stream(1, DOCS_PER_HALF):
        cleaner.clean_document(doc)
    caches_before = _unbounded_caches()
    sizes_before = {key: len(c) for key, c in _containers(cleaner).items()}
    for doc in _stream(2, DOCS_PER_HALF):
        cleaner.clean_document(doc)
    grown_caches = {
        k: (caches_before.get(k, 0), n)
        for k, n in _unbounded_caches().items()
        if n > caches_before.get(k, 0) + FINITE_GROWTH
    }
    assert not grown_caches, f"functools caches without a maxsize grew with new text: {grown_caches}"
    overgrown = [
        (len(c), repr(list(c)[:2])[:120])
        for key, c in _containers(cleaner).items()
        if len(c) > LARGEST_BOUND and len(c) > sizes_before.get(key, 0)
    ]
    assert not overgrown, f"containers grew past memo_budget's largest bound ({LARGEST_BOUND}): {overgrown}"
