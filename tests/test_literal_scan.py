"""The document-wide literal scan gates rules without changing an answer, with either backend.

Every test here runs once per backend (`aho`: pyahocorasick; `python`: the stdlib trie pattern), so CI
exercises the pure-Python fallback as well as the default.
"""

from __future__ import annotations

import math

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.build import compiled_modules
from cleaner.lines import split_lines
from cleaner.pipeline import Cleaner
from cleaner.rules import load_rules
from cleaner.rules.literal_scan import (
    BACKENDS,
    PREFILTER_ENV,
    CaseScans,
    LiteralScan,
    backend,
    line_starts,
    rules_in,
)
from cleaner.rules.prefilter import Compiled, Document, LiteralMasks, Prefilter, Scope
from cleaner.rules.schema import Rule


@pytest.fixture(params=BACKENDS)
def scan_backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    name = str(request.param)
    monkeypatch.setenv(PREFILTER_ENV, name)
    if name == "aho":
        pytest.importorskip("ahocorasick", reason="pyahocorasick is not installed")
    assert backend() == name
    return name


def _brute(rules_of: dict[str, set[int]], text: str) -> dict[int, set[int]]:
    """Per line, the rules whose literal the line holds: a plain substring test on every pair."""
    out: dict[int, set[int]] = {}
    for row, line in enumerate(text.split("\n")):
        nums = {n for lit, ns in rules_of.items() if lit in line for n in ns}
        if nums:
            out[row] = nums
    return out


# Literals that share prefixes, overlap and nest, as the shipped rules' do ("AP" in "AP Photo", "by").
LITERALS = {"ap": {0}, "ap photo": {1}, "photo": {2}, "by": {3}, "bye": {4}, "yes": {5}, "é": {6}, "p ph": {7}}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*LITERALS, "a", "p", "\n", " ", "x", "É", "y", "😀"]), max_size=40))
def test_hits_equal_a_substring_test_on_every_line(pieces: list[str]) -> None:
    text = "".join(pieces)
    expected = _brute(LITERALS, text)
    for name in BACKENDS:
        if name == "aho":
            pytest.importorskip("ahocorasick")
        masks: dict[int, int] = {}
        LiteralScan(LITERALS, name).add_lines(text, line_starts(text.split("\n")), masks)
        assert {row: set(rules_in(m)) for row, m in masks.items()} == expected, name


# Case-sensitive literals beside LITERALS (case-folded): one shares a folded key ("AP" / "ap"), one
# lower-cases longer ("İz"), one is upper-case only ("BY").
EXACT = {"AP": {8}, "Photo": {9}, "İz": {10}, "BY": {11}, "p P": {12}}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*LITERALS, *EXACT, "a", "P", "\n", " ", "x", "É", "İ", "Y", "😀"]), max_size=40))
def test_one_scan_of_both_cases_finds_what_two_scans_find(pieces: list[str]) -> None:
    """CaseScans folds the case-sensitive literals into the folded scan (aho): same masks as scanning each case
    on its own, on texts whose lower-casing keeps their length and on texts where it does not ("İ")."""
    text = "".join(pieces)
    folded = text.lower()
    starts = line_starts(text.split("\n"))
    folded_starts = line_starts(folded.split("\n"))
    for name in BACKENDS:
        if name == "aho":
            pytest.importorskip("ahocorasick")
        expected: dict[int, int] = {}
        LiteralScan(EXACT, name).add_lines(text, starts, expected)
        LiteralScan(LITERALS, name).add_lines(folded, folded_starts, expected)
        got: dict[int, int] = {}
        CaseScans(EXACT, LITERALS, name).add_lines(text, starts, folded, folded_starts, got)
        assert got == expected, name
        # Without case-folded literals the folded text is not read: the text itself stands in for it.
        alone: dict[int, int] = {}
        LiteralScan(EXACT, name).add_lines(text, starts, alone)
        exact_only = CaseScans(EXACT, {}, name)
        assert not exact_only.needs_folded
        got = {}
        exact_only.add_lines(text, starts, text, starts, got)
        assert got == alone, name


def _first_match_by_trying_every_rule(scopes: list[Scope], s: str) -> str | None:
    """The engine's answer without any gate: every rule in priority order, behind its word cap."""
    words = len(s.split())
    for scope in scopes:
        for c in scope.line_rules:
            cap = c.rule.max_words if c.rule.max_words is not None else math.inf
            if words <= cap and c.trigger.fullmatch(s) is not None:
                return c.rule.id
    return None


def _lines_of_examples(rules: list[Rule]) -> list[str]:
    lines = {ln.strip() for r in rules for ex in (*r.drop_examples, *r.keep_examples) for ln in ex.split("\n")}
    return sorted(x for x in lines if x)


def _scanned(lines: list[str], masks: LiteralMasks) -> Document:
    """A document whose lines were scanned into `masks` (what `Prefilter.match` reads a line's literals from)."""
    doc = Document("", set(lines), masks)
    doc.scanned.update(lines)
    return doc


def test_gated_answers_equal_trying_every_rule(scan_backend: str) -> None:
    """On every example line of every shipped rule, in one document, generic and each site's scope."""
    ruleset = load_rules()
    generic = [r for r in ruleset.rules if r.site is None]
    sites = {s.key: [r for r in ruleset.rules if r.site == s.key] for s in ruleset.sites}
    pre = Prefilter(generic, sites)
    assert pre.backend == scan_backend
    lines = _lines_of_examples(list(ruleset.rules))
    for key in [None, *sites]:
        scopes = pre.scopes([key] if key else [])
        doc = _scanned(lines, pre.literal_lines(scopes, lines))
        got = []
        for s in lines:
            found = pre.match(doc, scopes, s, [])
            got.append(found[0].rule.id if found else None)
        assert got == [_first_match_by_trying_every_rule(scopes, s) for s in lines], key
    assert any(got)


def test_offsets_survive_a_letter_that_lower_cases_longer() -> None:
    """ "İ" lower-cases to two characters: lines after it must still map to themselves."""
    pre = Prefilter([r for r in load_rules().rules if r.site is None], {})
    lines = ["İİİİ İstanbul", "Advertisement"]
    scopes = pre.scopes([])
    found = pre.match(_scanned(lines, pre.literal_lines(scopes, lines)), scopes, lines[1], [])
    assert found is not None and found[1].group(0) == "Advertisement"


def test_records_are_the_same_with_either_backend(monkeypatch: pytest.MonkeyPatch, fixtures_dir) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("ahocorasick")
    texts = [p.read_text(encoding="utf-8") for p in sorted(fixtures_dir.rglob("*.txt"))][:40]
    assert texts
    records = {}
    for name in BACKENDS:
        monkeypatch.setenv(PREFILTER_ENV, name)
        cleaner = Cleaner()
        assert cleaner.engine.prefilter.backend == name
        records[name] = [cleaner.clean(t, reference_date="2026-06-01").to_dict() for t in texts]
    assert records["aho"] == records["python"]


@pytest.mark.skipif(
    "cleaner.rules.prefilter" in compiled_modules(),
    reason="spies on Compiled.trigger, a property a compiled class reads without the patch (the pure build runs it)",
)
def test_a_rule_runs_only_on_lines_holding_its_literal(scan_backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate is per line, not per document: a page with "Advertisement" in one line asks nothing elsewhere."""
    rules = [r for r in load_rules().rules if r.site is None]
    pre = Prefilter(rules, {})
    ads = next(c for c in pre.generic.line_rules if "advertisement" in c.literal_strings)
    asked: list[str] = []
    real = ads.trigger
    original = Compiled.trigger

    class Spy:
        def fullmatch(self, s: str, *args: object) -> regex.Match[str] | None:
            # The rules pass `regex`'s arguments by position (prefilter.MATCH_TIMEOUT_S): the fourth after the string
            # is `partial`, which the opening test (`Compiled.can_open`) sets and a try of the line does not.
            if not (len(args) > 3 and args[3]):
                asked.append(s)
            return real.fullmatch(s, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Compiled, "trigger", property(lambda c: Spy() if c is ads else original.fget(c)))  # type: ignore[attr-defined]
    lines = split_lines("Advertisement\nThe council met on Tuesday.\nIt voted.")
    scopes = pre.scopes([])
    doc = _scanned(lines, pre.literal_lines(scopes, lines))
    for s in lines:
        pre.match(doc, scopes, s, [])
    assert asked == ["Advertisement"]


def test_a_rerun_over_fewer_lines_reads_the_kept_answers_as_a_fresh_run_would(scan_backend: str) -> None:
    """The rules run again after later stages drop lines; what the document's memo kept must agree."""
    rules = [r for r in load_rules().rules if r.site is None]
    lines = ["Advertisement", "By Jane Doe", "The council met.", "Photo: AP", "Share on Facebook"]
    fewer = lines[1::2]
    kept = Prefilter(rules, {})
    scopes = kept.scopes([])
    first = kept.document(scopes, "", lines)
    for s in lines:
        kept.answer(first, scopes, s, [])
    again = kept.document(scopes, "", fewer)
    assert again is first  # the same document: nothing is scanned or asked again
    fresh = Prefilter(rules, {})
    doc = fresh.document(fresh.scopes([]), "", fewer)
    expected = [fresh.answer(doc, fresh.scopes([]), s, []) for s in fewer]
    assert [kept.masks_of(again, scopes, s) for s in fewer] == [fresh.masks_of(doc, scopes, s) for s in fewer]
    assert [again.answers[s] and again.answers[s][0].rule.id for s in fewer] == [e and e[0].rule.id for e in expected]
    assert any(expected)


def test_a_new_document_starts_a_new_memo(scan_backend: str) -> None:
    """A line the memo has not seen means another document: answers are asked afresh, never carried over."""
    pre = Prefilter([r for r in load_rules().rules if r.site is None], {})
    scopes = pre.scopes([])
    first = pre.document(scopes, "", ["Advertisement", "The council met."])
    second = pre.document(scopes, "", ["Advertisement", "It voted."])
    assert second is not first
    assert pre.document(scopes, "site", ["Advertisement"]) is not second


def test_without_pyahocorasick_the_python_scan_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """A platform without the wheel still cleans: the fallback is chosen, not an ImportError."""
    import sys

    monkeypatch.delenv(PREFILTER_ENV, raising=False)
    monkeypatch.setitem(sys.modules, "ahocorasick", None)  # import now raises ImportError
    assert backend() == "python"
    cleaner = Cleaner()
    assert cleaner.engine.prefilter.backend == "python"
    assert [r.rule for r in cleaner.clean("Advertisement\nThe council met on Tuesday.").removed] == ["ADS001"]
