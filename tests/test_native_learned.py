"""The learned stage's gate kernel gives its pure twin's answers (issue 13; cleaner/learned/_reading.pyx, setup.py's
NATIVE).

The kernel is built by the compiled build only (`CLEANER_COMPILE=1`): in the plain install every test here skips with
that reason. cleaner/learned is never compiled by mypyc, so the twin `learned._worth_reading` runs here as the pure
build runs it; it is compared with the kernel on generated views (whitespace of every kind around short and long
lines, sentence ends, None and blank lines, margins of either sign, lazy iterables) and on every view of the dev
corpus's text renderings, cut at each line.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import learned
from cleaner.lines import split_lines
from tests.conftest import require_corpus, require_kernel

WHITESPACE = [chr(c) for c in range(0x3001) if chr(c).isspace()] + ["\u200b", "\ufeff", "\x85"]
ENDS = sorted(learned.SENTENCE_END)


@pytest.fixture(scope="module")
def kernel() -> ModuleType:
    return require_kernel("cleaner.learned._reading")


def test_the_module_uses_the_kernel_when_built(kernel: ModuleType) -> None:
    from cleaner import native

    if native.SWITCH in os.environ:
        pytest.skip(f"{native.SWITCH} is set")
    assert learned.worth_reading is kernel.worth_reading


def _both(kernel: ModuleType, view: Sequence[str | None], margin: int) -> None:
    expected = learned._worth_reading(view, margin)
    assert kernel.worth_reading(view, margin) == expected
    assert kernel.worth_reading(iter(view), margin) == expected  # a lazy iterable, read as far as needed
    if margin == 0:
        assert kernel.worth_reading(view) == expected


@st.composite
def _lines(draw: st.DrawFn) -> str | None:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return None
    pad = st.text(st.sampled_from(WHITESPACE), max_size=3)
    body = draw(st.text(st.sampled_from([*"abc Zé.", "\u3000", "\xa0", "„", "“", *ENDS]), min_size=0, max_size=6))
    size = draw(st.sampled_from([0, 1, 60, 68, 69, 70, 71, 120]))
    body = (body * (size // max(len(body), 1) + 1))[:size] if body else body
    tail = draw(st.sampled_from(["", "", *ENDS, "x", " "]))
    return draw(pad) + body + tail + draw(pad)


@settings(max_examples=400, deadline=None)
@given(st.lists(_lines(), max_size=30), st.integers(-4, 9))
def test_generated_views_are_judged_as_the_twin_judges_them(
    kernel: ModuleType, view: list[str | None], margin: int
) -> None:
    _both(kernel, view, margin)


def test_edges(kernel: ModuleType) -> None:
    short = "Home"
    for view in (
        [],
        [None] * 30,
        [""] * 30,
        [" \t\u3000"] * 30,
        [short] * 7,
        [short] * 9,
        [short] * 10,
        [f"  {short}\u2003"] * 10,
        ["x" * 69] * 10,
        ["x" * 70] * 10,
        [" " + "x" * 69 + " "] * 10,
        ["Ende."] * 10,
        ["Ende.“"] * 10,
        ["Ende. "] * 10,
        ["é" * 69 + "\u3000"] * 10,
        ["Σ" * 10 + "\x1c"] * 10,
    ):
        for margin in (-3, 0, 2, 8, 20):
            _both(kernel, view, margin)


def _views() -> Iterator[list[str]]:
    corpus = require_corpus()
    for path in sorted(corpus.glob("*/*/*.txt")):
        yield split_lines(path.read_text(encoding="utf-8"))


def test_dev_corpus_views_and_their_cuts(kernel: ModuleType) -> None:
    """Every dev text rendering, whole and from each of its first lines down, with the margins the callers use."""
    seen = 0
    for lines in _views():
        for start in range(min(len(lines), 12)):
            view = lines[start:]
            for margin in (-2, 0, 2):
                _both(kernel, view, margin)
        seen += 1
    assert seen
