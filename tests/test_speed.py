"""benchmarks/speed.py: the cleaner is timed warm, but never on a page it has already seen."""

from __future__ import annotations

from tests.conftest import ROOT, load_script

_cleaned: list[str] = []


class _Recorder:
    """A cleaner (copied by pickle, as the benchmark copies the real one) that records each page it cleans."""

    def clean_document(self, doc: str) -> None:
        _cleaned.append(doc)


def test_first_sight_warms_on_other_pages_then_cleans_each_page_once() -> None:
    """With `warm`, no page is cleaned before it is timed (a module-wide memo would flatter it), and each only once;
    the default halves clean every page twice, once in the other half's warm-up."""
    speed = load_script("speed", ROOT / "benchmarks" / "speed.py")
    pages = [f"page {n}" for n in range(6)]
    _cleaned.clear()
    speed.cleaner_seconds(_Recorder(), pages, ["warm a", "warm b"])
    assert _cleaned == ["warm a", "warm b", *pages]
    _cleaned.clear()
    speed.cleaner_seconds(_Recorder(), pages)
    assert _cleaned == pages[:3] + pages[3:] + pages[3:] + pages[:3]


def test_a_forked_measurement_answers_and_leaves_its_memory_behind() -> None:
    """`in_forked_child` hands back the child's answer, and what the child remembered (a module-wide memo filled by
    the timed pages) never reaches the process that forks the next measurement."""
    speed = load_script("speed", ROOT / "benchmarks" / "speed.py")
    _cleaned.clear()

    def measure() -> float:
        _Recorder().clean_document("page")
        return 2.5

    assert speed.in_forked_child(measure) == 2.5
    assert _cleaned == []
