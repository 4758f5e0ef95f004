"""Lower-casing that is CPython's in the compiled build too.

mypyc (mypy 1.20 and later, python/mypy#20948) compiles `s.lower()` on a typed `str` to its own primitive. On
Python 3.11 and 3.12 that primitive lowers a non-ASCII string code point by code point and skips CPython's
Final_Sigma rule: compiled, "ΟΔΟΣ".lower() is "οδοσ", interpreted "οδος". On Greek text the compiled build's words
(the language guess, the stopword shares, the bylines' and dates' look-ups) would then not be the pure build's.
The compiled modules (setup.py's COMPILED) lower through `lower`, which is `str.lower` itself wherever this module's
own `str.lower` keeps the rule (the pure build, Python 3.13+, a fixed mypyc), so only a build that needs the
detour pays for it (tests/test_casing.py; its source test keeps `.lower()` calls out of the compiled modules).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import methodcaller
from typing import Final

_CAPITAL_SIGMA: Final = "\u03a3"
# CPython's own str.lower, called as an object, so that no compiler can put its primitive in its place.
_interpreted_lower: Final[Callable[[str], str]] = methodcaller("lower")


def _typed_lower(text: str) -> str:
    """`text.lower()` as this module's build makes it: mypyc's primitive when compiled, CPython's when not."""
    return text.lower()


def _lower_keeping_final_sigma(text: str) -> str:
    """`str.lower` with the Final_Sigma rule: only a text holding a capital sigma needs CPython's method."""
    if _CAPITAL_SIGMA in text:
        return _interpreted_lower(text)
    return _typed_lower(text)


# A final capital sigma lowers to "ς" before a space and at the end, "σ" inside a word.
_KEEPS_FINAL_SIGMA: Final = _typed_lower("\u0391\u03a3 \u0391\u03a3\u0391") == "\u03b1\u03c2 \u03b1\u03c3\u03b1"
lower: Final[Callable[[str], str]] = str.lower if _KEEPS_FINAL_SIGMA else _lower_keeping_final_sigma
