"""A rule's answer to "can a match start as this opening?" read from a table instead of a partial match.

The prefilter asks each rule, for every new line opening (its first `OPENING_CHARS` characters), whether a match
can start so (`prefilter.Compiled.can_open`): a `regex` partial match of the rule's opening probe, 3-7 us cold, 20-30
new pairs a page at first sight (the largest part left in the rules' first reading, BENCHMARKS.md, thirty-fourth
round). Most triggers open with literals, sets and repeats of them. For those, the openings a match can start as are
a short list of *paths*: per character position, the one-character test the character must pass (and those it must
fail, after a possessive repeat). The table keeps, per position and character, the paths whose test the character
passes, as one int's bits: an opening's answer is a few dictionary reads and `&`s.

It must answer exactly what the probe answers, so a trigger is tabled only when that holds by construction:
- every test is one character against one atom (a literal, a set, a class, `.`), and each atom's answer on a
  character is asked of `regex` itself with the atom's own flags (so case folding is `regex`'s);
- no zero-width test (boundary, anchor, lookaround) and no back-reference is reached before the fourth character:
  there the probe and the trigger differ, and the answer would depend on what follows the opening;
- a possessive repeat is of one atom (it takes the longest run, so the next character must fail the atom), and an
  atomic group cannot complete within the first three characters (it then never commits inside the opening);
- a repeat's body cannot match empty, and the paths stay few.
Anything else is `None`: the rule keeps its probe. tests/test_opening_table.py compares table and probe on every
shipped rule over generated and corpus openings.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import regex
from regex import _regex

from cleaner.rules import facts_cache
from cleaner.rules.patterns import compiled

sre_c: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")

# The longest opening a table answers (prefilter.PREFIX_CHARS); paths are followed one character further, so that
# whatever comes right after an opening (a boundary, the pattern's end, another character) is known.
OPENING_CHARS = 3
_DEPTH = OPENING_CHARS + 1
# Beyond these a trigger is left to its probe: a table this large would cost more to fill than it saves.
MAX_PATHS = 2048
MAX_STEPS = 200_000

# `regex`-only property classes, replaced by private-use placeholders so that the stdlib parser reads the pattern;
# each placeholder's atom is the property's own text again. An escaped backslash is matched first so that `\\p` is
# left alone.
_PROPERTY = re.compile(r"\\\\|\\[pP](?:\{[^}]*\}|[A-Za-z])")
_PLACEHOLDER_BASE = 0xF0000
# `regex` syntax the stdlib parser would read as something else without an error: POSIX classes and fuzzy counts.
_MISREAD = re.compile(r"\[:\^?[a-zA-Z]+:\]|\{\s*[a-zA-Z]")
_NAMED = re.compile(r"\(\?P<\w+>")
_CATEGORIES = {
    sre_c.CATEGORY_DIGIT: r"\d",
    sre_c.CATEGORY_NOT_DIGIT: r"\D",
    sre_c.CATEGORY_SPACE: r"\s",
    sre_c.CATEGORY_NOT_SPACE: r"\S",
    sre_c.CATEGORY_WORD: r"\w",
    sre_c.CATEGORY_NOT_WORD: r"\W",
}
_CONSUMING = {sre_c.LITERAL, sre_c.NOT_LITERAL, sre_c.ANY, sre_c.IN}
_GREEDY = {sre_c.MAX_REPEAT, sre_c.MIN_REPEAT}
_POSSESSIVE = getattr(sre_c, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(sre_c, "ATOMIC_GROUP", None)
_FLAGS = ((sre_c.SRE_FLAG_IGNORECASE, "i"), (sre_c.SRE_FLAG_DOTALL, "s"), (sre_c.SRE_FLAG_ASCII, "a"))

# One position of a path: the atom the character must pass, and the atoms it must fail.
Step = tuple[int, frozenset[int]]
Path = tuple[Step, ...]
State = tuple[Path, frozenset[int]]


class Untabled(Exception):
    """The trigger holds something the table cannot answer exactly."""


# A trigger's paths as JSON (`facts_cache`): [atom sources, paths, lazy], each path a list of [atom, [atoms to
# fail]]; lazy: a lazy repeat is met within the opening (`OpeningTable.sure`).
PathFacts = list[Any] | None


@dataclass(slots=True)
class OpeningTable:
    """One rule's openings as paths: `lengths[n]`, the paths an n-character opening can follow (those of at least n
    characters); `by_pos[i][ord(ch)]`, the paths whose test at position i `ch` passes, filled on first need from
    `literals[i]` (the paths whose test there is one character, under its case folding: most of them, read with one
    look-up) and the other tests in `steps[i]`, each asked of `regex` (`passes`)."""

    sources: list[str]
    literals: list[dict[int, int]]
    steps: list[list[tuple[Step, int]]]
    lengths: list[int]
    # False when a lazy repeat is met within the opening: `regex`'s partial match then also admits an opening whose
    # last character fails the repeat (`[^\n]{1,80}?x` admits "a\n"), which no path does; the table's refusals are
    # then asked of the probe again (`Compiled.can_open`), and only its admissions are read from the table.
    sure: bool = True
    by_pos: list[dict[int, int]] = field(default_factory=list)

    # Per position: no test there but one-character ones, so `literals` is the whole answer and a character it does
    # not hold passes no path (read without a `fill`).
    closed: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.closed = [not steps for steps in self.steps]
        self.by_pos = [
            dict(literals) if closed else {} for literals, closed in zip(self.literals, self.closed, strict=True)
        ]

    def fill(self, pos: int, code: int) -> int:
        """The paths whose test at `pos` the character `code` passes, remembered. The first ASCII character fills
        every ASCII character's answer at once, from each atom's ASCII mask (`ascii_mask`): line openings are mostly
        ASCII, and a rule's first reading on a page otherwise paid a `fill` per new character."""
        if code < 128:
            return self._fill_ascii(pos)[code]
        bits = self.literals[pos].get(code, 0)
        sources = self.sources
        for (atom, fails), paths in self.steps[pos]:
            if paths & ~bits and passes(sources[atom], code) and not any(passes(sources[a], code) for a in fails):
                bits |= paths
        self.by_pos[pos][code] = bits
        return bits

    def _fill_ascii(self, pos: int) -> dict[int, int]:
        answers = dict.fromkeys(range(128), 0)
        literals = self.literals[pos]
        for code in range(128):
            answers[code] = literals.get(code, 0)
        sources = self.sources
        for (atom, fails), paths in self.steps[pos]:
            passing = ascii_mask(sources[atom])
            for a in fails:
                passing &= ~ascii_mask(sources[a])
            while passing:
                low = passing & -passing
                answers[low.bit_length() - 1] |= paths
                passing ^= low
        self.by_pos[pos].update(answers)
        return answers

    def opens(self, head: str) -> bool:
        """What the rule's probe answers for `head` (1 to OPENING_CHARS characters): whether a match can start so."""
        mask = self.lengths[len(head)]
        for pos, ch in enumerate(head):
            if not mask:
                return False
            code = ord(ch)
            bits = self.by_pos[pos].get(code)
            if bits is None:
                bits = 0 if self.closed[pos] else self.fill(pos, code)
            mask &= bits
        return bool(mask)


# Each (atom, character) answer `regex` gave, shared by every rule's table (most atoms recur: `\s`, `\d`, `[^\n]`);
# started over past MAX_ANSWERS.
_ANSWERS: dict[tuple[str, int], bool] = {}
MAX_ANSWERS = 200_000


def passes(source: str, code: int) -> bool:
    """Whether the character `code` matches the atom `source`, as `regex` says."""
    key = (source, code)
    got = _ANSWERS.get(key)
    if got is None:
        if len(_ANSWERS) >= MAX_ANSWERS:
            _ANSWERS.clear()
        got = _ANSWERS[key] = compiled(source).fullmatch(chr(code)) is not None
    return got


# Each atom's ASCII characters that pass it, as the bits of an int, shared by every rule's table.
_ASCII: dict[str, int] = {}


def ascii_mask(source: str) -> int:
    """The ASCII characters (as bits) that match the atom `source`, each asked of `regex` once per process."""
    got = _ASCII.get(source)
    if got is None:
        rx = compiled(source)
        got = _ASCII[source] = sum(1 << code for code in range(128) if rx.fullmatch(chr(code)) is not None)
    return got


# An atom that is one character, case-sensitive or folded (as `_Builder._atom` writes it).
_ONE_CHARACTER = re.compile(r"\\U([0-9a-f]{8})|\(\?i:\\U([0-9a-f]{8})\)")


def _matching(source: str) -> list[int] | None:
    """The characters a one-character atom matches: itself, or under `(?i)` every case `regex` folds together
    (`get_all_cases`, what its matcher compares against); None for any other atom."""
    m = _ONE_CHARACTER.fullmatch(source)
    if m is None:
        return None
    if m.group(1) is not None:
        return [int(m.group(1), 16)]
    return list(_regex.get_all_cases(regex.IGNORECASE | regex.UNICODE, int(m.group(2), 16)))


def opening_paths(pattern: str, ignorecase: bool) -> PathFacts:
    """A rule trigger's paths (`derive_paths`), derived once and kept on disk with the prefilter's other facts: the
    stdlib parser is most of their cost. The table itself (`table_of`) is made when the rule's probe is."""
    got: PathFacts = facts_cache.shared().get(
        "openings", pattern, ignorecase, lambda: derive_paths(pattern, ignorecase), is_path_facts
    )
    return got


def derive_paths(pattern: str, ignorecase: bool) -> PathFacts:
    """[atom sources, paths] of a trigger (the facts of `table_of`), or None when it cannot be tabled exactly."""
    try:
        return _Builder(pattern, ignorecase).facts()
    except (Untabled, re.error, OverflowError, RecursionError, ValueError):
        return None


def is_path_facts(value: object) -> bool:
    """Facts as `derive_paths` makes them, as JSON gives them back; anything else is corrupt."""
    if value is None:
        return True
    if not (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], list)
        and isinstance(value[1], list)
        and isinstance(value[2], bool)
    ):
        return False
    sources, paths, _ = value
    if not all(isinstance(x, str) for x in sources):
        return False
    n = len(sources)

    def atom(x: object) -> bool:
        return type(x) is int and 0 <= x < n

    return all(
        isinstance(p, list)
        and len(p) <= OPENING_CHARS
        and all(
            isinstance(step, list)
            and len(step) == 2
            and atom(step[0])
            and isinstance(step[1], list)
            and all(atom(a) for a in step[1])
            for step in p
        )
        for p in paths
    )


def table_of(facts: list[Any]) -> OpeningTable:
    """The table of `derive_paths`' facts: per position, the paths each character passes as a one-character test,
    and each other distinct test with the bits of the paths holding it."""
    sources, raw, lazy = facts
    paths: list[Path] = [tuple((a, frozenset(fails)) for a, fails in p) for p in raw]
    lengths = [sum(1 << k for k, p in enumerate(paths) if len(p) >= n) for n in range(OPENING_CHARS + 1)]
    matching = [_matching(src) for src in sources]
    literals: list[dict[int, int]] = []
    steps: list[list[tuple[Step, int]]] = []
    for pos in range(OPENING_CHARS):
        by_step: dict[Step, int] = {}
        by_code: dict[int, int] = {}
        for k, p in enumerate(paths):
            if len(p) <= pos:
                continue
            atom, fails = p[pos]
            codes = matching[atom]
            if codes is not None and not fails:
                for code in codes:
                    by_code[code] = by_code.get(code, 0) | (1 << k)
            else:
                by_step[p[pos]] = by_step.get(p[pos], 0) | (1 << k)
        literals.append(by_code)
        steps.append(list(by_step.items()))
    return OpeningTable(list(sources), literals, steps, lengths, sure=not lazy)


def _unnamed(pattern: str) -> str:
    """`pattern` with its groups' names dropped (`(?P<name>` made `(?:`), outside sets and escapes: the stdlib parser
    refuses a name given twice, which `regex` allows in alternatives, and the opening needs no group."""
    out: list[str] = []
    i, n, in_set = 0, len(pattern), False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_set:
            in_set = ch != "]"
        elif ch == "[":
            in_set = True
            out.append(ch)
            i += 1
            for lead in ("^", "]"):
                if pattern.startswith(lead, i):
                    out.append(lead)
                    i += 1
            continue
        elif ch == "(" and (m := _NAMED.match(pattern, i)) is not None:
            out.append("(?:")
            i = m.end()
            continue
        out.append(ch)
        i += 1
    return "".join(out)


class _Builder:
    def __init__(self, pattern: str, ignorecase: bool) -> None:
        if any(ord(ch) >= _PLACEHOLDER_BASE for ch in pattern):
            raise Untabled
        self.properties: list[str] = []
        text = _PROPERTY.sub(self._placeholder, pattern)
        if _MISREAD.search(text):
            raise Untabled
        self.tree = sre_parse.parse(_unnamed(text))
        self.flags = self.tree.state.flags | (sre_c.SRE_FLAG_IGNORECASE if ignorecase else 0)
        self.atom_ids: dict[str, int] = {}
        self.steps = 0
        self.lazy = False

    def _placeholder(self, m: re.Match[str]) -> str:
        if m.group(0) == "\\\\":
            return m.group(0)
        self.properties.append(m.group(0))
        return chr(_PLACEHOLDER_BASE + len(self.properties) - 1)

    def facts(self) -> list[Any]:
        found: set[Path] = set()
        for path, _ in self._seq(list(self.tree), 0, ((), frozenset()), self.flags, self._end):
            # A path that ends before the opening does is kept too: an opening as long as it fully matches.
            found.add(path[:OPENING_CHARS])
            if len(found) > MAX_PATHS:
                raise Untabled
        sources = sorted(self.atom_ids, key=self.atom_ids.__getitem__)
        return [sources, sorted([[a, sorted(fails)] for a, fails in p] for p in found), self.lazy]

    # The walk: each node is given the state so far and a continuation (what follows it), and yields each path.

    def _end(self, st: State) -> Iterator[tuple[Path, bool]]:
        yield st[0], True

    def _seq(
        self, items: list[Any], i: int, st: State, fl: int, k: Callable[[State], Iterator[tuple[Path, bool]]]
    ) -> Iterator[tuple[Path, bool]]:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Untabled
        if i == len(items):
            yield from k(st)
            return
        op, av = items[i]

        def rest(s: State) -> Iterator[tuple[Path, bool]]:
            return self._seq(items, i + 1, s, fl, k)

        if op in _CONSUMING:
            yield from self._consume(st, self._atom(op, av, fl), rest)
        elif op is sre_c.SUBPATTERN:
            _, add, remove, body = av
            yield from self._seq(list(body), 0, st, (fl | add) & ~remove, rest)
        elif op is sre_c.BRANCH:
            for body in av[1]:
                yield from self._seq(list(body), 0, st, fl, rest)
        elif op in _GREEDY:
            self.lazy = self.lazy or op is sre_c.MIN_REPEAT
            yield from self._repeat(av, st, fl, rest)
        elif _POSSESSIVE is not None and op is _POSSESSIVE:
            yield from self._possessive(av, st, fl, rest)
        elif _ATOMIC is not None and op is _ATOMIC:
            yield from self._seq(list(av), 0, st, fl, self._never_completes)
        else:
            raise Untabled  # a zero-width test or a reference within the opening

    def _never_completes(self, st: State) -> Iterator[tuple[Path, bool]]:
        # An atomic group that completes within the opening commits there: the table does not follow that.
        raise Untabled
        yield  # pragma: no cover

    def _consume(
        self, st: State, atom: int, k: Callable[[State], Iterator[tuple[Path, bool]]]
    ) -> Iterator[tuple[Path, bool]]:
        path = (*st[0], (atom, st[1]))
        if len(path) == _DEPTH:
            yield path, False
        else:
            yield from k((path, frozenset()))

    def _repeat(
        self, av: Any, st: State, fl: int, k: Callable[[State], Iterator[tuple[Path, bool]]]
    ) -> Iterator[tuple[Path, bool]]:
        low, high, body = av
        items = list(body)

        def times(count: int, s: State) -> Iterator[tuple[Path, bool]]:
            if count >= low:
                yield from k(s)
            if count < high:
                yield from self._seq(items, 0, s, fl, lambda s2: again(count + 1, s, s2))

        def again(count: int, before: State, s: State) -> Iterator[tuple[Path, bool]]:
            # An iteration that matched empty leaves the state as it was: more of them reach any count up to the
            # most, and the iterations after them are those already followed from `before`.
            if s == before:
                if high >= low:
                    yield from k(s)
                return
            yield from times(count, s)

        yield from times(0, st)

    def _possessive(
        self, av: Any, st: State, fl: int, k: Callable[[State], Iterator[tuple[Path, bool]]]
    ) -> Iterator[tuple[Path, bool]]:
        low, high, body = av
        items = list(body)
        if len(items) != 1 or items[0][0] not in _CONSUMING:
            raise Untabled
        atom = self._atom(items[0][0], items[0][1], fl)

        def run(count: int, s: State) -> Iterator[tuple[Path, bool]]:
            # The run stops at `count` only on a character that fails the atom (or at the text's end).
            if count >= low:
                yield from k((s[0], s[1] | {atom}) if count < high else s)
            if count < high:
                yield from self._consume(s, atom, lambda s2: run(count + 1, s2))

        yield from run(0, st)

    def _atom(self, op: Any, av: Any, fl: int) -> int:
        if op is sre_c.LITERAL:
            src = self._char(av)
        elif op is sre_c.NOT_LITERAL:
            src = f"[^{self._char(av)}]"
        elif op is sre_c.ANY:
            src = "."
        else:
            parts = []
            negate = ""
            for item_op, item_av in av:
                if item_op is sre_c.NEGATE:
                    negate = "^"
                elif item_op is sre_c.LITERAL:
                    parts.append(self._char(item_av))
                elif item_op is sre_c.RANGE:
                    lo, hi = item_av
                    if self._is_placeholder(lo) or self._is_placeholder(hi):
                        raise Untabled
                    parts.append(f"{self._char(lo)}-{self._char(hi)}")
                elif item_op is sre_c.CATEGORY and item_av in _CATEGORIES:
                    parts.append(_CATEGORIES[item_av])
                else:
                    raise Untabled
            src = f"[{negate}{''.join(parts)}]"
        flags = "".join(letter for bit, letter in _FLAGS if fl & bit)
        src = f"(?{flags}:{src})" if flags else src
        return self.atom_ids.setdefault(src, len(self.atom_ids))

    def _is_placeholder(self, code: int) -> bool:
        return _PLACEHOLDER_BASE <= code < _PLACEHOLDER_BASE + len(self.properties)

    def _char(self, code: int) -> str:
        if self._is_placeholder(code):
            return self.properties[code - _PLACEHOLDER_BASE]
        return f"\\U{code:08x}"
