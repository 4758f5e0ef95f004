"""Tidy what caption rules capture, so image[] holds one clean caption and one credit."""

from __future__ import annotations

from cleaner.rules.patterns import compiled

_SPACES = compiled(r"\s+")


def normalise_credit(credit: str) -> str:
    """Collapse a credit repeated by the template ("Alamy Stock Photo Alamy Stock Photo")."""
    words = _SPACES.sub(" ", credit).strip().split(" ")
    for size in range(1, len(words) // 2 + 1):
        if len(words) % size == 0:
            unit = words[:size]
            if unit * (len(words) // size) == words:
                return " ".join(unit)
    return " ".join(words)


def normalise_caption(caption: str) -> str:
    """Single spaces, no dangling separators left by the credit that was cut off."""
    return _SPACES.sub(" ", caption).strip(" |-–—")
