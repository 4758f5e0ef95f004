"""Find literal strings a pattern cannot match without, so most rules are skipped by a substring test.

Nearly every chrome rule needs some word ("Advertisement", "Getty Images", "newsletter"). If none
of a rule's required literals occurs in a document, the rule cannot fire anywhere in it, and a
C-level `in` test replaces thousands of regex calls. The analysis is conservative: whenever a
construct is not understood, the rule simply has no literals and is always tried.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import regex

# Python >= 3.11 keeps the regex parser in re._parser (sre_parse is its deprecated alias). It is
# private, so it is looked up dynamically; should it ever vanish, parse() fails and every rule is
# simply tried on every line, as if it had no literals.
sre_c: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")

# `regex`-only syntax is rewritten to something the stdlib parser accepts with the same literal
# content: property classes become \w (analysis never runs the result), \x27 stays as is.
_REGEX_ONLY = [
    (regex.compile(r"\\[pP]\{[^}]*\}"), r"\\w"),
    (regex.compile(r"\\[pP][A-Za-z]"), r"\\w"),
]
_REPEATS = {sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", sre_c.MAX_REPEAT)}
_ATOMIC = getattr(sre_c, "ATOMIC_GROUP", None)
# A single required ASCII character is too common to be worth checking on its own; a single
# non-ASCII one (©, ►) is rare enough to rule most documents out.
MIN_USEFUL_LITERAL = 2


def _useful(lit: str) -> bool:
    return len(lit) >= MIN_USEFUL_LITERAL or (len(lit) == 1 and ord(lit) > 127)


Literals = frozenset[str]


def _better(a: Literals | None, b: Literals | None) -> Literals | None:
    """Prefer the set whose weakest literal is longest (rarer in text), then the smaller set."""
    if a is None:
        return b
    if b is None:
        return a
    ka = (min(len(x) for x in a), -len(a))
    kb = (min(len(x) for x in b), -len(b))
    return a if ka >= kb else b


def _required(items: Any) -> Literals | None:
    best: Literals | None = None
    run: list[str] = []

    def flush() -> None:
        nonlocal best
        if run:
            best = _better(best, frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is sre_c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is sre_c.SUBPATTERN:
            best = _better(best, _required(av[-1]))
        elif op is sre_c.BRANCH:
            parts = [_required(b) for b in av[1]]
            if all(p is not None for p in parts):
                best = _better(best, frozenset().union(*parts))  # type: ignore[arg-type]
        elif op in _REPEATS:
            if av[0] >= 1:
                best = _better(best, _required(av[2]))
        elif _ATOMIC is not None and op is _ATOMIC:
            best = _better(best, _required(av))
    flush()
    return best


def _parse(pattern: str) -> Any | None:
    """The stdlib parse tree of a `regex` pattern rewritten to stdlib syntax, or None."""
    probe = pattern
    for rx, repl in _REGEX_ONLY:
        probe = rx.sub(repl, probe)
    try:
        return sre_parse.parse(probe)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None


def _casefold(pattern: str, ignorecase: bool, tree: Any) -> bool:
    # Any (?i anywhere folds the whole set: a case-folded test is a superset, so still sound.
    return ignorecase or "(?i" in pattern or bool(tree.state.flags & re.IGNORECASE)


def required_literals(pattern: str, ignorecase: bool = False) -> tuple[tuple[str, ...], bool] | None:
    """(literals, casefold): every match contains one of `literals` (lower-cased when casefold).

    None when nothing useful can be said, in which case the rule must always be tried.
    """
    tree = _parse(pattern)
    found = _required(tree) if tree is not None else None
    if not found or not all(_useful(x) for x in found):
        return None
    casefold = _casefold(pattern, ignorecase, tree)
    return tuple(sorted({x.lower() for x in found} if casefold else found)), casefold


_ZERO_WIDTH = {sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT}


def _suffixes(items: list[tuple[object, object]]) -> frozenset[str] | None:
    """Strings one of which every match must end with; None as soon as anything is unclear."""
    i = len(items) - 1
    run: list[str] = []
    while i >= 0:
        op, av = items[i]
        if op is sre_c.LITERAL:
            run.append(chr(av))  # type: ignore[arg-type]
        elif op in _ZERO_WIDTH and not run:
            pass
        else:
            break
        i -= 1
    if run:
        return frozenset({"".join(reversed(run))})
    if i < 0:
        return None
    op, av = items[i]
    if op is sre_c.SUBPATTERN:
        return _suffixes(list(av[-1]))  # type: ignore[index]
    if op is sre_c.BRANCH:
        parts = [_suffixes(list(b)) for b in av[1]]  # type: ignore[index]
        if any(p is None for p in parts):
            return None
        return frozenset().union(*parts)  # type: ignore[arg-type]
    if op in _REPEATS:
        inner = _suffixes(list(av[2]))  # type: ignore[index]
        if inner is None:
            return None
        if av[0] >= 1:  # type: ignore[index]
            return inner
        before = _suffixes(items[:i])
        return None if before is None else inner | before
    return None


def required_suffixes(pattern: str, ignorecase: bool = False) -> tuple[tuple[str, ...], bool] | None:
    """(suffixes, casefold): every full match ends with one of `suffixes`; None when unsure.

    Caption and credit rules can start with any capital letter but must end in a credit; this
    lets the engine skip them with one `str.endswith` on every line that ends in a full stop.
    """
    tree = _parse(pattern)
    found = _suffixes(list(tree)) if tree is not None else None
    if not found or "" in found:
        return None
    casefold = _casefold(pattern, ignorecase, tree)
    return tuple(sorted({x.lower() for x in found} if casefold else found)), casefold
