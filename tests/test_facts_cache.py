"""The on-disk cache of the prefilter's pattern analysis changes speed only, never an answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.rules import facts_cache, load_rules
from cleaner.rules.prefilter import required_literals, required_suffixes


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(facts_cache.DISABLE_ENV, raising=False)
    return tmp_path / "cleaner"


def _answers(patterns: list[tuple[str, bool]]) -> list[object]:
    return [(required_literals(p, i), required_suffixes(p, i)) for p, i in patterns]


def _shipped() -> list[tuple[str, bool]]:
    return [(r.trigger, r.ignorecase) for r in load_rules().rules]


def test_answers_read_back_from_the_file_equal_derived_ones(cache_home: Path) -> None:
    patterns = _shipped()
    derived = _answers(patterns)
    facts_cache.shared().save()
    [written] = list(cache_home.iterdir())
    facts_cache.shared.forget()  # a new process: everything comes from the file
    assert _answers(patterns) == derived
    assert facts_cache.shared()._dirty is False
    assert written.exists()


def test_a_corrupt_file_is_ignored_and_replaced(cache_home: Path) -> None:
    cache_home.mkdir(parents=True)
    path = cache_home / facts_cache._FILE_NAME
    path.write_text('{"literals\\u00000\\u0000Advertisement": [["Nonsense"], 7]', encoding="utf-8")
    facts_cache.shared.forget()
    assert required_literals("Advertisement") == (("Advertisement",), False)
    facts_cache.shared().save()
    facts_cache.shared.forget()
    assert facts_cache.shared()._load()["literals\x000\x00Advertisement"] == [["Advertisement"], False]


def test_an_entry_of_the_wrong_shape_is_derived_again(cache_home: Path) -> None:
    facts_cache.shared.forget()
    shared = facts_cache.shared()
    shared._load()["literals\x000\x00Advertisement"] = [["Nonsense"], 7]
    assert required_literals("Advertisement") == (("Advertisement",), False)


def test_disabled_cache_writes_nothing(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(facts_cache.DISABLE_ENV, "1")
    assert required_literals("(?i)Newsletter") == (("newsletter",), True)
    facts_cache.shared().save()
    assert not cache_home.exists()


def test_shipped_rule_files_read_back_from_the_file_equal_parsed_ones(cache_home: Path) -> None:
    from cleaner.rules import loader

    files = loader.builtin_rule_files()
    parsed = [loader.load_rule_file(label, text, compile_site_rules=False) for label, text in files]
    assert [loader.load_rule_file(lb, t, compile_site_rules=False, remember=True) for lb, t in files] == parsed
    facts_cache.shared().save()
    facts_cache.shared.forget()  # a new process: the tables come from the file, no file is parsed
    remembered = [loader.load_rule_file(lb, t, compile_site_rules=False, remember=True) for lb, t in files]
    assert remembered == parsed
    assert facts_cache.shared()._dirty is False
    # An edited file is a different key: parsed afresh, and the edit shows.
    label, text = files[0]
    edited = text.replace('why = "', 'why = "Edited. ', 1)
    (first, *_), _ = loader.load_rule_file(label, edited, compile_site_rules=False, remember=True)
    assert first.why is not None and first.why.startswith("Edited. ")
    assert facts_cache.shared()._dirty is True
