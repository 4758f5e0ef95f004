"""Which rules can match a line, answered cheaply before any rule's regex runs.

This module is over 350 lines on purpose: it is the whole prefilter (literal and suffix analysis
of patterns, the prefix/length index, the document-wide literal scan, and the one cache of
per-line answers), kept apart from `engine.py`, which only says what each action does.

Nearly every chrome rule needs some word ("Advertisement", "Getty Images", "newsletter"): a rule
can only fire on a line that holds one of its required literals. One multi-pattern scan of the
whole document (`literal_scan`) names the lines each such rule can fire on, so the rule's regex
runs only there. The analysis is conservative: whenever a construct is not understood, the rule
simply has no literals and is gated by the prefix index instead.
"""

from __future__ import annotations

import functools
import importlib
import math
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Final

import regex

from cleaner.casing import lower
from cleaner.memo_budget import RULE_LINES
from cleaner.native import kernel
from cleaner.rules import facts_cache, running
from cleaner.rules.literal_scan import CaseScans, backend, line_starts, rules_in
from cleaner.rules.opening_probe import opening_probe
from cleaner.rules.patterns import compiled, compiled_rule_pattern, is_casefold, scoped
from cleaner.rules.schema import Rule

# Python >= 3.11 keeps the regex parser in re._parser (sre_parse is its deprecated alias). It is
# private, so it is looked up dynamically; should it ever vanish, parse() fails and every rule is
# simply tried on every line, as if it had no literals.
sre_c: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")

# `regex`-only syntax is rewritten to something the stdlib parser accepts with the same literal
# content: property classes become \w (analysis never runs the result), \x27 stays as is.
_REGEX_ONLY = [
    (compiled(r"\\[pP]\{[^}]*\}"), r"\\w"),
    (compiled(r"\\[pP][A-Za-z]"), r"\\w"),
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
    """The best of the literal sets every match holds one of (`_conjuncts`), the first of equals."""
    best: Literals | None = None
    for found in _conjuncts(items):
        best = _better(best, found)
    return best


def _conjuncts(items: Any) -> list[Literals]:
    """Every set of literals a match must hold one of, each necessary on its own: `_required`'s candidates, of
    which it keeps the best."""
    found: list[Literals] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            found.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is sre_c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is sre_c.SUBPATTERN:
            found.extend(_conjuncts(av[-1]))
        elif op is sre_c.BRANCH:
            parts = [_required(b) for b in av[1]]
            if all(p is not None for p in parts):
                found.append(frozenset().union(*parts))  # type: ignore[arg-type]
        elif op in _REPEATS:
            if av[0] >= 1:
                found.extend(_conjuncts(av[2]))
        elif _ATOMIC is not None and op is _ATOMIC:
            found.extend(_conjuncts(av))
    flush()
    return found


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
    return tuple(sorted({lower(x) for x in found} if casefold else found)), casefold


# A rule's required literals this short are common in prose ("mail", "tel", "am"): such a rule also needs a literal
# of a second necessary set (`second_literals`), when its pattern has one of literals at least SECOND_MIN_CHARS long.
COMMON_MAX_CHARS = 4
SECOND_MIN_CHARS = 3


def second_literals(pattern: str, ignorecase: bool = False) -> Analysis:
    """(literals, casefold): the best set every match holds one of after `required_literals`' set, each of at least
    SECOND_MIN_CHARS characters; None when there is none. A rule whose first set is common in prose needs a literal
    of this one too (`_second_of`)."""
    return _cached("second", pattern, ignorecase, _derive_second)


def _derive_second(pattern: str, ignorecase: bool) -> Analysis:
    tree = _parse(pattern)
    if tree is None:
        return None
    conjuncts = _conjuncts(tree)
    best = functools.reduce(_better, conjuncts, None)  # `_required`'s set, from the same walk
    second: Literals | None = None
    for found in conjuncts:
        if found != best and min(len(x) for x in found) >= SECOND_MIN_CHARS:
            second = _better(second, found)
    if second is None:
        return None
    casefold = _casefold(pattern, ignorecase, tree)
    return tuple(sorted({lower(x) for x in second} if casefold else second)), casefold


def _second_of(rule: Rule, first: tuple[str, ...], casefold: bool) -> tuple[str, ...]:
    """The second literals a rule's line must hold one of too, when a literal of its first set (`first`, lower-cased
    when `casefold`) is at most COMMON_MAX_CHARS long: the pattern's best set that is not `first` (FTR021, a contact
    line, `requires` "tel", "phone" or "fono", which ~3,000 lines of a dev tf run hold in "hotel" or "telling", and
    matched 6 of them: its pattern needs "fax" or "mail" too). Empty when there is no such set."""
    if not first or min(len(x) for x in first) > COMMON_MAX_CHARS:
        return ()
    for found in (required_literals(rule.trigger, rule.ignorecase), second_literals(rule.trigger, rule.ignorecase)):
        if found is None or found[1] != casefold or set(found[0]) == set(first):
            continue
        implied = all(any(x in lit for x in found[0]) for lit in first)  # every first literal holds a second one
        if not implied and min(len(x) for x in found[0]) >= SECOND_MIN_CHARS:
            return found[0]
    return ()


_ZERO_WIDTH = {sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT}

# For the word bound, `regex`-only classes become \W, which matches white space and other characters alike: \p{Zs}
# is white space, \p{L} is not, and neither may count as a class of white space alone (`_REGEX_ONLY` makes them \w).
_REGEX_ONLY_MIXED = [
    (compiled(r"\\[pP]\{[^}]*\}"), r"\\W"),
    (compiled(r"\\[pP][A-Za-z]"), r"\\W"),
]
# Every character `str.split` splits at (`str.isspace`): what a line's word count counts between.
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
# Classes by whether they can match a white-space character, and whether they match nothing else. `regex`'s \s
# matches exactly `str.isspace`'s characters but \x1c-\x1f, which its \S matches and `str.split` splits at.
_CATEGORY_SPACE = {sre_c.CATEGORY_SPACE, getattr(sre_c, "CATEGORY_UNI_SPACE", sre_c.CATEGORY_SPACE)}
_CATEGORY_NO_SPACE = {
    sre_c.CATEGORY_DIGIT,
    sre_c.CATEGORY_WORD,
    getattr(sre_c, "CATEGORY_UNI_DIGIT", sre_c.CATEGORY_DIGIT),
    getattr(sre_c, "CATEGORY_UNI_WORD", sre_c.CATEGORY_WORD),
}
_REPEAT_MAX = sre_c.MAXREPEAT


def _class_spaces(items: Any) -> tuple[bool, bool]:
    """(can match a white-space character, matches nothing else) for the members of a character class."""
    some = False
    only = True
    for op, av in items:
        if op is sre_c.NEGATE:
            return True, False
        if op is sre_c.LITERAL:
            space = chr(av).isspace()
            some, only = some or space, only and space
        elif op is sre_c.RANGE:
            some = some or any(av[0] <= ord(c) <= av[1] for c in _SPACES)
            only = False
        elif op is sre_c.CATEGORY and av in _CATEGORY_SPACE:
            some = True
        elif op is sre_c.CATEGORY and av in _CATEGORY_NO_SPACE:
            only = False
        else:
            return True, False
    return some, only


def _space_runs(items: Any) -> tuple[int, bool] | None:
    """(at most how many runs of white space a match of `items` holds, whether it holds nothing but white space), or
    None when unbounded or not understood. Each character-wide item that can match white space counts one run; a
    repeat of white space alone (`\\s+`) counts one; a repeat of anything else that can, its bound times its body's."""
    runs = 0
    only = True
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre_c.LITERAL:
            space = chr(av).isspace()
            runs += space
            only = only and space
        elif op in (sre_c.NOT_LITERAL, sre_c.ANY):
            runs += 1
            only = False
        elif op is sre_c.IN or op is sre_c.CATEGORY:
            some, all_space = _class_spaces(av if op is sre_c.IN else [(op, av)])
            runs += some
            only = only and all_space
        elif op is sre_c.SUBPATTERN or (_ATOMIC is not None and op is _ATOMIC):
            inner = _space_runs(av[-1] if op is sre_c.SUBPATTERN else av)
            if inner is None:
                return None
            runs += inner[0]
            only = only and inner[1]
        elif op is sre_c.BRANCH:
            parts = [_space_runs(b) for b in av[1]]
            if any(p is None for p in parts):
                return None
            runs += max(p[0] for p in parts if p is not None)
            only = only and all(p[1] for p in parts if p is not None)
        elif op in _REPEATS:
            inner = _space_runs(av[2])
            if inner is None:
                return None
            if inner[0] == 0 or av[1] == 0:
                only = only and (inner[1] or av[1] == 0)
                continue
            if inner[1]:
                runs += 1
            elif av[1] == _REPEAT_MAX:
                return None
            else:
                runs += inner[0] * av[1]
                only = False
        else:
            return None
    return runs, only


def word_bound(pattern: str, ignorecase: bool = False) -> int | None:
    """At most how many words (`len(s.split())`) a full match of `pattern` holds, or None when that is unbounded
    or not understood. A line of more words cannot match the rule, as if its `max_words` said so (`_word_cap`)."""
    got = facts_cache.shared().get("words", pattern, ignorecase, lambda: _derive_word_bound(pattern), _is_bound)
    return got if isinstance(got, int) else None


def _is_bound(value: object) -> bool:
    """A cached bound or null, as JSON gives it back; anything else is corrupt."""
    return value is None or (type(value) is int and value >= 1)


def _derive_word_bound(pattern: str) -> int | None:
    if "[:" in pattern:  # a POSIX class (`regex`'s [[:space:]]) the stdlib parser reads as literal characters
        return None
    probe = pattern
    for rx, repl in _REGEX_ONLY_MIXED:
        probe = rx.sub(repl, probe)
    try:
        tree = sre_parse.parse(probe)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    found = _space_runs(tree)
    return None if found is None else found[0] + 1


def _word_cap(rule: Rule) -> int | None:
    """The most words a line the rule can match holds: its `max_words`, or fewer when its pattern cannot match more
    (`word_bound`). The word caps gate a line before its opening is asked of a rule's probe and before its trigger is
    tried: a date line's rule (MET003, under the default cap of 60 words) requires "-", and a file-name caption's
    (IMG001) needs none that prose lacks, yet neither matches more than 8 words, or 1. On dev tf at first sight, 9% of
    the probes and 5% of the tries went."""
    bound = word_bound(rule.trigger, rule.ignorecase)
    if rule.max_words is None:
        return bound
    return rule.max_words if bound is None else min(rule.max_words, bound)


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
    return tuple(sorted({lower(x) for x in found} if casefold else found)), casefold


# Per-call regex budget. A catastrophic pattern on a pathological line gives up after this and
# the line is kept, so one bad rule cannot hang a batch; 0.25 s is ~1000x a normal match.
MATCH_TIMEOUT_S = 0.25
# `regex`'s match methods take (string, pos, endpos, concurrent, partial, timeout), and the rules pass them all by
# position: a call with any keyword argument goes through CPython's keyword parser, which makes a str of each of the
# method's keyword names to look it up, ~2.7 us a call (a probe's partial match on an opening costs ~2 us, a trigger's
# try on a line often less). Written `rx.fullmatch(s, None, None, None, partial, timeout)`: pos and endpos None (the
# whole string), concurrent None (the default). tests/test_engine.py pins what each position means.
# Rules without literals are indexed by a line's first PREFIX_CHARS characters and its length
# bucket; a key's candidates are those that can still match a line with that prefix (asked of the
# regex engine by partial matching) and whose word cap admits that length. Three characters separate
# "The …" from "Thu 16 Jan"; longer prefixes multiply keys for little gain (measured on article.txt).
PREFIX_CHARS = 3
# Word counts up to this are their own bucket; longer lines share power-of-two buckets.
EXACT_WORD_BUCKETS = 16
# Answers for lines up to this long are remembered (nav items, labels, credits repeat across a
# site's pages; paragraphs do not), at most memo_budget's count.
LINE_CACHE_MAX_CHARS = 160
LINE_CACHE_MAX_ENTRIES = RULE_LINES
# The per-scope index is dropped and rebuilt past this many keys, bounding memory in long runs.
MAX_INDEX_KEYS = 100_000
# Each scope remembers, for at most this many line openings (first PREFIX_CHARS characters), which rules
# a match of can start so; past it the memo starts over (two ints per opening: well under a few MB).
MAX_OPENINGS = 50_000


def _compile(pattern: str, ignorecase: bool) -> regex.Pattern[str]:
    # One compiled object per pattern and process, shared with validation (`patterns.compiled`).
    return compiled_rule_pattern(pattern, ignorecase)


@dataclass(slots=True)
class Compiled:
    """One rule with its cheap necessary conditions; its regexes compile on first need.

    `regex` compiles in pure Python, and most rules never fire on a given page: a rule with
    required literals compiles only when a line holding one of them first asks for it.
    """

    rule: Rule
    order: int
    literal_strings: tuple[str, ...]  # empty: the rule has no required literal and is indexed instead
    casefold: bool
    suffixes: tuple[str, ...]
    suffix_casefold: bool
    second_strings: tuple[str, ...] = ()  # a second set the line must hold one of too (same case mode), or empty
    rx: regex.Pattern[str] | None = None  # the trigger, once compiled
    probe_rx: regex.Pattern[str] | None = None  # what the opening gates ask, once compiled
    ungated: bool = False  # the probe could not be built: no opening is ever refused this rule
    word_cap: int | None = None  # the most words a line it can match holds (`_word_cap`), None: any number
    until_rx: regex.Pattern[str] | None = None  # the block end, once compiled
    while_rx: regex.Pattern[str] | None = None  # the block continuation, once compiled

    @property
    def trigger(self) -> regex.Pattern[str]:
        """The compiled trigger (compiling it now if no document has needed it yet)."""
        if self.rx is None:
            self.rx = _compile(self.rule.trigger, self.rule.ignorecase)
        return self.rx

    def can_open(self, head: str) -> bool:
        """Whether a match of this rule can start as `head` (a line's first characters). Asked of the
        rule's opening probe, not its trigger: `regex`'s partial match wrongly says no when a boundary or
        lookaround meets the end of `head` (`opening_probe`)."""
        if self.ungated:
            return True
        if self.probe_rx is None:
            probe = opening_probe(self.rule.trigger)
            if probe is None:
                self.ungated = True
                return True
            self.probe_rx = self.trigger if probe == self.rule.trigger else _compile(probe, self.rule.ignorecase)
        try:
            if len(head) <= PREFIX_CHARS:
                # A few characters cannot make a pattern backtrack for long: every path through it consumes
                # them within PREFIX_CHARS steps. The timeout's set-up (two CPU-clock reads) cost more than
                # the match itself, on ~40 probes a document (BENCH_speed.md, seventh round).
                # partial, by position: see MATCH_TIMEOUT_S
                return self.probe_rx.fullmatch(head, None, None, None, True) is not None
            running.checkpoint()
            return self.probe_rx.fullmatch(head, None, None, None, True, MATCH_TIMEOUT_S) is not None
        except TimeoutError:
            return True  # unsure: the full match decides
        except BaseException as exc:
            running.mark(exc, self.rule.id)
            raise

    @property
    def until(self) -> regex.Pattern[str] | None:
        """The compiled block end, kept on the rule: looked up again, each read scoped the pattern's flags (a regex
        match) and hashed it, on every block line `engine._block_line` had not seen."""
        if self.until_rx is None and self.rule.until:
            self.until_rx = _compile(self.rule.until, self.rule.ignorecase)
        return self.until_rx

    @property
    def while_(self) -> regex.Pattern[str] | None:
        """The compiled block continuation, kept on the rule (as `until`)."""
        if self.while_rx is None and self.rule.while_:
            self.while_rx = _compile(self.rule.while_, self.rule.ignorecase)
        return self.while_rx


@dataclass(slots=True)
class Scope:
    """One rule scope (generic, or one site's): its line rules, trims, and the structures that gate them."""

    line_rules: list[Compiled]
    trim_rules: list[Compiled]
    trim_gate: re.Pattern[str] | None
    # The line rules without required literals, by prefix and length.
    index: _Index
    # The line rules with required literals, case-sensitive and case-folded.
    literal_scans: CaseScans
    # caps[w]: the line rules whose word cap admits a line of w words (the last entry: of more words than
    # any cap), as a mask, so that one `&` drops every rule a line is too long for.
    caps: list[int] = field(default_factory=list)
    # Per line opening (first PREFIX_CHARS characters): (rules asked, rules that can open so), as masks. A tuple of two
    # ints, replaced when it grows: the collector stops tracking it at its first young collection, where a list
    # entry (until the thirty-sixth round) lived on as a tracked object, ~8 a page at first sight, walked by every
    # full collection of a library caller's process.
    openings: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Per line opening: (rules asked, rules that can open as its first character AND as the opening), as masks:
    # `opening_mask`'s answer from one look-up (two `_opening` calls a line were most of `_settle_without_rules`).
    heads: dict[str, tuple[int, int]] = field(default_factory=dict)
    # The line rules that need a second literal too (`second_literals`), as a mask.
    seconds: int = 0
    _trim_any: regex.Pattern[str] | None = None

    def opening_mask(self, s: str, mask: int) -> int:
        """`mask` without the rules no match of which can start as the stripped line `s` starts.

        A rule is tried on every line that holds one of its literals, and most of those lines are prose
        ("The …", "In …") that the rule's start already rules out. `regex` answers by a partial match of the
        opening, asked of the rule's opening probe (`Compiled.can_open`: a bare partial match misses some);
        each answer is remembered per opening, so a run asks once per rule and opening, not once per line.
        """
        head = s[:PREFIX_CHARS]
        entry = self.heads.get(head)
        if entry is None or mask & ~entry[0]:
            entry = _head_entry(self, head, mask)
        return mask & entry[1]

    def _opening(self, head: str, mask: int) -> int:
        entry = _memo_entry(self.openings, head)
        new = mask & ~entry[0]
        if new:
            rules = self.line_rules
            opens = entry[1]
            for k in rules_in(new):
                if rules[k].can_open(head):
                    opens |= 1 << k
            entry = self.openings[head] = (entry[0] | new, opens)
        return mask & entry[1]

    def trim_any(self) -> regex.Pattern[str] | None:
        """All trim rules as one alternation, compiled on the first line that passes the gate."""
        if self._trim_any is None and self.trim_rules:
            self._trim_any = _combined(self.trim_rules)
        return self._trim_any


# An opening memo's entry before any rule is asked.
_NO_OPENING: Final = (0, 0)


def _memo_entry(memo: dict[str, tuple[int, int]], head: str) -> tuple[int, int]:
    """The (rules asked, rules that can open so) entry of an opening memo, made empty when new (the caller puts the
    grown entry in its place); the memo starts over past MAX_OPENINGS openings."""
    entry = memo.get(head)
    if entry is None:
        if len(memo) >= MAX_OPENINGS:
            memo.clear()
        entry = memo[head] = _NO_OPENING
    return entry


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
    """Which rules without literals can match a line, keyed by the line's first characters and length.

    The regex engine itself answers whether a rule can start with a prefix (a partial match), so
    the index needs no hints from rule authors (asked through `Compiled.can_open`). Rules with literals
    are not in it: the document-wide literal scan gates them more sharply and costs no partial
    match per new prefix (that cost was a third of the engine's time when every rule was indexed).
    """

    rules: list[Compiled]
    by_key: dict[tuple[str, int], list[Compiled]] = field(default_factory=dict)
    by_prefix: dict[str, list[Compiled]] = field(default_factory=dict)

    def _starting_with(self, prefix: str) -> list[Compiled]:
        """Rules that can match a line starting with `prefix`; each level narrows the one before,
        so a rule is asked about a prefix only if it survived the prefix one character shorter."""
        members = self.by_prefix.get(prefix)
        if members is not None:
            return members
        parent = self.rules if len(prefix) == 1 else self._starting_with(prefix[:-1])
        members = [c for c in parent if c.can_open(prefix)]
        if len(self.by_prefix) >= MAX_INDEX_KEYS:
            self.by_prefix.clear()
        self.by_prefix[prefix] = members
        return members

    def candidates(self, s: str, words: int) -> list[Compiled]:
        """The rules, in priority order, that can match the stripped line `s`."""
        if not self.rules:
            return self.rules
        key = (s[:PREFIX_CHARS], _bucket(words))
        members = self.by_key.get(key)
        if members is not None:
            return members
        if len(self.by_key) >= MAX_INDEX_KEYS:
            self.by_key.clear()
        members = self.by_key[key] = [c for c in self._starting_with(key[0]) if _cap(c.rule) >= key[1]]
        return members


def _build_scope(rules: Sequence[Rule], scan_backend: str) -> Scope:
    line_rules: list[Compiled] = []
    trim_rules: list[Compiled] = []
    for r in rules:
        lits = (
            (r.requires, is_casefold(r.trigger, r.ignorecase))
            if r.requires
            else required_literals(r.trigger, r.ignorecase)
        )
        sfx = required_suffixes(r.trigger, r.ignorecase)
        c = Compiled(
            rule=r,
            order=len(trim_rules) if r.action == "trim" else len(line_rules),
            literal_strings=tuple(lower(x) if lits[1] else x for x in lits[0]) if lits else (),
            casefold=bool(lits and lits[1]),
            suffixes=sfx[0] if sfx else (),
            suffix_casefold=bool(sfx and sfx[1]),
        )
        if r.action != "trim":
            c.second_strings = _second_of(r, c.literal_strings, c.casefold)
            c.word_cap = _word_cap(r)
        (trim_rules if r.action == "trim" else line_rules).append(c)
    by_case: tuple[dict[str, set[int]], dict[str, set[int]]] = ({}, {})
    # A rule's second literals count at bit (its number + the number of line rules): `_held` reads them there.
    seconds = 0
    for c in line_rules:
        for lit in c.literal_strings:
            by_case[c.casefold].setdefault(lit, set()).add(c.order)
        for lit in c.second_strings:
            by_case[c.casefold].setdefault(lit, set()).add(c.order + len(line_rules))
        if c.second_strings:
            seconds |= 1 << c.order
    facts_cache.shared().save()
    return Scope(
        line_rules,
        trim_rules,
        _trim_gate(trim_rules),
        _Index([c for c in line_rules if not c.literal_strings]),
        CaseScans(by_case[False], by_case[True], scan_backend),
        _caps(line_rules),
        seconds=seconds,
    )


def _caps(rules: Sequence[Compiled]) -> list[int]:
    """Masks of the rules admitting a line of 0, 1, … words; the last entry is for any longer line."""
    top = max((c.word_cap for c in rules if c.word_cap is not None), default=0)
    # Each rule is set at its own cap (a rule without one at the last entry), then every entry takes
    # in those above it: one pass over the rules and one over the counts, not the rules once per count
    # (162 counts x ~200 rules was most of building a scope).
    masks = [0] * (top + 2)
    for c in rules:
        cap = c.word_cap
        if cap is None:
            masks[top + 1] |= 1 << c.order
        elif cap >= 0:
            masks[cap] |= 1 << c.order
    for words in range(top, -1, -1):
        masks[words] |= masks[words + 1]
    return masks


def _trim_gate(rules: Sequence[Compiled]) -> re.Pattern[str] | None:
    """Case-folded literals of all trim rules: a line with none of them skips every trim."""
    if not rules or any(not c.literal_strings for c in rules):
        return None
    # Case-folding every literal is a superset test, so it stays sound for case-sensitive rules.
    lits = sorted({lower(x) for c in rules for x in c.literal_strings}, key=len, reverse=True)
    return re.compile("|".join(re.escape(x) for x in lits))


def _cap(rule: Rule) -> float:
    return float(rule.max_words) if rule.max_words is not None else math.inf


def _combined(items: list[Compiled]) -> regex.Pattern[str]:
    return regex.compile("|".join(scoped(c.rule.trigger, c.rule.ignorecase) for c in items))


def _word_count_py(s: str) -> int:
    return len(s.split())


# A line's literal masks, the scope's opening memo (`Scope.heads`), its word caps and the memo's filler
# (`_head_entry` given the scope), per active scope: what settling a line reads (`_settled_py`).
Gates = list[tuple[dict[str, int], dict[str, tuple[int, int]], list[int], Callable[[str, int], tuple[int, int]]]]


def _settled_py(lines: Iterable[str], gates: Gates, counts: dict[str, int]) -> list[str]:
    """The lines of `lines` no rule can be tried on: in every scope, the line holds no literal of a rule that can
    open as the line opens and whose word cap admits it (what `match` checks first). The word cap is applied before
    the opening, as `match` does: the capped rules' opening mask is the opening's mask of the rules, capped (both
    are the rules in all three), and the opening memo is then filled only for rules the line's length admits (a
    paragraph holding a common literal asked the probes of every short-line rule: 17,026 probes on dev tf at first
    sight, 13,223 capped first). The counts made go into `counts`, for `match` to read again (the kernel's twin:
    `_linepass.settled`)."""
    capped: list[str] = []
    for s in lines:
        words = -1
        head = s[:PREFIX_CHARS]
        for masks, heads, caps, head_entry in gates:
            mask = masks.get(s, 0)
            if not mask:
                continue
            if words < 0:
                words = counts[s] = _word_count_py(s)
            mask &= caps[min(words, len(caps) - 1)]
            if not mask:
                continue
            entry = heads.get(head)
            if entry is None or mask & ~entry[0]:
                entry = head_entry(head, mask)
            if mask & entry[1]:
                break
        else:
            capped.append(s)
    return capped


def _unknown_py(
    stripped: Iterable[str],
    answers: dict[str, Answer],
    scanned: set[str],
    cache: dict[str, Answer] | None,
    max_chars: int,
) -> list[str]:
    """The lines of `stripped` the document's memo (`answers`, `scanned`) does not know and the cross-document
    `cache` cannot answer, each once, in the order they first come; the answers the cache holds go into `answers`
    (the kernel's twin: `_linepass.unknown`). Empty lines are left out. One call for what was a set of the lines,
    two set differences and a pass over the cache: on a new document the memo is empty and needs no difference."""
    fresh: Iterable[str] = dict.fromkeys(stripped)
    if answers or scanned:
        fresh = [s for s in fresh if s not in answers and s not in scanned]
    need: list[str] = []
    for s in fresh:
        if not s:
            continue
        if cache is not None and len(s) <= max_chars:
            hit = cache.get(s, UNKNOWN)
            if hit is not UNKNOWN:
                answers[s] = hit
                continue
        need.append(s)
    return need


def _head_entry_py(scope: Scope, head: str, mask: int) -> tuple[int, int]:
    """`scope.heads[head]` with the rules of `mask` asked. The first character first: its memo fills within a few
    pages, and it already rules out most pairs (a lower-case file-name pattern on a capitalised line); the longer
    opening decides the rest. A rule's bit is set when it can open as both (a one-character line: as that
    character), which is what the two tests in turn answered per line (the kernel's twin: `_linepass.head_entry`)."""
    entry = _memo_entry(scope.heads, head)
    new = mask & ~entry[0]
    opens = scope._opening(head[:1], new)
    if opens and len(head) > 1:
        opens = scope._opening(head, opens)
    entry = scope.heads[head] = (entry[0] | new, entry[1] | opens)
    return entry


def _candidates_py(scope: Scope, s: str, mask: int, words: int, skip: Collection[int]) -> list[Compiled]:
    """The rules of `scope` to try on the stripped line `s` (of `words` words, holding the literals of `mask`), in
    priority order: those whose literals the line holds, less those whose word cap it exceeds or whose matches cannot
    start as it starts, plus the indexed rules without literals (`_Index.candidates`); then each rule whose id() is in
    `skip`, whose `max_words` the line exceeds or whose required suffixes it does not end with is left out. What
    `Prefilter.match` asks before it runs a trigger (the kernel's twin: `_linepass.candidates`)."""
    free: list[Compiled] = scope.index.rules
    if free:
        free = scope.index.candidates(s, words)
    if mask:
        caps = scope.caps
        mask = scope.opening_mask(s, mask & caps[min(words, len(caps) - 1)])
        for c in free:
            mask |= 1 << c.order
        rules = scope.line_rules
        candidates: Sequence[Compiled] = [rules[k] for k in rules_in(mask)]
    else:
        candidates = free
    out: list[Compiled] = []
    folded: str | None = None
    for c in candidates:
        if skip and id(c) in skip:
            continue
        rule = c.rule
        if rule.max_words is not None and words > rule.max_words:
            continue
        if c.suffixes:
            if c.suffix_casefold:
                if folded is None:
                    folded = lower(s)
                if not folded.endswith(c.suffixes):
                    continue
            elif not s.endswith(c.suffixes):
                continue
        out.append(c)
    return out


def _chosen_kernel() -> ModuleType | None:
    """The native kernel (cleaner.native) when it is built with this module's opening length, else None."""
    native = kernel("cleaner.rules._linepass")
    if native is None or native.PREFIX_CHARS != PREFIX_CHARS or getattr(native, "MAX_OPENINGS", None) != MAX_OPENINGS:
        return None
    return native


_NATIVE = _chosen_kernel()
# A line's word count (`len(s.split())`) and the two loops above, native when the kernel is built: the settling
# loop runs once per line holding a literal, on every new document.
word_count: Callable[[str], int] = _NATIVE.word_count if _NATIVE is not None else _word_count_py
_settled: Callable[[Iterable[str], Gates, dict[str, int]], list[str]] = (
    _NATIVE.settled if _NATIVE is not None else _settled_py
)
# A scope's opening memo filled for new (opening, rule) pairs: asked on every new line opening at first sight (12.7k
# calls on dev tf), where the twin's frames and bit generator cost about half of what the rules' probes did.
_head_entry: Callable[[Scope, str, int], tuple[int, int]] = (
    _NATIVE.head_entry if _NATIVE is not None else _head_entry_py
)
# The gates of `match` (9.5k calls on dev tf at first sight): the twin's frame, generator and list per call were most
# of what `match` spent outside the rules' regexes.
_candidates: Callable[[Scope, str, int, int, Collection[int]], list[Compiled]] = (
    _NATIVE.candidates if _NATIVE is not None else _candidates_py
)
_unknown: Callable[[list[str], dict[str, Answer], set[str], dict[str, Answer] | None, int], list[str]] = (
    _NATIVE.unknown if _NATIVE is not None else _unknown_py
)


def _remember_nones_py(
    lines: list[str],
    answers: dict[str, Answer],
    caches: dict[str, dict[str, Answer]],
    key: str,
    max_chars: int,
    room: int,
) -> int:
    """Answer None for each of `lines` in `answers`, and in the cross-document cache `caches[key]` for those of at
    most `max_chars` characters when they are at most `room`: how many went into the cache, or -1 when they do not fit
    (the cache is then left alone, for `Prefilter._remember` to fill it line by line, clearing it where it fills up).
    No cache is made for a batch with no short line (the kernel's twin: `_linepass.remember_nones`)."""
    answers.update(dict.fromkeys(lines))
    short = [s for s in lines if len(s) <= max_chars]
    if len(short) > room:
        return -1
    if short:
        caches.setdefault(key, {}).update(dict.fromkeys(short))
    return len(short)


# A document's settled lines remembered in one C loop: two dictionaries made and merged and a list of the short lines
# were ~1-3% of the rules' time at first sight.
_remember_nones: Callable[[list[str], dict[str, Answer], dict[str, dict[str, Answer]], str, int, int], int] = (
    _NATIVE.remember_nones if _NATIVE is not None else _remember_nones_py
)


def _line_candidates_py(
    scopes: list[Scope], masks: LiteralMasks, s: str, words: int, skip: Collection[int]
) -> list[Compiled]:
    """The rules to try on the stripped line `s`, in the order `Prefilter.match` tries them: each active scope's
    `_candidates_py` (site scopes first), from the line's literal masks by scope (`Document.masks`, which must hold the
    line if it was scanned). `words` is the line's word count, or -1: counted here when a scope needs it, as `match`
    counted it (the kernel's twin: `_linepass.line_candidates`). Every scope's candidates are gathered before the first
    try: the opening memos may then hold a scope's answers for a line an earlier scope's rule took, which changes no
    answer (each is the rule's own `can_open`, asked without a time limit)."""
    out: list[Compiled] = []
    for scope, found in zip(scopes, masks, strict=True):
        mask = found.get(s, 0)
        if not mask and not scope.index.rules:
            continue
        if words < 0:
            words = _word_count_py(s)
        out += _candidates_py(scope, s, mask, words, skip)
    return out


# A line's candidates over every scope in one call (9.5k `match` calls on dev tf at first sight): the tuple of the
# line's masks, the loop over the scopes and a call per scope were what `answer` and `match` spent around the tries.
_line_candidates: Callable[[list[Scope], LiteralMasks, str, int, Collection[int]], list[Compiled]] = (
    _NATIVE.line_candidates if _NATIVE is not None else _line_candidates_py
)


def _held(found: dict[str, int], seconds: int, n_rules: int) -> dict[str, int]:
    """The rules each line holds literals of, from the scan's masks by line (bit n + `n_rules`: rule n's second
    literal): a rule of `seconds` only when the line holds its second literal too. A line left with no rule is left
    out."""
    rules = (1 << n_rules) - 1
    others = ~seconds
    held: dict[str, int] = {}
    for s, m in found.items():
        mask = m & rules
        if mask & seconds:
            mask &= others | (m >> n_rules)
        if mask:
            held[s] = mask
    return held


# For each active scope (same order as `Prefilter.scopes`), the rules whose literals occur in each line, as a bit
# mask of rule numbers, by line text; a line absent from a map holds no literal of that scope.
LiteralMasks = list[dict[str, int]]
# What a line's rules answer: the first rule (site scopes first) whose trigger matches it, or None.
Answer = tuple[Compiled, regex.Match[str]] | None
# Marks a line whose answer is not known yet (None is an answer: no rule matches).
UNKNOWN: Any = object()


@dataclass(slots=True)
class Document:
    """What the rules found out about the lines of the document being cleaned, kept while it is.

    The rules run again over the same document after a later stage removes lines (`stages.rejoin`, up to
    four rounds of the classifier), and a line's literals and first matching rule are its own, whatever
    its neighbours: so a re-run reads each line's answer instead of asking again. Answers that met a
    timeout are never kept (the engine asks again, as it did before there was a memo).
    """

    scope_key: str
    lines: set[str]  # every line text of the document seen so far
    masks: LiteralMasks  # per scope, for the lines in `scanned`
    scanned: set[str] = field(default_factory=set)
    answers: dict[str, Answer] = field(default_factory=dict)
    # Word counts `_settle_without_rules` made, read again by `match` for the lines it left unanswered
    # (mostly paragraphs holding a common literal: splitting each twice was a tenth of `match`).
    words: dict[str, int] = field(default_factory=dict)
    # Whether a block rule's end or continuation matches a line, by (id() of the rule's Compiled, True for its end,
    # the line): `engine._block_line`'s memo, read again when the rules run over the document again.
    block_lines: dict[tuple[int, bool, str], bool] = field(default_factory=dict)

    def __init__(self, scope_key: str, lines: set[str], masks: LiteralMasks) -> None:
        """Written out: the generated one reads each field's default factory through a frame of its own (one
        document a page)."""
        self.scope_key = scope_key
        self.lines = lines
        self.masks = masks
        self.scanned = set()
        self.answers = {}
        self.words = {}
        self.block_lines = {}


def _joined_literal_lines(scopes: list[Scope], lines: list[str]) -> LiteralMasks:
    """`Prefilter.literal_lines` by one scan of the lines' newline join (no literal holds a newline, so a hit lies
    inside one line) and one of its lower-casing, per scope: what the pure build runs, and the kernel's twin."""
    text = "\n".join(lines)
    folded = lower(text)
    starts = line_starts(lines)
    # Lower-casing keeps every offset unless a character expands ("İ" -> "i̇").
    folded_starts = starts if len(folded) == len(text) else line_starts(folded.split("\n"))
    out: LiteralMasks = []
    for scope in scopes:
        rows: dict[int, int] = {}
        scope.literal_scans.add_lines(text, starts, folded, folded_starts, rows)
        found = {lines[r]: m for r, m in rows.items()}
        out.append(_held(found, scope.seconds, len(scope.line_rules)) if scope.seconds else found)
    return out


class Prefilter:
    """The compiled scopes of a RuleSet plus the caches of per-line answers."""

    def __init__(self, generic: Sequence[Rule], sites: dict[str, Sequence[Rule]]) -> None:
        self.backend = backend()
        self.generic = _build_scope(generic, self.backend)
        # A site's scope is built the first time a page of that site comes: most runs see few sites,
        # and building all of them was a large share of `cleaner clean FILE`'s start-up.
        self.site_rules = dict(sites)
        self._site_scopes: dict[str, Scope] = {}
        # Answers for short lines across documents, per scope key (template chrome repeats on every page).
        self._line_cache: dict[str, dict[str, Answer]] = {}
        self._cached_lines = 0
        self._doc = Document("", set(), [])

    def scopes(self, site_keys: Sequence[str]) -> list[Scope]:
        """Site rules come first: they know the template, so they win over a generic guess."""
        return [self.site_scope(k) for k in site_keys if k in self.site_rules] + [self.generic]

    def site_scope(self, key: str) -> Scope:
        """The compiled scope of one site's rules, built on first use."""
        scope = self._site_scopes.get(key)
        if scope is None:
            scope = self._site_scopes[key] = _build_scope(self.site_rules[key], self.backend)
        return scope

    def document(self, scopes: list[Scope], scope_key: str, stripped: list[str]) -> Document:
        """The memo of the document these lines belong to, ready to answer every one of them.

        A call whose lines were all seen under the same scopes is the same document run again (a
        subset of its lines, after a later stage dropped some): its memo is kept. Otherwise a new
        document starts. Lines not answered yet are then looked up in the cross-document cache, and the
        rest are scanned for literals, all in one pass (`literal_lines`).
        """
        doc = self._doc
        if doc.scope_key != scope_key or not doc.lines.issuperset(stripped):
            doc = self._doc = Document(scope_key, set(stripped), [{} for _ in scopes])
        self.prepare(doc, scopes, stripped)
        return doc

    def prepare(self, doc: Document, scopes: list[Scope], stripped: list[str]) -> None:
        """Answer from the line cache, or scan for literals, every line of `stripped` the memo does not know."""
        need = _unknown(stripped, doc.answers, doc.scanned, self._line_cache.get(doc.scope_key), LINE_CACHE_MAX_CHARS)
        if need:
            self._scan_into(doc, scopes, need)
            if not any(scope.index.rules for scope in scopes):
                self._settle_without_rules(doc, scopes, need)

    def _settle_without_rules(self, doc: Document, scopes: list[Scope], need: list[str]) -> None:
        """Answer None, without a `match` call, for lines no rule can be tried on: they hold no literal of
        any scope, or only literals of rules whose word cap the line exceeds or whose matches cannot start as
        the line starts (what `match` checks first: its candidates are then none in every scope).
        Only valid when no active scope has rules without literals (those are tried on any line).

        Most lines holding a literal are paragraphs holding a common one (" the ", "am") that the opening rules
        out: settled here in bulk, each skips the engine's visit, `answer` and `match` (on dev tf
        fulltext, 12,952 `match` calls for 198 documents, of which 996 found a rule)."""
        gates: Gates = [
            (masks, scope.heads, scope.caps, functools.partial(_head_entry, scope))
            for masks, scope in zip(doc.masks, scopes, strict=True)
        ]
        # A line holding no literal of any scope is settled by the same loop (no scope's mask holds it): one pass
        # over `need`, not two set differences and two `_remember_none` calls.
        self._remember_none(doc, _settled(need, gates, doc.words))

    def _scan_into(self, doc: Document, scopes: list[Scope], need: list[str]) -> None:
        for into, found in zip(doc.masks, self.literal_lines(scopes, need), strict=True):
            into.update(found)
        doc.scanned.update(need)

    def literal_lines(self, scopes: list[Scope], lines: list[str]) -> LiteralMasks:
        """Which rules' literals each of `lines` holds, per scope: one scan of all of them per case mode.

        The native kernel reads the lines one by one, lower-casing as it reads (`CaseScans.line_masks`): the newline
        join, its lower-cased copy and the line offsets were more than the scan itself cost (`join`, `str.lower` on
        mostly non-ASCII text, `line_starts`: ~130 us of a dev tf document's first reading). `_joined_literal_lines`
        is its twin, and what answers when the kernel cannot."""
        out: LiteralMasks = []
        for scope in scopes:
            n_rules = len(scope.line_rules)
            # The kernel's scan and `_held` in one call when it can (`CaseScans.held_masks`).
            found = scope.literal_scans.held_masks(lines, scope.seconds, n_rules) if scope.seconds else None
            if found is None:
                found = scope.literal_scans.line_masks(lines)
                if found is None:
                    return _joined_literal_lines(scopes, lines)
                if scope.seconds:
                    found = _held(found, scope.seconds, n_rules)
            out.append(found)
        return out

    def answer(self, doc: Document, scopes: list[Scope], s: str, warnings: list[str]) -> Answer:
        """The first rule matching the stripped line `s`, remembered for the document (and across
        documents for short lines) unless a timeout made it provisional."""
        n_warnings = len(warnings)
        hit = self.match(doc, scopes, s, warnings, (), doc.words.get(s, -1))
        if len(warnings) == n_warnings:  # a timed-out answer is not final
            self._remember(doc, s, hit)
        return hit

    def _remember_none(self, doc: Document, lines: list[str]) -> None:
        """`_remember(doc, s, None)` for each of `lines`, in one kernel call (`_remember_nones`): most lines of a
        document are settled so, and a method call for each (32,513 over 233 sh/tf fulltext documents) cost more than
        the updates."""
        room = LINE_CACHE_MAX_ENTRIES - self._cached_lines
        added = _remember_nones(lines, doc.answers, self._line_cache, doc.scope_key, LINE_CACHE_MAX_CHARS, room)
        if added >= 0:
            self._cached_lines += added
            return
        for s in lines:  # the cache fills up on the way: cleared where one call at a time clears it
            if len(s) <= LINE_CACHE_MAX_CHARS:
                self._remember(doc, s, None)

    def _remember(self, doc: Document, s: str, hit: Answer) -> None:
        """Keep a final answer for the document, and for a short line across documents too."""
        doc.answers[s] = hit
        if len(s) <= LINE_CACHE_MAX_CHARS:
            if self._cached_lines >= LINE_CACHE_MAX_ENTRIES:
                self._line_cache.clear()
                self._cached_lines = 0
            self._line_cache.setdefault(doc.scope_key, {})[s] = hit
            self._cached_lines += 1

    def masks_of(self, doc: Document, scopes: list[Scope], s: str) -> tuple[int, ...]:
        """The literal masks of line `s` per scope (scanned now if its answer came from the line cache)."""
        if s not in doc.scanned:
            self._scan_into(doc, scopes, [s])
        return tuple(m.get(s, 0) for m in doc.masks)

    def match(
        self,
        doc: Document,
        scopes: list[Scope],
        s: str,
        warnings: list[str],
        skip: Collection[int] = (),
        words: int = -1,
    ) -> Answer:
        """The first rule (site scopes first) whose trigger matches the stripped line `s` of document `doc`
        (its literals scanned now if its answer came from the line cache); rules whose id() is in `skip` pass.

        Candidates are the rules whose literals the line holds plus the indexed rules without
        literals, tried in rule order behind the word cap and required suffixes (`_line_candidates`). `words` is
        the line's word count when the caller has it, else -1: counted there when a rule needs it (most lines hold
        no literal of any rule).
        """
        if s not in doc.scanned:
            self._scan_into(doc, scopes, [s])
        # The gates are the kernel's; the trigger runs here, so that a document's time limit hitting in it is marked
        # with the rule being tried (`running.mark`, read by `batch.timeout`).
        for c in _line_candidates(scopes, doc.masks, s, words, skip):
            try:
                running.checkpoint()
                # by position: see MATCH_TIMEOUT_S
                m = c.trigger.fullmatch(s, None, None, None, False, MATCH_TIMEOUT_S)
            except TimeoutError:
                warnings.append(f"{c.rule.id} timed out on a line of {len(s)} characters; line kept")
                continue
            except BaseException as exc:
                running.mark(exc, c.rule.id)
                raise
            if m is not None:
                return c, m
        return None
