"""Rule and fingerprint patterns as the engine runs them, each compiled once per process.

`regex` parses patterns in pure Python, so compiling is most of a Cleaner's start-up. The loader
compiles each pattern to validate it and the engine and site detector then reuse that object,
through the one cache here, instead of compiling it a second time.
"""

from __future__ import annotations

from functools import cache

import regex

from cleaner.rules import compiled_cache

# A pattern's leading inline flags, e.g. "(?i)"; scoped into a group so they cannot leak.
LEADING_FLAGS = regex.compile(r"^\(\?([aiLmsux]+)\)")


def is_casefold(pattern: str, ignorecase: bool = False) -> bool:
    """True when a pattern matches case-insensitively, by flag or by a leading (?i)."""
    m = LEADING_FLAGS.match(pattern)
    return ignorecase or bool(m and "i" in m.group(1))


def scoped(pattern: str, ignorecase: bool) -> str:
    """Turn leading inline flags into a scoped group, so they cannot leak into a combined pattern."""
    flags = "i" if ignorecase else ""
    m = LEADING_FLAGS.match(pattern)
    if m:
        flags += m.group(1)
        pattern = pattern[m.end() :]
    flags = "".join(sorted(set(flags)))
    return f"(?{flags}:{pattern})" if flags else f"(?:{pattern})"


@cache
def compiled(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """The one compiled form of a pattern in this process: `regex` parses in pure Python, and
    start-up compiled every rule twice (validate, then engine) before this cache. Across
    processes, `compiled_cache` keeps the compiled code on disk."""
    return compiled_cache.shared().compile(pattern, flags)


def compiled_rule_pattern(pattern: str, ignorecase: bool) -> regex.Pattern[str]:
    """A rule pattern as the engine runs it (flags scoped); compiling it is also its validation."""
    return compiled(scoped(pattern, ignorecase))


# Fingerprints search a whole text, so ^ and $ mean a line's ends.
FINGERPRINT_FLAGS = regex.MULTILINE
