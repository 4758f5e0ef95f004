"""benchmarks/headline_ab.py: both versions run on the same recorded calls, and differences are counted."""

from __future__ import annotations

from types import ModuleType

from tests.conftest import ROOT, load_script, require_source


def _module() -> ModuleType:
    return load_script("headline_ab", ROOT / "benchmarks" / "headline_ab.py")


def test_the_same_code_on_both_sides_gives_no_difference() -> None:
    require_source("cleaner")  # both sides are copies of the checkout's package
    ab = _module()
    lines = ("Home", "Council approves new budget for schools", "By Ann Lee", "The council voted on Tuesday.")
    call = ab.Call("sh", "p1", "article.txt", (lines, lines), {"url": "https://example.com/council-approves-budget"})
    assert ab.compare(ROOT, [call], rounds=1, quiet=set()) == 0
