"""A rule pattern loosened so that `regex`'s partial match can be trusted to say "no match starts so".

The prefilter skips a rule on a line when a partial match says no match of the rule can start as the line
starts. `regex` answers that wrongly when a zero-width test meets the end of the partial text: for
`[^\\n]{0,80}?\\bget top` the opening "DH " is refused (the lazy repeat stops at the end, where `\\b` is
false) although "DH get top stories" matches; `.{0,80}?(?<=\\s)get top` refuses "D" the same way. The
probe lets each such test also pass at the end of the text (`\\b` becomes `(?:\\b|\\Z)`, a lookaround
`(?:(?=…)|\\Z)`). That only widens what the pattern accepts, so the probe never refuses an opening the
rule could match; inside the text every test still decides, so the gate keeps its edge.
"""

from __future__ import annotations

from cleaner.rules.patterns import LEADING_FLAGS

# Zero-width escapes whose truth at the end of a partial text depends on what follows it.
_BOUNDARY_ESCAPES = frozenset("bBmM")
_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")
_AT_END = r"|\Z)"


def opening_probe(pattern: str) -> str | None:
    """`pattern` with every boundary and lookaround also true at the end of the text (`pattern` itself when
    it has none); None when it cannot be read here, and the caller then never refuses the rule an opening,
    which is always safe."""
    flags = LEADING_FLAGS.match(pattern)
    verbose = bool(flags and "x" in flags.group(1))
    out: list[str] = []
    closers: list[bool] = []  # per open group: True if it is a lookaround we wrapped
    i, n, changed = 0, len(pattern), False
    in_class = False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= n:
                return None
            nxt = pattern[i + 1]
            if not in_class and nxt in _BOUNDARY_ESCAPES:
                out.append(f"(?:\\{nxt}{_AT_END}")
                changed = True
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
            elif ch == "[":
                return None  # a nested set (regex V1): not read here
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            # A "]" right after "[" or "[^" is a literal member, not the end of the set.
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):
                out.append("]")
                i += 1
            continue
        if verbose and ch == "#":
            end = pattern.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch == "(":
            look = next((a for a in _LOOKAROUNDS if pattern.startswith(a, i)), None)
            if look is not None:
                out.append("(?:" + look)
                closers.append(True)
                changed = True
                i += len(look)
                continue
            closers.append(False)
        elif ch == ")":
            if not closers:
                return None
            if closers.pop():
                out.append(")" + _AT_END)
                i += 1
                continue
        out.append(ch)
        i += 1
    if closers or in_class:
        return None
    return "".join(out) if changed else pattern
