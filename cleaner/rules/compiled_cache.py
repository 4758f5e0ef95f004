"""Compiled `regex` patterns kept on disk between processes, so `cleaner clean FILE` does not re-parse them.

`regex` parses every pattern in pure Python: the rules a page needs, the date forms and the rest
cost 0.3 s of CPU per `cleaner clean FILE` (measured on a dev page), a third of the process. A
compiled pattern pickles as its compiled code (`regex` registers a pickler that rebuilds it with
`_regex.compile`, no parsing), and loading 190 rule patterns that way takes 6 ms instead of 0.29 s.

The file is keyed by Python and `regex` versions (the compiled code is theirs) and holds
(pattern, flags) -> that pattern's own pickle, unpickled when the process first asks for it, so a
process pays for the patterns it uses, not for all the file holds. The file keeps every pattern any
run compiled (up to MAX_ENTRIES): other rule files, learned templates, earlier versions of edited
rules. On a development machine's file of ~460, a `cleaner clean page.html` used ~110, and rebuilding
all of them took 11 ms against ~2 ms; with a file of one install's ~160 the two are within 1 ms.
Reading it admits no class but `regex`'s own compile function, so a tampered file cannot run
code. A missing, unreadable or corrupt file (or entry) is an empty one: every pattern is then
compiled as before, so the cache changes speed and nothing else. New patterns are written back
once, when the process exits. `CLEANER_NO_CACHE` turns it off, as for facts_cache.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import pickle
import sys
import threading
from pathlib import Path
from typing import Any, TypeAlias

import regex

from cleaner.io.writers import atomic_write_bytes
from cleaner.rules.facts_cache import SharedCache

# Bump when what is stored changes shape: old files are then not read (2: each pattern pickled apart).
CACHE_VERSION = 2
# Past this many patterns a save keeps only those this process used (learned template rules and
# users' own files would otherwise grow the file without bound; the shipped set needs ~700).
MAX_ENTRIES = 5_000
_FILE_NAME = f"compiled-v{CACHE_VERSION}-py{sys.version_info[0]}{sys.version_info[1]}-regex{regex.__version__}.pickle"
# The globals a pickled `regex` pattern names: the C function that rebuilds it from its code, and
# the flag enum its flags are stored as.
_ALLOWED = {("regex._regex", "compile"), ("regex._regex_core", "RegexFlag")}

Key = tuple[str, int]


class _PatternsOnly(pickle.Unpickler):
    """An unpickler that builds nothing but `regex` patterns (and the plain data they are made of)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a compiled pattern")


# A pattern as the file stores it: its own pickle until first asked for, then the pattern.
Stored: TypeAlias = "bytes | regex.Pattern[str]"


def _valid(data: object) -> dict[Key, Stored]:
    """The well-formed entries of a loaded file: a (pattern, flags) key and one pickled pattern each."""
    if not isinstance(data, dict):
        return {}
    return {
        k: v
        for k, v in data.items()
        if isinstance(k, tuple) and len(k) == 2 and isinstance(k[0], str) and isinstance(k[1], int)
        if isinstance(v, bytes)
    }


def _rebuilt(key: Key, stored: bytes) -> regex.Pattern[str] | None:
    """The pattern pickled in `stored` if it is the one `key` names; None for anything else."""
    try:
        found = _PatternsOnly(io.BytesIO(stored)).load()
    except Exception:  # a corrupt or tampered entry is a missing one
        return None
    if isinstance(found, regex.Pattern) and found.pattern == key[0] and found.flags & key[1] == key[1]:
        return found
    return None


class CompiledCache:
    """One process's view of the file: read on first use, written back at exit if it grew."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._patterns: dict[Key, Stored] | None = None
        self._used: set[Key] = set()
        self._dirty = False
        self._lock = threading.Lock()

    def _load(self) -> dict[Key, Stored]:
        if self._patterns is None:
            data: object = None
            if self.path is not None:
                try:
                    data = _PatternsOnly(io.BytesIO(self.path.read_bytes())).load()
                except Exception:  # any unreadable or corrupt file is an empty cache
                    data = None
            self._patterns = _valid(data)
        return self._patterns

    def compile(self, pattern: str, flags: int = 0) -> regex.Pattern[str]:
        """`regex.compile(pattern, flags)`, from the file when an earlier process compiled it."""
        key = (pattern, int(flags))
        with self._lock:
            patterns = self._load()
            stored = patterns.get(key)
            found = _rebuilt(key, stored) if isinstance(stored, bytes) else stored
            if found is not None:
                patterns[key] = found
        if found is None:
            found = regex.compile(pattern, flags)  # a regex.error propagates, and nothing is stored
            with self._lock:
                patterns[key] = found
                if not self._dirty and self.path is not None:
                    atexit.register(self.save)
                self._dirty = True
        self._used.add(key)
        return found

    def save(self) -> None:
        """Write the file atomically if it grew; a folder we cannot write is skipped."""
        with self._lock:
            if not self._dirty or self.path is None or self._patterns is None:
                return
            self._dirty = False
            patterns = self._patterns
            if len(patterns) > MAX_ENTRIES:
                patterns = {k: v for k, v in patterns.items() if k in self._used}
            # At exit, a cache that cannot be written must not print a traceback.
            with contextlib.suppress(Exception):
                stored = {
                    k: v if isinstance(v, bytes) else pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)
                    for k, v in patterns.items()
                }
                atomic_write_bytes(self.path, pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))


shared: SharedCache[CompiledCache] = SharedCache(_FILE_NAME, CompiledCache)
