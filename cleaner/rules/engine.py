"""Compile a RuleSet once and apply it to the lines of one document.

Each scope (the generic rules, and each site's rules) gets one combined pattern for line
triggers and one for trims. A line is tested against the combined pattern first; only on a hit
are the individual rules tried, to find which one fired. Almost every article line misses every
rule, so the common case costs one regex call per scope.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import regex

from cleaner.metadata.captions import normalise_caption, normalise_credit
from cleaner.model import Image, Removal
from cleaner.rules.literals import required_literals, required_suffixes
from cleaner.rules.schema import LEADING_FLAGS, Rule, RuleSet, is_casefold
from cleaner.stages.base import Proposal

# Per-call regex budget. A catastrophic pattern on a pathological line gives up after this and
# the line is kept, so one bad rule cannot hang a batch; 0.25 s is ~1000x a normal match.
MATCH_TIMEOUT_S = 0.25
# Trims are re-applied so stacked credits ("Alamy Stock Photo Alamy Stock Photo") all go,
# but never more than this, so a trim that matches an empty string cannot loop.
MAX_TRIM_PASSES = 3
IMAGE_GROUPS = ("caption", "credit", "alt")
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
# Passes over a document until one removes nothing; three settle every case seen in the
# property tests (a removal exposes a block, whose removal exposes nothing more).
MAX_PASSES = 3
# The per-scope index is dropped and rebuilt past this many keys, bounding memory in long runs.
MAX_INDEX_KEYS = 100_000


def _scoped(pattern: str, ignorecase: bool) -> str:
    """Turn leading inline flags into a scoped group, so they cannot leak into a combined pattern."""
    flags = "i" if ignorecase else ""
    m = LEADING_FLAGS.match(pattern)
    if m:
        flags += m.group(1)
        pattern = pattern[m.end() :]
    flags = "".join(sorted(set(flags)))
    return f"(?{flags}:{pattern})" if flags else f"(?:{pattern})"


def _compile(pattern: str, ignorecase: bool) -> regex.Pattern[str]:
    return regex.compile(_scoped(pattern, ignorecase))


@dataclass(slots=True)
class _Compiled:
    rule: Rule
    order: int
    literals: re.Pattern[str] | None
    literal_strings: tuple[str, ...]
    casefold: bool
    trigger: regex.Pattern[str]
    suffixes: tuple[str, ...]
    suffix_casefold: bool
    until: regex.Pattern[str] | None
    while_: regex.Pattern[str] | None
    broad: bool = False


@dataclass(slots=True)
class _Scope:
    line_rules: list[_Compiled]
    trim_rules: list[_Compiled]
    trim_any: regex.Pattern[str] | None
    trim_gate: re.Pattern[str] | None
    index: _Index
    broad_scans: list[_BroadScan] = field(default_factory=list)


@dataclass(slots=True)
class _BroadScan:
    """One document-wide search for the literals of all broad rules sharing a case mode."""

    casefold: bool
    pattern: re.Pattern[str]
    rules_by_literal: dict[str, list[int]]

    @staticmethod
    def build(rules: Sequence[_Compiled], casefold: bool) -> _BroadScan:
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

    rules: list[_Compiled]
    by_key: dict[tuple[str, int], list[_Compiled]] = field(default_factory=dict)
    by_prefix: dict[str, list[_Compiled]] = field(default_factory=dict)

    def _starting_with(self, prefix: str) -> list[_Compiled]:
        """Rules that can match a line starting with `prefix`; each level narrows the one before,
        so a rule is asked about a prefix only if it survived the prefix one character shorter."""
        try:
            return self.by_prefix[prefix]
        except KeyError:
            pass
        parent = self.rules if len(prefix) == 1 else self._starting_with(prefix[:-1])
        members = [c for c in parent if c.trigger.fullmatch(prefix, partial=True) is not None]
        if len(self.by_prefix) >= MAX_INDEX_KEYS:
            self.by_prefix.clear()
        self.by_prefix[prefix] = members
        return members

    def candidates(self, s: str, words: int) -> list[_Compiled]:
        """The rules, in priority order, that can match the stripped line `s`."""
        key = (s[:PREFIX_CHARS], _bucket(words))
        try:
            return self.by_key[key]
        except KeyError:
            pass
        if len(self.by_key) >= MAX_INDEX_KEYS:
            self.by_key.clear()
        members = [c for c in self._starting_with(key[0]) if _cap(c.rule) >= key[1]]
        self.by_key[key] = members
        return members


def _build_scope(rules: Sequence[Rule]) -> _Scope:
    line_rules: list[_Compiled] = []
    trim_rules: list[_Compiled] = []
    for order, r in enumerate(rules):
        lits = (
            (r.requires, is_casefold(r.trigger, r.ignorecase))
            if r.requires
            else required_literals(r.trigger, r.ignorecase)
        )
        sfx = required_suffixes(r.trigger, r.ignorecase)
        c = _Compiled(
            rule=r,
            order=order,
            literals=_literal_matcher(lits[0], lits[1]) if lits else None,
            literal_strings=tuple(x.lower() if lits[1] else x for x in lits[0]) if lits else (),
            casefold=bool(lits and lits[1]),
            trigger=_compile(r.trigger, r.ignorecase),
            suffixes=sfx[0] if sfx else (),
            suffix_casefold=bool(sfx and sfx[1]),
            until=_compile(r.until, r.ignorecase) if r.until else None,
            while_=_compile(r.while_, r.ignorecase) if r.while_ else None,
        )
        (trim_rules if r.action == "trim" else line_rules).append(c)
    for c in line_rules:
        starts = sum(1 for ch in _START_PROBE if c.trigger.fullmatch(ch, partial=True) is not None)
        c.broad = c.literals is not None and starts >= BROAD_START_CHARS
    broad = [c for c in line_rules if c.broad]
    scans = [
        _BroadScan.build([c for c in broad if c.casefold == fold], fold)
        for fold in (False, True)
        if any(c.casefold == fold for c in broad)
    ]
    return _Scope(
        line_rules,
        trim_rules,
        _combined(trim_rules) if trim_rules else None,
        _trim_gate(trim_rules),
        _Index(line_rules),
        scans,
    )


def _trim_gate(rules: Sequence[_Compiled]) -> re.Pattern[str] | None:
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


def _present(c: _Compiled, text: str, folded: str) -> bool:
    """A rule with required literals can only fire where one of them occurs."""
    assert c.literals is not None
    return c.literals.search(folded if c.casefold else text) is not None


def _cap(rule: Rule) -> float:
    return float(rule.max_words) if rule.max_words is not None else math.inf


def _combined(items: list[_Compiled]) -> regex.Pattern[str]:
    return regex.compile("|".join(_scoped(c.rule.trigger, c.rule.ignorecase) for c in items))


@dataclass(slots=True)
class EngineResult:
    """What the rules did to one document: per-line kept text, removals, captured values.

    The engine works on its own copy of the lines (`kept`, a removed line becomes None); the
    rules stage hands `proposals` on, so that `stages.apply` alone decides what the body keeps.
    """

    kept: list[str | None]
    removed: list[Removal] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    fields: list[tuple[str, str, Removal]] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _field_of(rule: Rule, m: regex.Match[str]) -> str:
    """Where an extracted line went: the rule's field, `image` for captions, else its groups."""
    names = [k for k, v in m.groupdict().items() if v]
    if rule.field:
        return rule.field
    if any(n in IMAGE_GROUPS for n in names):
        return "image"
    return ",".join(names) or "metadata"


def _words(s: str) -> int:
    return len(s.split())


class RuleEngine:
    """The compiled form of a RuleSet; build once per worker, apply to many documents."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.generic = _build_scope([r for r in ruleset.rules if r.site is None])
        self.sites = {s.key: _build_scope([r for r in ruleset.rules if r.site == s.key]) for s in ruleset.sites}
        self._line_cache: dict[tuple[str, str], tuple[_Compiled, regex.Match[str]] | None] = {}

    def __getstate__(self) -> RuleSet:
        return self.ruleset

    def __setstate__(self, state: RuleSet) -> None:
        self.__init__(state)  # type: ignore[misc]

    def _scopes(self, site_keys: Iterable[str]) -> list[_Scope]:
        # Site rules come first: they know the template, so they win over a generic guess.
        return [self.sites[k] for k in site_keys if k in self.sites] + [self.generic]

    def _cached_match(
        self,
        scopes: list[_Scope],
        scope_key: str,
        s: str,
        i: int,
        broad_lines: dict[int, set[int]],
        warnings: list[str],
    ) -> tuple[_Compiled, regex.Match[str]] | None:
        """_match, remembered for short lines: template chrome repeats on every page of a site.

        The answer depends only on the line and the active scopes (a broad rule's literals are in
        the document exactly when they are in one of its lines), so it is safe to reuse.
        """
        if len(s) > LINE_CACHE_MAX_CHARS:
            return self._match(scopes, s, i, broad_lines, warnings)
        key = (scope_key, s)
        try:
            return self._line_cache[key]
        except KeyError:
            pass
        n_warnings = len(warnings)
        hit = self._match(scopes, s, i, broad_lines, warnings)
        if len(warnings) == n_warnings:  # a timed-out answer is not final
            if len(self._line_cache) >= LINE_CACHE_MAX_ENTRIES:
                self._line_cache.clear()
            self._line_cache[key] = hit
        return hit

    def _match(
        self,
        scopes: list[_Scope],
        s: str,
        i: int,
        broad_lines: dict[int, set[int]],
        warnings: list[str],
    ) -> tuple[_Compiled, regex.Match[str]] | None:
        words = _words(s)
        folded: str | None = None
        for scope in scopes:
            for c in scope.index.candidates(s, words):
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

    def apply(self, lines: Sequence[str], site_keys: Iterable[str] = ()) -> EngineResult:
        """Run every rule over `lines` (0-based list; reported line numbers are 1-based).

        Passes repeat until one removes nothing: a removal can make two lines neighbours that
        form a block ("X" / "Advertisement" / "X" leaves a two-line share bar), and cleaning the
        output again must find nothing left to do.
        """
        site_keys = tuple(k for k in site_keys if k in self.sites)
        scopes = self._scopes(site_keys)
        scope_key = "\x00".join(site_keys)
        res = EngineResult(kept=list(lines))
        broad_lines = self._broad_rule_lines(scopes, [ln.strip() for ln in lines])
        misses: set[str] = set()  # lines no rule matched: a later pass need not ask again
        for _ in range(MAX_PASSES):
            before = len(res.removed)
            self._line_pass(res, scopes, scope_key, broad_lines, misses)
            self._trim(res, scopes)
            if len(res.removed) == before:
                break
        return res

    def _line_pass(
        self,
        res: EngineResult,
        scopes: list[_Scope],
        scope_key: str,
        broad_lines: dict[int, set[int]],
        misses: set[str],
    ) -> None:
        kept = res.kept
        stripped = [ln.strip() if ln is not None else "" for ln in kept]
        content_idx = [i for i, s in enumerate(stripped) if s]
        n_content = len(content_idx)
        pos = 0
        while pos < n_content:
            i = content_idx[pos]
            if kept[i] is None:
                pos += 1
                continue
            if stripped[i] in misses:
                pos += 1
                continue
            hit = self._cached_match(scopes, scope_key, stripped[i], i, broad_lines, res.warnings)
            if hit is None:
                misses.add(stripped[i])
                pos += 1
                continue
            c, m = hit
            action = c.rule.action
            if action == "drop-line":
                self._remove(res, c.rule, [i], stripped)
            elif action == "extract":
                self._remove(res, c.rule, [i], stripped, _field_of(c.rule, m))
                self._capture(res, c.rule, m)
            elif action == "drop-tail":
                if n_content and pos / n_content >= c.rule.min_position:
                    self._remove(res, c.rule, content_idx[pos:], stripped)
                    break
            else:  # drop-block
                span = self._block(c, content_idx, pos, stripped)
                if span:
                    # A block with a `field` is a label plus its value ("Author" / "Jane Smith"):
                    # the last line of the block is the value.
                    self._remove(res, c.rule, span, stripped, c.rule.field)
                    if c.rule.field and len(span) > 1:
                        res.fields.append((c.rule.field, stripped[span[-1]], res.removed[-1]))
                    pos += len(span)
                    continue
            pos += 1

    @staticmethod
    def _broad_rule_lines(scopes: list[_Scope], stripped: list[str]) -> dict[int, set[int]]:
        """For each broad rule (by object id), the lines that hold one of its literals.

        One scan of the whole document per broad rule replaces a literal test on every line.
        """
        out: dict[int, set[int]] = {
            c_id: set()
            for scope in scopes
            for scan in scope.broad_scans
            for ids in scan.rules_by_literal.values()
            for c_id in ids
        }
        if not out:
            return out
        text = "\n".join(stripped)
        folded: str | None = None
        starts: list[int] = []
        offset = 0
        for line in stripped:
            starts.append(offset)
            offset += len(line) + 1
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

    def _block(self, c: _Compiled, content_idx: list[int], pos: int, stripped: list[str]) -> list[int]:
        rule = c.rule
        window = content_idx[pos + 1 : pos + 1 + rule.max_lines]
        try:
            if rule.lines is not None:
                return content_idx[pos : pos + rule.lines]
            if c.until is not None:
                for k, j in enumerate(window):
                    if c.until.fullmatch(stripped[j], timeout=MATCH_TIMEOUT_S):
                        return [content_idx[pos], *window[: k + 1]]
                return []
            assert c.while_ is not None
            span = [content_idx[pos]]
            for j in window:
                if not c.while_.fullmatch(stripped[j], timeout=MATCH_TIMEOUT_S):
                    break
                span.append(j)
            return span
        except TimeoutError:
            return []

    @staticmethod
    def _remove(
        res: EngineResult, rule: Rule, idx: list[int], stripped: list[str], field_name: str | None = None
    ) -> None:
        idx = [i for i in idx if res.kept[i] is not None]
        if not idx:
            return
        text = "\n".join(stripped[i] for i in idx)
        removal = Removal(rule.id, rule.category, text, idx[0] + 1, field_name, why=rule.why)
        res.removed.append(removal)
        res.proposals.append(Proposal(removal, drop=tuple(idx)))
        for i in idx:
            res.kept[i] = None

    @staticmethod
    def _capture(res: EngineResult, rule: Rule, m: regex.Match[str]) -> None:
        groups = {k: v.strip() for k, v in m.groupdict().items() if v and v.strip()}
        removal = res.removed[-1]
        image = {k: groups.pop(k) for k in IMAGE_GROUPS if k in groups}
        if image:
            res.images.append(
                Image(
                    caption=normalise_caption(image["caption"]) if "caption" in image else None,
                    credit=normalise_credit(image["credit"]) if "credit" in image else None,
                    alt=image.get("alt"),
                    line=removal.line,
                )
            )
        if rule.field and not groups:
            groups = {rule.field: m.group(0).strip()}
        for name, value in groups.items():
            res.fields.append((name, value, removal))

    def _trim(self, res: EngineResult, scopes: list[_Scope]) -> None:
        for scope in scopes:
            if scope.trim_any is None:
                continue
            for i, line in enumerate(res.kept):
                if not line or not line.strip():
                    continue
                if scope.trim_gate is not None and scope.trim_gate.search(line.lower()) is None:
                    continue
                try:
                    if scope.trim_any.search(line, timeout=MATCH_TIMEOUT_S) is None:
                        continue
                    self._trim_line(res, scope, i, line)
                except TimeoutError:
                    res.warnings.append(f"trim timed out on line {i + 1}; line kept whole")

    def _trim_line(self, res: EngineResult, scope: _Scope, i: int, line: str) -> None:
        current = line
        for _ in range(MAX_TRIM_PASSES):
            for c in scope.trim_rules:
                m = c.trigger.search(current, timeout=MATCH_TIMEOUT_S)
                if m is None or m.end() == m.start():
                    continue
                if c.rule.max_words is not None and _words(current) > c.rule.max_words:
                    continue
                cut = current[m.start() : m.end()]
                rest = (current[: m.start()] + current[m.end() :]).strip()
                if not rest:
                    # Nothing would be left: the whole line is the boilerplate.
                    whole = Removal(c.rule.id, c.rule.category, current.strip(), i + 1, why=c.rule.why)
                    res.removed.append(whole)
                    res.proposals.append(Proposal(whole, drop=(i,)))
                    res.kept[i] = None
                    return
                part = Removal(c.rule.id, c.rule.category, cut.strip(), i + 1, why=c.rule.why)
                res.removed.append(part)
                res.proposals.append(Proposal(part, keep=(i, rest)))
                groups = {k: v.strip() for k, v in m.groupdict().items() if v and v.strip()}
                for name, value in groups.items():
                    res.fields.append((name, value, res.removed[-1]))
                current = rest
                res.kept[i] = current
                break
            else:
                return
