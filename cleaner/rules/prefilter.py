"""Which rules can match a line, answered cheaply before any rule's regex runs.

This module is over 350 lines on purpose: it is the whole prefilter (literal and suffix analysis
of patterns, the prefix/length index, document-wide scans for broad rules, and the one cache of
per-line answers), kept apart from `engine.py`, which only says what each action does.

Nearly every chrome rule needs some word ("Advertisement", "Getty Images", "newsletter"). If none
of a rule's required literals occurs in a document, the rule cannot fire anywhere in it, and a
C-level `in` test replaces thousands of regex calls. The analysis is conservative: whenever a
construct is not understood, the rule simply has no literals and is always tried.
"""

from __future__ import annotations

import bisect
import importlib
import itertools
import math
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from cleaner.rules import facts_cache
from cleaner.rules.patterns import compiled_rule_pattern, is_casefold, scoped
from cleaner.rules.schema import Rule

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


Analysis = tuple[tuple[str, ...], bool] | None


def _is_analysis(value: object) -> bool:
    """A cached (strings, flag) pair or null, as JSON gives it back; anything else is corrupt."""
    if value is None:
        return True
    return (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], list)
        and bool(value[0])
        and all(isinstance(x, str) and x for x in value[0])
        and isinstance(value[1], bool)
    )


def _cached(kind: str, pattern: str, ignorecase: bool, derive: Callable[[str, bool], Analysis]) -> Analysis:
    """`derive(pattern, ignorecase)`, remembered across processes (`facts_cache`)."""
    got = facts_cache.shared().get(
        kind, pattern, ignorecase, lambda: _as_json(derive(pattern, ignorecase)), _is_analysis
    )
    return None if got is None else (tuple(got[0]), got[1])


def _as_json(found: Analysis) -> list[Any] | None:
    return None if found is None else [list(found[0]), found[1]]


def required_literals(pattern: str, ignorecase: bool = False) -> Analysis:
    """(literals, casefold): every match contains one of `literals` (lower-cased when casefold).

    None when nothing useful can be said, in which case the rule must always be tried.
    """
    return _cached("literals", pattern, ignorecase, _derive_literals)


def _derive_literals(pattern: str, ignorecase: bool) -> Analysis:
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


def required_suffixes(pattern: str, ignorecase: bool = False) -> Analysis:
    """(suffixes, casefold): every full match ends with one of `suffixes`; None when unsure.

    Caption and credit rules can start with any capital letter but must end in a credit; this
    lets the engine skip them with one `str.endswith` on every line that ends in a full stop.
    """
    return _cached("suffixes", pattern, ignorecase, _derive_suffixes)


def _derive_suffixes(pattern: str, ignorecase: bool) -> Analysis:
    tree = _parse(pattern)
    found = _suffixes(list(tree)) if tree is not None else None
    if not found or "" in found:
        return None
    casefold = _casefold(pattern, ignorecase, tree)
    return tuple(sorted({x.lower() for x in found} if casefold else found)), casefold


# Per-call regex budget. A catastrophic pattern on a pathological line gives up after this and
# the line is kept, so one bad rule cannot hang a batch; 0.25 s is ~1000x a normal match.
MATCH_TIMEOUT_S = 0.25
# Lines are indexed by their first PREFIX_CHARS characters and their length bucket; a key's
# candidate rules are those that can still match a line with that prefix (asked of the regex
# engine by partial matching) and whose word cap admits that length. Three characters separate
# "The …" from "Thu 16 Jan"; longer prefixes multiply keys for little gain (measured on article.txt).
PREFIX_CHARS = 3
# Word counts up to this are their own bucket; longer lines share power-of-two buckets.
EXACT_WORD_BUCKETS = 16
# A rule that can start with this many of the 26 capital letters (caption rules: "any capital, then
# a credit at the end") is a candidate on nearly every line; its literals are looked for once in the
# whole document instead, and it is skipped on every line of a document that lacks them.
BROAD_START_CHARS = 20
_START_PROBE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Answers for lines up to this long are remembered (nav items, labels, credits repeat across a
# site's pages; paragraphs do not), at most this many, so the cache stays under ~20 MB.
LINE_CACHE_MAX_CHARS = 160
LINE_CACHE_MAX_ENTRIES = 50_000
# The per-scope index is dropped and rebuilt past this many keys, bounding memory in long runs.
MAX_INDEX_KEYS = 100_000


def _compile(pattern: str, ignorecase: bool) -> regex.Pattern[str]:
    # One compiled object per pattern and process, shared with validation (`patterns.compiled`).
    return compiled_rule_pattern(pattern, ignorecase)


@dataclass(slots=True)
class Compiled:
    """One rule with its cheap necessary conditions; its regexes compile on first need.

    `regex` compiles in pure Python, and most rules never fire on a given page: a rule with
    required literals compiles only once a document holds one of them (`Prefilter.prepare`).
    """

    rule: Rule
    order: int
    literals: re.Pattern[str] | None
    literal_strings: tuple[str, ...]
    casefold: bool
    suffixes: tuple[str, ...]
    suffix_casefold: bool
    broad: bool = False
    rx: regex.Pattern[str] | None = None  # the trigger, once compiled

    @property
    def trigger(self) -> regex.Pattern[str]:
        """The compiled trigger (compiling it now if no document has needed it yet)."""
        if self.rx is None:
            self.rx = _compile(self.rule.trigger, self.rule.ignorecase)
        return self.rx

    @property
    def until(self) -> regex.Pattern[str] | None:
        """The compiled block end (a cache hit after the first block of this rule)."""
        return _compile(self.rule.until, self.rule.ignorecase) if self.rule.until else None

    @property
    def while_(self) -> regex.Pattern[str] | None:
        """The compiled block continuation (a cache hit after the first block of this rule)."""
        return _compile(self.rule.while_, self.rule.ignorecase) if self.rule.while_ else None


@dataclass(slots=True)
class Scope:
    line_rules: list[Compiled]
    trim_rules: list[Compiled]
    trim_gate: re.Pattern[str] | None
    index: _Index
    broad_scans: list[_BroadScan] = field(default_factory=list)
    # Rules whose trigger no document has needed yet (see Compiled).
    pending: list[Compiled] = field(default_factory=list)
    _trim_any: regex.Pattern[str] | None = None

    def trim_any(self) -> regex.Pattern[str] | None:
        """All trim rules as one alternation, compiled on the first line that passes the gate."""
        if self._trim_any is None and self.trim_rules:
            self._trim_any = _combined(self.trim_rules)
        return self._trim_any

    def compile_live(self, text: str, folded: str) -> None:
        """Compile every pending rule that can fire in this document (a literal of it occurs in it).

        A line holds a literal only if its document does, so the index, built over compiled rules
        only, still names every rule that can match any line of this document once it has taken
        in the newly compiled ones.
        """
        if not self.pending:
            return
        still: list[Compiled] = []
        for c in self.pending:
            if c.literals is None or any(lit in (folded if c.casefold else text) for lit in c.literal_strings):
                c.trigger  # noqa: B018 - compiles it
            else:
                still.append(c)
        if len(still) != len(self.pending):
            self.index.add_live([c for c in self.pending if c.rx is not None])
            self.pending = still


@dataclass(slots=True)
class _BroadScan:
    """One document-wide search for the literals of all broad rules sharing a case mode."""

    casefold: bool
    pattern: re.Pattern[str]
    rules_by_literal: dict[str, list[int]]

    @staticmethod
    def build(rules: Sequence[Compiled], casefold: bool) -> _BroadScan:
        lits = sorted({x for c in rules for x in c.literal_strings}, key=len, reverse=True)
        # A match reports the longest literal at its position; every rule with a literal inside it
        # ("AP" inside "AP Photo") is satisfied by that line too.
        by_lit = {lit: [id(c) for c in rules if any(x in lit for x in c.literal_strings)] for lit in lits}
        return _BroadScan(casefold, re.compile("|".join(re.escape(x) for x in lits)), by_lit)


def _bucket(words: int) -> int:
    """Length key: exact for short lines, else the lower bound of a power-of-two band."""
    if words <= EXACT_WORD_BUCKETS:
        return words
    band = EXACT_WORD_BUCKETS
    while band * 2 < words:
        band *= 2
    return band + 1


@dataclass(slots=True)
class _Index:
    """Which line rules can match a line, keyed by the line's first characters and length.

    The regex engine itself answers whether a rule can start with a prefix (a partial match), so
    the index is exact for any pattern and needs no hints from rule authors. Candidates are then
    tried one by one, each behind its cheap necessary conditions (required suffix, required
    literal): with the `regex` module a combined alternation measured slower than separate
    anchored patterns (1.25 s vs 0.56 s over the dev corpus's article.txt lines), as the research
    notes predicted.
    """

    rules: list[Compiled]
    # Each entry remembers how many rules of `live` it has asked: a rule compiled later is asked
    # about that prefix on the next lookup, and the rules asked before are not asked again.
    by_key: dict[tuple[str, int], tuple[list[Compiled], int]] = field(default_factory=dict)
    by_prefix: dict[str, tuple[list[Compiled], int]] = field(default_factory=dict)
    # The compiled rules, in the order they were compiled (only they can fire; see Scope.compile_live).
    live: list[Compiled] = field(default_factory=list)

    def add_live(self, rules: Sequence[Compiled]) -> None:
        """Take in newly compiled rules; entries catch up on them when next looked up.

        Clearing the index instead re-asked every rule about every prefix after each document that
        compiled a rule (~7% of the text path's CPU on the dev corpus).
        """
        self.live.extend(rules)

    def _starting_with(self, prefix: str) -> list[Compiled]:
        """Rules that can match a line starting with `prefix`; each level narrows the one before,
        so a rule is asked about a prefix only if it survived the prefix one character shorter."""
        n_live = len(self.live)
        entry = self.by_prefix.get(prefix)
        if entry is not None and entry[1] == n_live:
            return entry[0]
        parent = self.live if len(prefix) == 1 else self._starting_with(prefix[:-1])
        members, asked = entry if entry is not None else ([], 0)
        # Only compiled rules: the others cannot fire in any document seen so far.
        if asked < n_live:
            in_parent = {id(c) for c in parent}
            new = [
                c
                for c in self.live[asked:]
                if id(c) in in_parent and c.rx is not None and c.rx.fullmatch(prefix, partial=True) is not None
            ]
            if new:
                members = sorted([*members, *new], key=lambda c: c.order)
        if len(self.by_prefix) >= MAX_INDEX_KEYS:
            self.by_prefix.clear()
        self.by_prefix[prefix] = (members, n_live)
        return members

    def candidates(self, s: str, words: int) -> list[Compiled]:
        """The rules, in priority order, that can match the stripped line `s`."""
        key = (s[:PREFIX_CHARS], _bucket(words))
        entry = self.by_key.get(key)
        if entry is not None and entry[1] == len(self.live):
            return entry[0]
        if len(self.by_key) >= MAX_INDEX_KEYS:
            self.by_key.clear()
        members = [c for c in self._starting_with(key[0]) if _cap(c.rule) >= key[1]]
        self.by_key[key] = (members, len(self.live))
        return members


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def capital_starts(pattern: str, ignorecase: bool) -> int:
    """How many of the 26 capitals a match can start with (asked of `regex` by partial matching)."""

    def derive() -> int:
        rx = _compile(pattern, ignorecase)
        return sum(1 for ch in _START_PROBE if rx.fullmatch(ch, partial=True) is not None)

    return int(facts_cache.shared().get("starts", pattern, ignorecase, derive, _is_count))


def _build_scope(rules: Sequence[Rule]) -> Scope:
    line_rules: list[Compiled] = []
    trim_rules: list[Compiled] = []
    for order, r in enumerate(rules):
        lits = (
            (r.requires, is_casefold(r.trigger, r.ignorecase))
            if r.requires
            else required_literals(r.trigger, r.ignorecase)
        )
        sfx = required_suffixes(r.trigger, r.ignorecase)
        c = Compiled(
            rule=r,
            order=order,
            literals=_literal_matcher(lits[0], lits[1]) if lits else None,
            literal_strings=tuple(x.lower() if lits[1] else x for x in lits[0]) if lits else (),
            casefold=bool(lits and lits[1]),
            suffixes=sfx[0] if sfx else (),
            suffix_casefold=bool(sfx and sfx[1]),
        )
        (trim_rules if r.action == "trim" else line_rules).append(c)
    for c in line_rules:
        c.broad = c.literals is not None and capital_starts(c.rule.trigger, c.rule.ignorecase) >= BROAD_START_CHARS
    broad = [c for c in line_rules if c.broad]
    scans = [
        _BroadScan.build([c for c in broad if c.casefold == fold], fold)
        for fold in (False, True)
        if any(c.casefold == fold for c in broad)
    ]
    facts_cache.shared().save()
    return Scope(line_rules, trim_rules, _trim_gate(trim_rules), _Index(line_rules), scans, list(line_rules))


def _trim_gate(rules: Sequence[Compiled]) -> re.Pattern[str] | None:
    """Case-folded literals of all trim rules: a line with none of them skips every trim."""
    if not rules or any(c.literals is None for c in rules):
        return None
    # Case-folding every literal is a superset test, so it stays sound for case-sensitive rules.
    lits = {x.lower() for c in rules for x in c.literal_strings}
    return _literal_matcher(sorted(lits), casefold=True)


def _literal_matcher(literals: Sequence[str], casefold: bool) -> re.Pattern[str]:
    """One stdlib pattern of escaped literals: C-speed search, longest first so none shadows another."""
    lits = sorted({x.lower() if casefold else x for x in literals}, key=len, reverse=True)
    return re.compile("|".join(re.escape(x) for x in lits))


def _present(c: Compiled, text: str, folded: str) -> bool:
    """A rule with required literals can only fire where one of them occurs."""
    assert c.literals is not None
    return c.literals.search(folded if c.casefold else text) is not None


def _cap(rule: Rule) -> float:
    return float(rule.max_words) if rule.max_words is not None else math.inf


def _combined(items: list[Compiled]) -> regex.Pattern[str]:
    return regex.compile("|".join(scoped(c.rule.trigger, c.rule.ignorecase) for c in items))


def word_count(s: str) -> int:
    return len(s.split())


class Prefilter:
    """The compiled scopes of a RuleSet plus the one cache of per-line answers."""

    def __init__(self, generic: Sequence[Rule], sites: dict[str, Sequence[Rule]]) -> None:
        self.generic = _build_scope(generic)
        # A site's scope is built the first time a page of that site comes: most runs see few sites,
        # and building all of them was a large share of `cleaner clean FILE`'s start-up.
        self.site_rules = dict(sites)
        self._site_scopes: dict[str, Scope] = {}
        self._line_cache: dict[tuple[str, str], tuple[Compiled, regex.Match[str]] | None] = {}

    def scopes(self, site_keys: Sequence[str]) -> list[Scope]:
        """Site rules come first: they know the template, so they win over a generic guess."""
        return [self.site_scope(k) for k in site_keys if k in self.site_rules] + [self.generic]

    def site_scope(self, key: str) -> Scope:
        """The compiled scope of one site's rules, built on first use."""
        scope = self._site_scopes.get(key)
        if scope is None:
            scope = self._site_scopes[key] = _build_scope(self.site_rules[key])
        return scope

    def cached_match(
        self,
        scopes: list[Scope],
        scope_key: str,
        s: str,
        i: int,
        broad_lines: dict[int, set[int]],
        warnings: list[str],
    ) -> tuple[Compiled, regex.Match[str]] | None:
        """_match, remembered for short lines: template chrome repeats on every page of a site.

        The answer depends only on the line and the active scopes (a broad rule's literals are in
        the document exactly when they are in one of its lines), so it is safe to reuse.
        """
        if len(s) > LINE_CACHE_MAX_CHARS:
            return self.match(scopes, s, i, broad_lines, warnings)
        key = (scope_key, s)
        try:
            return self._line_cache[key]
        except KeyError:
            pass
        n_warnings = len(warnings)
        hit = self.match(scopes, s, i, broad_lines, warnings)
        if len(warnings) == n_warnings:  # a timed-out answer is not final
            if len(self._line_cache) >= LINE_CACHE_MAX_ENTRIES:
                self._line_cache.clear()
            self._line_cache[key] = hit
        return hit

    def match(
        self,
        scopes: list[Scope],
        s: str,
        i: int,
        broad_lines: dict[int, set[int]],
        warnings: list[str],
        skip: Collection[int] = (),
    ) -> tuple[Compiled, regex.Match[str]] | None:
        """The first rule (site scopes first) whose trigger matches `s`; rules whose id() is in `skip` pass."""
        words = word_count(s)
        folded: str | None = None
        for scope in scopes:
            for c in scope.index.candidates(s, words):
                if skip and id(c) in skip:
                    continue
                rule = c.rule
                if c.broad:
                    if i not in broad_lines[id(c)]:
                        continue
                    literal_checked = True
                else:
                    literal_checked = False
                if c.suffixes:
                    if c.suffix_casefold:
                        if folded is None:
                            folded = s.lower()
                        if not folded.endswith(c.suffixes):
                            continue
                    elif not s.endswith(c.suffixes):
                        continue
                if c.literals is not None and not literal_checked:
                    if folded is None:
                        folded = s.lower()
                    if not _present(c, s, folded):
                        continue
                try:
                    m = c.trigger.fullmatch(s, timeout=MATCH_TIMEOUT_S)
                except TimeoutError:
                    warnings.append(f"{rule.id} timed out on a line of {len(s)} characters; line kept")
                    continue
                if m is not None:
                    return c, m
        return None

    @staticmethod
    def broad_rule_lines(scopes: list[Scope], stripped: list[str]) -> dict[int, set[int]]:
        """For each broad rule (by object id), the lines that hold one of its literals.

        One scan of the whole document per broad rule replaces a literal test on every line.
        First, every rule that can fire in this document is compiled (`Scope.compile_live`).
        """
        whole = "\n".join(stripped)
        whole_folded: str | None = None
        for scope in scopes:
            if scope.pending:
                if whole_folded is None:
                    whole_folded = whole.lower()
                scope.compile_live(whole, whole_folded)
        out: dict[int, set[int]] = {
            c_id: set()
            for scope in scopes
            for scan in scope.broad_scans
            for ids in scan.rules_by_literal.values()
            for c_id in ids
        }
        if not out:
            return out
        text = whole
        folded = whole_folded
        # Where each line starts in `whole`.
        starts = list(itertools.accumulate((len(line) + 1 for line in stripped), initial=0))
        starts.pop()
        for scope in scopes:
            for scan in scope.broad_scans:
                if scan.casefold and folded is None:
                    folded = text.lower()
                hay = folded if scan.casefold and folded is not None else text
                # str.find runs at memchr speed; a regex alternation over the same literals
                # measured ~4x slower on the dev corpus's article.txt.
                for lit, ids in scan.rules_by_literal.items():
                    at = hay.find(lit)
                    while at >= 0:
                        row = bisect.bisect_right(starts, at) - 1
                        for c_id in ids:
                            out[c_id].add(row)
                        at = hay.find(lit, starts[row + 1] if row + 1 < len(starts) else len(hay))
        return out
