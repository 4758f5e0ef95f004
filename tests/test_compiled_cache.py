"""The on-disk cache of compiled patterns changes speed only: same matches, and a bad file is ignored."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
import regex

from cleaner.rules import compiled_cache, load_rules
from cleaner.rules.compiled_cache import CompiledCache
from cleaner.rules.facts_cache import DISABLE_ENV


def _shipped() -> list[tuple[str, int, tuple[str, ...]]]:
    """(pattern, flags, lines to try) for every shipped rule pattern: its examples, line by line."""
    out = []
    for r in load_rules().rules:
        lines = tuple(x for ex in (*r.drop_examples, *r.keep_examples) for x in ex.split("\n"))
        flags = regex.IGNORECASE if r.ignorecase else 0
        out.extend((p, flags, lines) for p in (r.pattern, r.start, r.until, r.while_) if p)
    return out


def _matches(rx: regex.Pattern[str], lines: tuple[str, ...]) -> list[object]:
    found = [rx.search(x) for x in lines]
    return [None if m is None else (m.span(), m.groupdict()) for m in found]


def test_patterns_read_back_from_the_file_match_as_freshly_compiled_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "compiled.pickle"
    shipped = _shipped()
    first = CompiledCache(path)
    for pattern, flags, _ in shipped:
        first.compile(pattern, flags)
    first.save()

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again instead of read from the file")

    monkeypatch.setattr(regex, "compile", no_parsing)
    later = CompiledCache(path)  # a new process: every pattern comes from the file
    read_back = [(later.compile(p, f), lines) for p, f, lines in shipped]
    monkeypatch.undo()
    for (pattern, flags, lines), (rx, _) in zip(shipped, read_back, strict=True):
        fresh = regex.compile(pattern, flags)
        assert (rx.pattern, rx.flags, rx.groupindex) == (fresh.pattern, fresh.flags, fresh.groupindex)
        assert _matches(rx, lines) == _matches(fresh, lines), pattern


class _Payload:
    """What a tampered file could hold: an object whose unpickling runs a command."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch pwned",))


@pytest.mark.parametrize(
    "content",
    [b"not a pickle", pickle.dumps({("a", 0): _Payload()}), pickle.dumps({("a", 0): pickle.dumps(_Payload())})],
    ids=["corrupt", "code", "code in an entry"],
)
def test_a_bad_file_is_ignored_and_runs_nothing(
    content: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "compiled.pickle"
    path.write_bytes(content)
    cache = CompiledCache(path)
    assert cache.compile("a").fullmatch("a")
    assert not (tmp_path / "pwned").exists()
    cache.save()
    assert CompiledCache(path)._load().keys() == {("a", 0)}


def test_no_cache_setting_keeps_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DISABLE_ENV, "1")
    assert compiled_cache.shared().path is None
