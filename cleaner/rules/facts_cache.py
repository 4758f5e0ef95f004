"""The prefilter's analysis of each pattern, remembered on disk between processes.

Working out a pattern's required literals and suffixes parses it with the stdlib's pure-Python
regex parser, and how many capitals it can start with needs the compiled pattern: together most of
building a `Cleaner`, paid again by every `cleaner clean FILE`. The answers depend only on the
pattern text, its flag and the code that derives them, so they are kept in one JSON file under the
user's cache folder, keyed by exactly those. A missing, unreadable or corrupt file is the same as an
empty one: every answer is then derived again, so the cache can change speed and nothing else.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import regex

from cleaner.io.writers import atomic_write_bytes

# Bump when the analysis in prefilter.py changes what it derives: old files are then not read.
ANALYSIS_VERSION = 1
# Set to any value to neither read nor write the cache (tests that time or check the analysis).
DISABLE_ENV = "CLEANER_NO_CACHE"
# Past this many entries a save keeps only those this process used: learned template rules and
# users' own files would otherwise grow the file without bound (the shipped rules need ~600).
MAX_ENTRIES = 20_000
# The stdlib parser and `regex` both shape the answers, so their versions name the file.
_FILE_NAME = f"prefilter-v{ANALYSIS_VERSION}-py{sys.version_info[0]}{sys.version_info[1]}-regex{regex.__version__}.json"

Fact = Any  # a JSON value: lists of strings, booleans, numbers or None


def cache_env() -> tuple[str | None, ...]:
    """The variables `cache_dir` and the off switch read: the cache's path changes only with them."""
    return os.environ.get(DISABLE_ENV), os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME")


def cache_file(name: str) -> Path | None:
    """Where the cache file `name` lives, or None when caching is switched off."""
    return None if os.environ.get(DISABLE_ENV) else cache_dir() / name


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/cleaner, else ~/.cache/cleaner (the XDG base-directory default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cleaner"


class _HasPath(Protocol):
    @property
    def path(self) -> Path | None: ...


CacheT = TypeVar("CacheT", bound=_HasPath)


class SharedCache(Generic[CacheT]):
    """The process-wide cache object for one file, made again only if the environment now points elsewhere.

    The environment the path was worked out from is remembered: working the path out again (pathlib)
    on each of the prefilter's several calls per rule cost 0.05 s of every start-up.
    """

    def __init__(self, file_name: str, make: Callable[[Path | None], CacheT]) -> None:
        self._file_name = file_name
        self._make = make
        self._cache: CacheT | None = None
        self._env: tuple[str | None, ...] = ()

    def __call__(self) -> CacheT:
        env = cache_env()
        if self._cache is None or env != self._env:
            path = cache_file(self._file_name)
            if self._cache is None or self._cache.path != path:
                self._cache = self._make(path)
            self._env = env
        return self._cache

    def forget(self) -> None:
        """Drop the object, as a new process starts without it (the file stays)."""
        self._cache = None


class FactsCache:
    """One process's view of the file: read once, written back only when something new was derived."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._facts: dict[str, Fact] | None = None
        self._used: set[str] = set()
        self._dirty = False

    def _load(self) -> dict[str, Fact]:
        if self._facts is None:
            self._facts = {}
            if self.path is not None:
                try:
                    data = json.loads(self.path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    data = None
                if isinstance(data, dict):
                    self._facts = data
        return self._facts

    def get(
        self, kind: str, pattern: str, flag: bool, derive: Callable[[], Fact], valid: Callable[[Fact], bool]
    ) -> Fact:
        """The remembered answer for (kind, pattern, flag) if `valid`, else `derive()`'s, remembered."""
        facts = self._load()
        key = f"{kind}\x00{int(flag)}\x00{pattern}"
        self._used.add(key)
        if key in facts and valid(facts[key]):
            return facts[key]
        value = derive()
        facts[key] = value
        self._dirty = True
        return value

    def save(self) -> None:
        """Write the file atomically if anything new was derived; a folder we cannot write is skipped."""
        if not self._dirty or self.path is None or self._facts is None:
            return
        self._dirty = False
        if len(self._facts) > MAX_ENTRIES:
            self._facts = {k: v for k, v in self._facts.items() if k in self._used}
        try:
            data = json.dumps(self._facts, ensure_ascii=False, separators=(",", ":"))
            atomic_write_bytes(self.path, data.encode("utf-8"))
        except OSError:
            pass


shared: SharedCache[FactsCache] = SharedCache(_FILE_NAME, FactsCache)
