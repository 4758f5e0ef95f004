"""benchmarks/speed_ab.py: another checkout's package imports beside this one, under its own name."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT, load_script


def _module() -> ModuleType:
    return load_script("speed_ab", ROOT / "benchmarks" / "speed_ab.py")


def test_the_base_copy_imports_only_itself(tmp_path: Path) -> None:
    """Every import of `cleaner` in the copy points at `cleaner_base`, so the two never mix."""
    ab = _module()
    base = ab.import_base(ROOT, tmp_path)
    try:
        cleaner = base["pipeline"].Cleaner()
        record = cleaner.clean("Advertisement\nThe council met on Tuesday. It voted for the plan.").to_dict()
        assert record["articleBody"] == "The council met on Tuesday. It voted for the plan."
        loaded = [name for name in sys.modules if name.startswith("cleaner_base")]
        assert loaded and all(Path(sys.modules[n].__file__ or "").is_relative_to(tmp_path) for n in loaded)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n.startswith("cleaner_base")]:
            del sys.modules[name]


def test_a_renamed_copy_builds_as_cleaner_base_and_is_imported_as_it_is(tmp_path: Path) -> None:
    """`--renamed-copy`: the package and its build files name `cleaner_base` throughout (so a compiled build of it
    imports beside this one), and a folder holding `cleaner_base/` is imported from there, not copied again."""
    ab = _module()
    dest = tmp_path / "src"
    ab.main([str(ROOT), "--renamed-copy", str(dest)])
    assert (dest / "cleaner_base" / "pipeline.py").is_file() and not (dest / "cleaner").exists()
    sources = [
        p.read_text(encoding="utf-8") for suffix in ("*.py", "*.pyx") for p in (dest / "cleaner_base").rglob(suffix)
    ]
    assert any(" cimport " in t for t in sources)
    assert not any("from cleaner." in t or "import cleaner." in t for t in sources)
    setup = (dest / "setup.py").read_text(encoding="utf-8")
    assert '"cleaner_base/heuristics/lang.py"' in setup and '"cleaner/' not in setup
    project = (dest / "pyproject.toml").read_text(encoding="utf-8")
    assert '"cleaner_base.rulesets" = [' in project and '"cleaner.' not in project
    try:
        base = ab.import_base(dest, tmp_path / "unused")
        assert Path(str(base["pipeline"].__file__)).is_relative_to(dest / "cleaner_base")
        assert not (tmp_path / "unused").exists()
    finally:
        sys.path.remove(str(dest))
        for name in [n for n in sys.modules if n.startswith("cleaner_base")]:
            del sys.modules[name]


def test_no_full_collection_is_timed_inside_a_clean() -> None:
    """A full (generation 2) collection walks both sides' heap and lands on whichever side allocates when the count
    runs out, at the same point every round; `_timed_rows` starts none, so none starts while a side's clean is being
    timed, even where every clean leaves thousands of objects alive."""
    import gc

    ab = _module()
    cleaning = [False]
    timed_full: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2 and cleaning[0] and clock.on:
            timed_full.append(1)

    class Doc:
        def __init__(self, text: str) -> None:
            self.text = text

    class Keeper:
        """Keeps what each clean allocates, as the line memos do."""

        def __init__(self) -> None:
            self.kept: list[list[int]] = []

        def clean_document(self, doc: Doc) -> None:
            cleaning[0] = True
            self.kept.extend([k] for k in range(3000))
            cleaning[0] = False

    clock = ab._Clock()  # `on` while the clean is timed (the warm-up's cleans are not)
    gc.callbacks.append(watch)
    try:
        ab._timed_rows(["x"] * 400, {"before": (Keeper, Doc), "after": (Keeper, Doc)}, clock)
    finally:
        gc.callbacks.remove(watch)
        gc.unfreeze()
    assert not timed_full


def test_first_sight_times_each_document_once_on_cleaners_that_never_saw_it() -> None:
    """`--first-sight`: a memo that outlives the cleaner must not have seen a timed document, which the halves'
    schedule cannot promise (half the timed documents were the other half's warm-up)."""
    ab = _module()
    seen: list[tuple[str, bool]] = []
    clock = ab._Clock()

    class Doc:
        def __init__(self, text: str) -> None:
            self.text = text

    class Recorder:
        def clean_document(self, doc: Doc) -> None:
            seen.append((doc.text, clock.on))

    timed = [f"page {n}" for n in range(6)]
    try:
        ab._timed_rows(timed, {"before": (Recorder, Doc), "after": (Recorder, Doc)}, clock, ["warm a", "warm b"])
    finally:
        import gc

        gc.unfreeze()
    assert sorted(text for text, on in seen if on) == sorted(timed * 2)
    assert all(text.startswith("warm") for text, on in seen if not on)


def test_a_memo_dict_stays_as_a_long_run_has_it_between_the_timed_documents() -> None:
    """A full collection between the timed documents would untrack a memo dict whose entries hold no container, and
    every young collection on the next page would then walk it whole, a cost a long run does not pay on every page:
    from the second timed document on, such a memo stays tracked (old, not young), and the collector's thresholds are
    as they were afterwards."""
    import gc

    ab = _module()
    memo: dict[str, tuple[int, str]] = {}
    tracked: list[bool] = []

    class Doc:
        def __init__(self, text: str) -> None:
            self.text = text

    class Memoising:
        def clean_document(self, doc: Doc) -> None:
            if clock.on:
                tracked.append(gc.is_tracked(memo))
            memo[f"{len(memo)}"] = (len(memo), doc.text)  # a new tuple is tracked until a collection looks

    clock = ab._Clock()
    thresholds = gc.get_threshold()
    try:
        ab._timed_rows(["x"] * 20, {"before": (Memoising, Doc), "after": (Memoising, Doc)}, clock, first_sight=["w"])
    finally:
        gc.unfreeze()
    assert len(tracked) == 40 and all(tracked[2:])
    assert gc.get_threshold() == thresholds


def test_each_side_pays_for_walking_what_its_own_cleans_leave_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every collection starts on the clock of the side whose clean left the objects alive, none between two timed
    cleans; and no side's clean starts with what the other side's cleans left in the young generations (until the
    thirty-sixth round the loop collected them untimed before each document: the first side's leftovers were walked on
    the second side's clock, the second's on no clock)."""
    import gc

    ab = _module()
    events: list[str] = []

    class Clock:
        """`time` as `_timed_rows` reads it, each reading logged among the collections."""

        @staticmethod
        def process_time() -> float:
            events.append("clock")
            return 0.0

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and clock.on:
            events.append("collect")

    class Doc:
        def __init__(self, text: str) -> None:
            self.text = text

    kept: dict[str, list[list[int]]] = {"before": [], "after": []}
    foreign: list[bool] = []

    def keeper(side: str, other: str) -> type:
        class Keeper:
            """Keeps what each clean allocates, as the line memos do."""

            def clean_document(self, doc: Doc) -> None:
                if clock.on and kept[other]:
                    young = {id(o) for o in gc.get_objects(0) + gc.get_objects(1)}
                    foreign.append(id(kept[other][-1]) in young)
                kept[side].extend([[k] for k in range(50)])

        return Keeper

    monkeypatch.setattr(ab, "time", Clock)
    clock = ab._Clock()
    gc.callbacks.append(watch)
    try:
        sides = {"before": (keeper("before", "after"), Doc), "after": (keeper("after", "before"), Doc)}
        ab._timed_rows(["x"] * 10, sides, clock, first_sight=["w"])
    finally:
        gc.callbacks.remove(watch)
        gc.unfreeze()
    # "[" and "]": the clock read before and after a side's clean; "c": a collection (the heap's freezing, before the
    # first reading, left out).
    marks: list[str] = []
    readings = 0
    for e in events:
        if e == "clock":
            marks.append("[]"[readings % 2])
            readings += 1
        elif readings:
            marks.append("c")
    # Two readings for each side's clean of each document; between them at least its own collections, and none
    # between one clean's end and the next one's start.
    assert re.fullmatch(r"(\[c+\]){20}", "".join(marks))
    assert foreign and not any(foreign)
