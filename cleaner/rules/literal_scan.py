"""Which lines of a document hold which rules' required literals, found in one pass over its text.

A rule with required literals can only fire on a line that holds one of them, so one multi-pattern
search over the whole document names every (rule, line) pair worth a `regex` call, and every other
line never meets that rule. Two backends give the same answer:

- `aho`: an Aho-Corasick automaton (`pyahocorasick`, C, wheels for Linux x86-64 and aarch64), one
  pass over the text for all literals at once;
- `python`: the standard library's `re` over a trie of the literals, for a platform without the
  wheel. Its scan takes about twice as long (the engine ~1.7x on the dev corpus), never a different answer.

`CaseScans` pairs a case-sensitive and a case-folded scan; with `aho` it finds both in one pass. In the
compiled build, `aho` runs the native kernel's automaton (`_linepass.Automaton`) in place of pyahocorasick's:
the same answers, with the loop over the hits in C too.

`CLEANER_PREFILTER=python` forces the second (the test suite runs both); `aho` or unset uses the
first whenever it imports. Hyperscan would be faster still but has no aarch64 wheels on PyPI.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import os
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any

from cleaner.native import kernel

PREFILTER_ENV = "CLEANER_PREFILTER"
BACKENDS = ("aho", "python")
# The native kernel's automaton (cleaner.native), which the `aho` backend uses in place of pyahocorasick's when it
# is built: the scan and the grouping of its hits by line in one C loop, with the same answers.
_NATIVE = kernel("cleaner.rules._linepass")


def backend() -> str:
    """The backend this process uses: `python` when asked for or when pyahocorasick is missing."""
    if os.environ.get(PREFILTER_ENV, "").strip().lower() == "python":
        return "python"
    try:
        import ahocorasick  # noqa: F401
    except ImportError:
        return "python"
    return "aho"


def line_starts(lines: Sequence[str]) -> list[int]:
    """Where each of `lines` starts in their newline join (offsets), for mapping a hit to its line."""
    # Line k starts after the k lines before it and their k newlines; all in C, no loop per line.
    before = itertools.accumulate(map(len, lines), operator.add, initial=0)
    return list(map(operator.add, before, range(len(lines))))


class LiteralScan:
    """The literals of a set of rules, all in one case mode, ready to be looked for in documents.

    `rules_of` maps each literal to the numbers of the rules that need it. A line's rules come back
    as a bit mask (bit n: rule n), which merges with one `|` per hit and lists the rules in order.
    Literals holding a newline are left out: no line can hold one, so a rule's other literals decide.
    """

    __slots__ = ("_automaton", "_native", "_pattern", "_pending", "_rules_at", "backend")

    def __init__(self, rules_of: Mapping[str, Collection[int]], backend_name: str) -> None:
        masks = {lit: _mask(nums) for lit, nums in rules_of.items() if lit and "\n" not in lit}
        self.backend = backend_name
        self._automaton: Any = None
        self._pattern: re.Pattern[str] | None = None
        self._rules_at: dict[str, int] = {}
        self._native: Any = None
        # The kernel's automaton is built on the first scan: a CaseScans scans its case-sensitive and case-folded
        # literals apart only for a text whose lower-casing moves offsets ("İ"), which most runs never meet, and
        # the three tables were a 3x larger share of start-up than pyahocorasick's three automata.
        self._pending: dict[str, tuple[int, tuple[()]]] | None = None
        if backend_name == "aho" and _NATIVE is not None:
            if masks:
                self._pending = {lit: (mask, ()) for lit, mask in masks.items()}
        elif backend_name == "aho":
            import ahocorasick

            if masks:
                automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
                for lit, mask in masks.items():
                    automaton.add_word(lit, mask)
                automaton.make_automaton()
                self._automaton = automaton
        elif masks:
            # The trie pattern finds, at each offset, the longest literal starting there; every
            # literal that also starts there is a prefix of it, so it counts for their rules too.
            for lit in masks:
                for other, mask in masks.items():
                    if lit.startswith(other):
                        self._rules_at[lit] = self._rules_at.get(lit, 0) | mask
            self._pattern = re.compile(_trie_pattern(masks))

    def add_line_masks(self, lines: list[str], fold: bool, out: dict[str, int]) -> bool:
        """OR into `out[line]` the mask of the rules whose literals occur in each of `lines` (lower-cased when `fold`),
        read a line at a time by the native kernel's automaton (`_linepass.Automaton.add_line_masks`): `add_lines`'
        answer on their newline join, by line text, without the join, the lower-cased copy or the line offsets (a line
        `str.lower` lower-cases otherwise than character by character, "İ" or "Σ", is read whole lower-cased). False
        (`out` then part filled) when only `add_lines` can answer: no kernel, or such a line where a case-sensitive
        literal holds "Σ"."""
        if self._pending is not None:
            assert _NATIVE is not None
            self._native = _NATIVE.Automaton(self._pending)
            self._pending = None
        if self._native is not None:
            return bool(self._native.add_line_masks(lines, fold, out))
        return self._automaton is None and self._pattern is None  # no literal: nothing to find

    def empty(self) -> bool:
        """Whether no literal is looked for: every scan of it finds nothing."""
        return self._pending is None and self._native is None and self._automaton is None and self._pattern is None

    def _hits(self, text: str) -> Iterator[tuple[int, int]]:
        """(an offset inside the literal, its rules' mask) for every occurrence, in text order."""
        if self._automaton is not None:
            return self._automaton.iter(text)
        if self._pattern is not None:
            return self._trie_hits(text, self._pattern)
        return iter(())

    def _trie_hits(self, text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
        rules_at = self._rules_at
        m = pattern.search(text)
        while m is not None:
            yield m.start(), rules_at[m.group()]
            m = pattern.search(text, m.start() + 1)

    def add_lines(self, text: str, starts: Sequence[int], out: dict[int, int]) -> None:
        """OR into `out[line]` the mask of the rules whose literals occur on that line of `text`."""
        if self._pending is not None:
            assert _NATIVE is not None
            self._native = _NATIVE.Automaton(self._pending)
            self._pending = None
        if self._native is not None:
            self._native.add_lines(text, text, starts, out)
            return
        n = len(starts)
        # Hits come in text order (either backend), so a line's hits are consecutive: their masks are
        # merged in a local and written once per line, and the line is looked up only when it changes.
        hi = -1
        row = -1
        acc = 0
        for at, mask in self._hits(text):
            if at < hi:
                acc |= mask
                continue
            if row >= 0:
                out[row] = out.get(row, 0) | acc
            row = bisect.bisect_right(starts, at) - 1
            hi = starts[row + 1] if row + 1 < n else len(text) + 1
            acc = mask
        if row >= 0:
            out[row] = out.get(row, 0) | acc


class CaseScans:
    """The case-sensitive and the case-folded literals of a set of rules, found in one pass when they can be.

    With the `aho` backend one automaton holds both: the folded literals, and each case-sensitive one
    lower-cased, with the literal itself to confirm against the original text at the same offset. A text
    whose lower-casing keeps every offset (nearly all) is then scanned once, not twice (the scan is paid
    per character, whatever the hits: two scans were a third of the engine's time). The answer is the two
    scans': a case-sensitive literal occurs in the text exactly where its lower-cased form occurs in the
    lower-cased text and the text there is the literal. Other texts, case-sensitive literals whose
    lower-casing changes their length, and the `python` backend, take the two scans.
    """

    __slots__ = ("_both", "_both_native", "_rest", "exact", "folded", "needs_folded")

    def __init__(
        self, exact: Mapping[str, Collection[int]], folded: Mapping[str, Collection[int]], backend_name: str
    ) -> None:
        self.exact = LiteralScan(exact, backend_name)
        self.folded = LiteralScan(folded, backend_name)
        self._both: Any = None
        self._both_native: Any = None  # the native kernel's automaton, in place of `_both`
        self._rest: LiteralScan | None = None
        # Without a case-folded literal the folded text is never read: a caller may skip lower-casing
        # (site detection's literals are all case-sensitive), and the case-sensitive scan reads the text itself.
        self.needs_folded = any(lit and "\n" not in lit for lit in folded)
        if backend_name != "aho" or not exact or not self.needs_folded:
            return
        values: dict[str, tuple[int, list[tuple[str, int]]]] = {
            lit: (_mask(nums), []) for lit, nums in folded.items() if lit and "\n" not in lit
        }
        rest: dict[str, Collection[int]] = {}
        for lit, nums in exact.items():
            if not lit or "\n" in lit:
                continue
            low = lit.lower()
            if len(low) != len(lit):
                rest[lit] = nums
                continue
            values.setdefault(low, (0, []))[1].append((lit, _mask(nums)))
        self._rest = LiteralScan(rest, backend_name)
        if _NATIVE is not None:
            self._both_native = _NATIVE.Automaton(
                {key: (mask, tuple(checks)) for key, (mask, checks) in values.items()}
            )
            return
        import ahocorasick

        automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        for key, (mask, checks) in values.items():
            automaton.add_word(key, (mask, tuple(checks)))
        automaton.make_automaton()
        self._both = automaton

    def line_masks(self, lines: list[str]) -> dict[str, int] | None:
        """The mask of the rules whose literals each of `lines` holds, by line text (lines holding none left out), as
        `add_lines` finds them in the lines' newline join and its lower-casing: read a line at a time by the native
        kernel (`LiteralScan.add_line_masks`). None when it cannot answer (the pure build, pyahocorasick's automaton,
        a line whose lower-casing is not one for one where a case-sensitive literal holds "Σ"): the caller joins the
        lines and calls `add_lines`."""
        if self._both is not None:
            return None
        out: dict[str, int] = {}
        if self._both_native is not None:
            assert self._rest is not None
            if self._rest.add_line_masks(lines, False, out) and self._both_native.add_line_masks(lines, True, out):
                return out
            return None
        if self.exact.add_line_masks(lines, False, out) and self.folded.add_line_masks(lines, True, out):
            return out
        return None

    def held_masks(self, lines: list[str], seconds: int, n_rules: int) -> dict[str, int] | None:
        """`prefilter._held(line_masks(lines), seconds, n_rules)` in one kernel call (`Automaton.held_line_masks`),
        when one automaton holds all the literals (the case-sensitive ones whose lower-casing keeps their length folded
        in, none left to scan apart): what the generic rules' scan is. None otherwise, or when `line_masks` could not
        answer either: the caller then asks `line_masks`."""
        if self._both_native is None or self._rest is None or not self._rest.empty():
            return None
        return self._both_native.held_line_masks(lines, True, seconds, n_rules)

    def add_lines(
        self, text: str, starts: Sequence[int], folded: str, folded_starts: Sequence[int], out: dict[int, int]
    ) -> None:
        """OR into `out[line]` the mask of the rules whose literals occur on that line: case-sensitive ones
        in `text`, case-folded ones in `folded` (`text` lower-cased), each with its line starts."""
        if (self._both is None and self._both_native is None) or len(folded) != len(text):
            self.exact.add_lines(text, starts, out)
            self.folded.add_lines(folded, folded_starts, out)
            return
        assert self._rest is not None
        self._rest.add_lines(text, starts, out)
        if self._both_native is not None:
            self._both_native.add_lines(folded, text, starts, out)
            return
        # LiteralScan.add_lines's grouping of hits by line, inlined around the case check: the same loop fed by
        # a generator of confirmed hits cost 4-5% of this scan (speed_parts_ab.py, literal_lines 0.95-0.96x).
        n = len(starts)
        hi = -1
        row = -1
        acc = 0
        for at, (mask, checks) in self._both.iter(folded):
            for lit, bits in checks:  # a case-sensitive literal: is the text there the literal itself?
                if text.startswith(lit, at - len(lit) + 1):
                    mask |= bits
            if not mask:
                continue
            if at < hi:
                acc |= mask
                continue
            if row >= 0:
                out[row] = out.get(row, 0) | acc
            row = bisect.bisect_right(starts, at) - 1
            hi = starts[row + 1] if row + 1 < n else len(text) + 1
            acc = mask
        if row >= 0:
            out[row] = out.get(row, 0) | acc


def _mask(nums: Collection[int]) -> int:
    mask = 0
    for n in nums:
        mask |= 1 << n
    return mask


def rules_in(mask: int) -> Iterator[int]:
    """The rule numbers set in `mask`, in increasing order (rule priority order)."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _trie_pattern(literals: Collection[str]) -> str:
    """A stdlib pattern matching, at any offset, the longest of `literals` that starts there."""
    root: dict[str, Any] = {}
    for lit in literals:
        node = root
        for ch in lit:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # Greedy and optional where a literal ends here: a longer literal wins, else this one.
        return f"(?:{body})?" if "" in node else body

    return "|".join(re.escape(ch) + emit(child) for ch, child in sorted(root.items()))
