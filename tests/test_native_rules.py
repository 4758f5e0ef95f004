"""The rules' native kernel gives its pure twins' answers (issue 13; cleaner/rules/_linepass.pyx, setup.py's NATIVE).

The kernel is built by the compiled build only (`CLEANER_COMPILE=1`): in the plain install every test here skips with
that reason. prefilter.py and literal_scan.py are never compiled by mypyc, so their twins run here as the pure build
runs them: `prefilter._settled_py`, `_unknown_py`, `_head_entry_py` and `_word_count_py`, and pyahocorasick's
automaton with `literal_scan`'s loop over its hits (the `aho` backend without the kernel). The whole prefilter is
compared too: a document's answers, literal masks and word counts, and the scopes' opening memos, from a Prefilter on
the kernel and one on the twins.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.lines import split_lines
from cleaner.rules import RuleEngine, literal_scan, load_rules, prefilter
from cleaner.rules import engine as rules_engine
from cleaner.rules.examples import examples
from cleaner.rules.literal_scan import CaseScans, LiteralScan, line_starts
from tests.conftest import require_corpus, require_kernel

pytest.importorskip("ahocorasick")


@pytest.fixture(scope="module")
def kernel() -> ModuleType:
    return require_kernel("cleaner.rules._linepass")


# Characters that make the automaton's classes and the word count's whitespace interesting: ASCII letters in both
# cases, the separators str.split takes (0x1c-0x1f, no-break and em spaces), letters whose lower case is longer
# ("İ") or shorter, a final sigma, and characters no literal holds.
ALPHABET = "abcAB tT\t\x1c\x1f\xa0\u2003\u3000İıΣσς©►éÉ-.\x00"
WHITESPACE = [chr(c) for c in range(0x3001) if chr(c).isspace()] + ["\u200b", "\ufeff", "\x85"]


def _twin_scan(exact: dict[str, set[int]], folded: dict[str, set[int]], monkeypatch: pytest.MonkeyPatch) -> CaseScans:
    with monkeypatch.context() as m:
        m.setattr(literal_scan, "_NATIVE", None)
        return CaseScans(exact, folded, "aho")


def _rows(scans: CaseScans, lines: Sequence[str]) -> dict[int, int]:
    text = "\n".join(lines)
    folded = text.lower()
    starts = line_starts(lines)
    folded_starts = starts if len(folded) == len(text) else line_starts(folded.split("\n"))
    out: dict[int, int] = {}
    scans.add_lines(text, starts, folded, folded_starts, out)
    return out


def _literal_sets(draw: st.DrawFn) -> dict[str, set[int]]:
    lits = draw(st.lists(st.text(ALPHABET, min_size=1, max_size=4), max_size=12))
    # Rule numbers on both sides of 64 and 128 too: the line-wise scan gathers a line's rules in 64-bit words.
    return {lit: {n % 7, len(lit), 60 + 37 * n % 150} for n, lit in enumerate(lits)}


@st.composite
def _scan_cases(draw: st.DrawFn) -> tuple[dict[str, set[int]], dict[str, set[int]], list[str]]:
    exact = _literal_sets(draw)
    folded = {lit.lower(): nums for lit, nums in _literal_sets(draw).items()}
    lines = draw(st.lists(st.text(ALPHABET, max_size=30), min_size=1, max_size=6))
    return exact, folded, lines


@settings(max_examples=400, deadline=None)
@given(_scan_cases())
def test_the_automaton_finds_what_pyahocorasick_and_the_loop_find(
    kernel: ModuleType, case: tuple[dict[str, set[int]], dict[str, set[int]], list[str]]
) -> None:
    exact, folded, lines = case
    lines = [ln.replace("\n", " ") for ln in lines]
    with pytest.MonkeyPatch.context() as m:
        twin = _twin_scan(exact, folded, m)
    native = CaseScans(exact, folded, "aho")
    assert _rows(native, lines) == _rows(twin, lines)
    # One "line" for the whole text, as site detection asks (newlines inside it).
    text = "\n".join(lines)
    got: list[dict[int, int]] = [{}, {}]
    for scans, out in zip((native, twin), got, strict=True):
        scans.add_lines(text, (0,), text.lower() if scans.needs_folded else text, (0,), out)
    assert got[0] == got[1]


def _by_line(scans: CaseScans, lines: Sequence[str]) -> dict[str, int]:
    """What the joined scan (`add_lines`) finds, by line text, as `CaseScans.line_masks` answers."""
    out: dict[str, int] = {}
    for r, m in _rows(scans, lines).items():
        out[lines[r]] = out.get(lines[r], 0) | m
    return out


def _refolded(lines: Sequence[str]) -> bool:
    """Whether `str.lower` lower-cases some character of `lines` otherwise than alone and one for one."""
    return any(c == "\u03a3" or len(c.lower()) != 1 for line in lines for c in line)


def _checks_refold(exact: dict[str, set[int]]) -> bool:
    """Whether a case-sensitive literal the combined automaton confirms in the text holds a capital sigma: the one
    case the line-wise scan leaves to the joined scan (`Automaton.checks_fold`)."""
    return any("\u03a3" in lit and len(lit.lower()) == len(lit) for lit in exact)


@settings(max_examples=400, deadline=None)
@given(_scan_cases())
def test_the_line_wise_scan_finds_what_the_joined_scan_finds(
    kernel: ModuleType, case: tuple[dict[str, set[int]], dict[str, set[int]], list[str]]
) -> None:
    """`line_masks` reads each line alone and lower-cases as it reads (`Automaton.add_line_masks`): the masks by line
    are the joined text's, lines `str.lower` does not fold one for one ("İ", "Σ") included, and it gives up (None)
    only on such a line when a case-sensitive literal holds "Σ"."""
    exact, folded, lines = case
    lines = [ln.replace("\n", " ") for ln in lines]
    with pytest.MonkeyPatch.context() as m:
        twin = _twin_scan(exact, folded, m)
    native = CaseScans(exact, folded, "aho")
    got = native.line_masks(lines)
    if _refolded(lines) and native.needs_folded and exact and _checks_refold(exact):
        assert got is None
    else:
        assert got == _by_line(twin, lines)
    for fold in (False, True):  # one case mode alone: the LiteralScan the CaseScans falls back on
        scan = LiteralScan(folded if fold else exact, "aho")
        with pytest.MonkeyPatch.context() as m:
            m.setattr(literal_scan, "_NATIVE", None)
            plain = LiteralScan(folded if fold else exact, "aho")
        text = "\n".join(lines)
        scanned = text.lower() if fold else text
        rows: dict[int, int] = {}
        plain.add_lines(scanned, line_starts(scanned.split("\n")), rows)
        want: dict[str, int] = {}
        for r, mask in rows.items():
            want[lines[r]] = want.get(lines[r], 0) | mask
        found: dict[str, int] = {}
        assert scan.add_line_masks(lines, fold, found)  # no case-sensitive literal to confirm: every line answers
        assert found == want


def test_every_code_point_is_lower_cased_as_str_lower_does(kernel: ModuleType) -> None:
    """The line-wise scan's fold table (`Automaton._lower_class`) against `str.lower` for every code point: each
    character whose lower case is another single character is found by the folded literal it lowers to, and each
    one `str.lower` does not fold alone and one for one by the literals its whole lower case holds
    (`Automaton._line_refolded`)."""
    targets = sorted({chr(c).lower() for c in range(0x110000) if len(chr(c).lower()) == 1 and chr(c).lower() != chr(c)})
    literals = {t: {n % 60} for n, t in enumerate(targets)}
    scan = LiteralScan(literals, "aho")
    for lo in range(0, 0x110000, 0x8000):
        lines = [chr(c) for c in range(lo, min(lo + 0x8000, 0x110000)) if not 0xD800 <= c < 0xE000 and chr(c) != "\n"]
        plain = [line for line in lines if not _refolded([line])]
        found: dict[str, int] = {}
        assert scan.add_line_masks(plain, True, found)
        assert found == {c: 1 << (targets.index(c.lower()) % 60) for c in plain if c.lower() in literals}
        for odd in sorted(set(lines) - set(plain)):
            found = {}
            assert scan.add_line_masks([odd], True, found), hex(ord(odd))
            mask = 0
            for c in odd.lower():
                mask |= 1 << (targets.index(c) % 60) if c in literals else 0
            assert found == ({odd: mask} if mask else {}), hex(ord(odd))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(ALPHABET, min_size=1, max_size=5), max_size=10), st.text(ALPHABET, max_size=60))
def test_one_case_mode_scan_is_pyahocorasick_s(kernel: ModuleType, lits: list[str], text: str) -> None:
    rules_of = {lit: {n} for n, lit in enumerate(lits)}
    with pytest.MonkeyPatch.context() as m:
        m.setattr(literal_scan, "_NATIVE", None)
        twin = LiteralScan(rules_of, "aho")
    native = LiteralScan(rules_of, "aho")
    lines = text.split("\n")
    got: list[dict[int, int]] = [{}, {}]
    for scan, out in zip((native, twin), got, strict=True):
        scan.add_lines(text, line_starts(lines), out)
    assert got[0] == got[1]


def test_overlapping_and_nested_literals_all_count(kernel: ModuleType) -> None:
    """Suffixes of a literal and literals inside others end at the same offsets; each counts for its rules."""
    exact = {"Getty": {0}, "Images": {1}, "AP": {2}, "tt": {3}}
    folded = {"getty images": {4}, "images": {5}, "ty": {6}, "s": {7}, "ssss": {8}}
    lines = ["Photo: GETTY IMAGES", "getty images / AP", "", "Getty Images, APtt", "ssssss İmages", "nothing here"]
    with pytest.MonkeyPatch.context() as m:
        twin = _twin_scan(exact, folded, m)
    assert _rows(CaseScans(exact, folded, "aho"), lines) == _rows(twin, lines)
    assert _rows(CaseScans(exact, folded, "aho"), lines[:4]) == _rows(twin, lines[:4])
    # Read line by line too, the "İ" line (longer lower-cased) and a sigma line lower-cased whole, in two scans.
    refolded = [*lines, "ΣΑΣ Getty ΣIMAGES", "Σ"]
    assert CaseScans(exact, folded, "aho").line_masks(refolded) == _by_line(twin, refolded)


def test_a_long_text_read_in_two_halves_fills_the_rows_as_one_pass(kernel: ModuleType) -> None:
    """Past `SPLIT_MIN_CHARS` the kernel reads a text's two halves at once (split at a newline): the rows, their
    masks and the order `out` gets them in (after the rows it held already) are the twin's one pass's, whatever the
    split meets: a hit at either side of it, an empty line, a literal at the end."""
    rng = random.Random(13)
    exact = {"Getty": {0}, "AP": {1}, "İm": {2}, "©": {3}}
    folded = {"images": {4}, "ty": {5}, "s": {6}, "advertisement": {7}, "tt": {8}}
    pieces = ["Getty Images", "AP", "advertisement", "tt", "İmages", "©", "plain words", "", "x" * 40, "Σσς", "’"]
    with pytest.MonkeyPatch.context() as m:
        twin = _twin_scan(exact, folded, m)
    native = CaseScans(exact, folded, "aho")
    for n_lines in (kernel.SPLIT_MIN_CHARS // 20, kernel.SPLIT_MIN_CHARS // 4, kernel.SPLIT_MIN_CHARS):
        for _ in range(20):
            lines = [" ".join(rng.choices(pieces, k=rng.randint(0, 6))) for _ in range(n_lines)]
            text = "\n".join(lines)
            folded_text = text.lower()  # longer than `text` where it holds "İ": the two scans apart, each split
            starts = line_starts(lines)
            folded_starts = starts if len(folded_text) == len(text) else line_starts(folded_text.split("\n"))
            got: list[dict[int, int]] = [{0: 1 << 20, n_lines - 1: 1 << 21}, {0: 1 << 20, n_lines - 1: 1 << 21}]
            for scans, out in zip((native, twin), got, strict=True):
                scans.add_lines(text, starts, folded_text, folded_starts, out)
            assert list(got[0].items()) == list(got[1].items())
    # The kernel's automaton alone, on a one-line text past the split length: no newline to split at.
    automaton = kernel.Automaton({"ab": (1, ()), "b": (2, ())})
    out: dict[int, int] = {}
    automaton.add_lines("ab" * kernel.SPLIT_MIN_CHARS, "ab" * kernel.SPLIT_MIN_CHARS, [0], out)
    assert out == {0: 3}


def test_lines_read_in_streams_come_out_as_the_joined_scan_finds_them_in_line_order(kernel: ModuleType) -> None:
    """The line-wise scan reads `STREAMS` lines at once, each stream taking the next line when its own ends
    (`Automaton._streams`): on many lines of very different lengths (empty ones, repeats, lines `str.lower` does not
    fold one for one, hits at a line's ends), every line's mask is the joined scan's, and `out` gets the lines in
    their order, as one line after another filled it."""
    rng = random.Random(31)
    exact = {"Getty": {0}, "AP": {1, 70}, "İm": {2}, "©": {3}}
    folded = {"images": {4}, "ty": {5}, "s": {6, 130}, "advertisement": {7}, "tt": {8}}
    pieces = ["Getty Images", "AP", "advertisement", "tt", "İmages", "©", "plain words", "", "x" * 90, "’", "Σσς"]
    with pytest.MonkeyPatch.context() as m:
        twin = _twin_scan(exact, folded, m)
    native = CaseScans(exact, folded, "aho")
    for n_lines in (1, 3, 4, 5, 9, 40, 300):
        for _ in range(10):
            lines = [" ".join(rng.choices(pieces, k=rng.choice((0, 1, 2, 8)))) for _ in range(n_lines)]
            got = native.line_masks(lines)
            assert got == _by_line(twin, lines)
            found: dict[str, int] = {}
            assert native.folded.add_line_masks(lines, True, found)
            assert list(found) == [line for line in dict.fromkeys(lines) if line in found]


@settings(max_examples=400, deadline=None)
@given(_scan_cases(), st.integers(0, 200), st.integers(0, 2**200))
def test_the_held_masks_are_held_of_the_line_masks(
    kernel: ModuleType, case: tuple[dict[str, set[int]], dict[str, set[int]], list[str]], n_rules: int, seconds: int
) -> None:
    """`Automaton.held_line_masks` is `prefilter._held` of `add_line_masks`' answer, for any number of rules (the
    second literals' bits start inside a 64-bit word or at its edge, past the automaton's words or before its last)
    and any rules needing a second literal, and `CaseScans.held_masks` answers so when one automaton holds every
    literal (else None)."""
    exact, folded, lines = case
    lines = [ln.replace("\n", " ") for ln in lines]
    seconds &= (1 << n_rules) - 1
    native = CaseScans(exact, folded, "aho")
    scans = [scan for scan in (native.exact, native.folded) if not scan.empty()]
    if native._both_native is not None:
        scans.append(native._both_native)
    for scan in scans:
        automaton = scan if isinstance(scan, kernel.Automaton) else scan._native
        if automaton is None:  # built on its first scan
            scan.add_line_masks([], True, {})
            automaton = scan._native
        for fold in (False, True):
            found: dict[str, int] = {}
            if automaton.add_line_masks(lines, fold, found):
                held = prefilter._held(found, seconds, n_rules)
                assert automaton.held_line_masks(lines, fold, seconds, n_rules) == held
                assert list(automaton.held_line_masks(lines, fold, seconds, n_rules)) == list(held)
            else:
                assert automaton.held_line_masks(lines, fold, seconds, n_rules) is None
    got = native.held_masks(lines, seconds, n_rules)
    if native._both_native is None or (native._rest is not None and not native._rest.empty()):
        assert got is None
    else:
        found = native.line_masks(lines)
        assert got == (None if found is None else prefilter._held(found, seconds, n_rules))
    with pytest.raises(ValueError):
        kernel.Automaton({"ab": (1, ())}).held_line_masks(["ab"], False, 1 << n_rules, n_rules)


def test_the_generic_rules_are_scanned_with_their_seconds_held_in_one_call(kernel: ModuleType) -> None:
    """The shipped generic rules need second literals, and their scan takes the one-call path."""
    scope = RuleEngine(load_rules()).prefilter.generic
    assert scope.seconds
    lines = ["Getty Images", "Advertisement", "plain words"]
    got = scope.literal_scans.held_masks(lines, scope.seconds, len(scope.line_rules))
    found = scope.literal_scans.line_masks(lines)
    assert got is not None and found is not None
    assert got == prefilter._held(found, scope.seconds, len(scope.line_rules))


@given(st.text(ALPHABET + "".join(WHITESPACE[:40]) + "xy\n\r\x0b\x0c", max_size=40))
def test_the_word_count_is_str_split_s(kernel: ModuleType, s: str) -> None:
    assert kernel.word_count(s) == prefilter._word_count_py(s) == len(s.split())


def test_every_whitespace_code_point_separates_words_as_str_split_says(kernel: ModuleType) -> None:
    for c in [chr(n) for n in range(0x3001)] + WHITESPACE:
        for s in (f"a{c}b", f"{c}", f"{c}{c}a", f"a{c}"):
            assert kernel.word_count(s) == len(s.split()), hex(ord(c))


_LINES = st.sampled_from(["", "a", "b", "ab", "Advertisement", "x" * 8, "İ", "é é"])


@settings(max_examples=300)
@given(
    st.lists(_LINES, max_size=30),
    st.lists(_LINES, max_size=4),
    st.lists(_LINES, max_size=4),
    st.none() | st.lists(_LINES, max_size=5),
    st.integers(0, 9),
)
def test_the_unknown_lines_are_the_twin_s(
    kernel: ModuleType,
    stripped: list[str],
    answered: list[str],
    scanned: list[str],
    cached: list[str] | None,
    max_chars: int,
) -> None:
    """Duplicates, empty lines, lines the memo knows (answered or scanned), lines the cache answers (by length):
    the same lines in the same order, and the same answers taken from the cache, in the same order."""
    cache: dict[str, prefilter.Answer] | None = None if cached is None else dict.fromkeys(cached)
    got = []
    for unknown in (kernel.unknown, prefilter._unknown_py):
        answers: dict[str, prefilter.Answer] = dict.fromkeys(answered)
        need = unknown(list(stripped), answers, set(scanned), cache, max_chars)
        got.append((need, list(answers)))
    assert got[0] == got[1]
    need = got[1][0]
    assert len(need) == len(set(need)) and "" not in need
    assert all(s in stripped and s not in answered and s not in scanned for s in need)


@settings(max_examples=300)
@given(
    st.lists(st.tuples(_LINES, st.booleans()), max_size=30),
    st.lists(_LINES, max_size=6),
    st.lists(_LINES, max_size=6),
    st.booleans(),
)
def test_a_pass_visits_the_lines_the_twin_visits(
    kernel: ModuleType, lines: list[tuple[str, bool]], ruled: list[str], unruled: list[str], first: bool
) -> None:
    """Empty lines, removed lines (on the first pass and later ones), lines answered a rule, None, or not yet."""
    stripped = [s for s, _ in lines]
    kept: list[str | None] = [s if keep else None for s, keep in lines]
    answers: dict[str, prefilter.Answer] = dict.fromkeys(unruled)
    answers.update((s, (object(), None)) for s in ruled)  # type: ignore[misc]
    got = kernel.visits(stripped, kept, answers, first)
    assert got == rules_engine._visits_py(stripped, kept, answers, first)


def _answer_key(answer: prefilter.Answer) -> tuple[str, int, int] | None:
    if answer is None:
        return None
    c, m = answer
    return c.rule.id, m.start(), m.end()


def _prefilters(monkeypatch: pytest.MonkeyPatch) -> tuple[RuleEngine, RuleEngine]:
    """An engine on the kernel and one on the twins, over the shipped rules."""
    rules = load_rules()
    native = RuleEngine(rules)
    with monkeypatch.context() as m:
        m.setattr(literal_scan, "_NATIVE", None)
        twin = RuleEngine(rules)
    return native, twin


def _run_twins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(prefilter, "_settled", prefilter._settled_py)
    monkeypatch.setattr(prefilter, "_unknown", prefilter._unknown_py)
    monkeypatch.setattr(prefilter, "_head_entry", prefilter._head_entry_py)
    monkeypatch.setattr(prefilter, "word_count", prefilter._word_count_py)
    monkeypatch.setattr(prefilter, "_candidates", prefilter._candidates_py)
    monkeypatch.setattr(prefilter, "_line_candidates", prefilter._line_candidates_py)
    monkeypatch.setattr(prefilter, "_remember_nones", prefilter._remember_nones_py)
    monkeypatch.setattr(rules_engine, "_visits", rules_engine._visits_py)
    # The scan without `_held` folded in: `Prefilter.literal_lines` then asks `line_masks` and `_held`.
    monkeypatch.setattr(CaseScans, "held_masks", lambda self, lines, seconds, n_rules: None)
    yield


def _same_documents(kernel: ModuleType, documents: Sequence[Sequence[str]], sites: Sequence[str] = ()) -> int:
    """Run both prefilters over `documents`; every memo and every engine result must agree. The number of lines."""
    assert prefilter._settled is kernel.settled and prefilter._unknown is kernel.unknown
    assert prefilter._head_entry is kernel.head_entry
    assert prefilter._candidates is kernel.candidates and rules_engine._visits is kernel.visits
    assert prefilter._line_candidates is kernel.line_candidates and prefilter._remember_nones is kernel.remember_nones
    with pytest.MonkeyPatch.context() as m:
        native, twin = _prefilters(m)
    lines = 0
    for doc_lines in documents:
        got = []
        for engine, on_twins in ((native, False), (twin, True)):
            with pytest.MonkeyPatch.context() as m:
                if on_twins:
                    next(_run_twins(m))
                res = engine.apply(doc_lines, sites)
                doc = engine.prefilter._doc
                got.append(
                    (
                        res.kept,
                        [(r.rule, r.text, r.line) for r in res.removed],
                        res.fields and [(f[0], f[1]) for f in res.fields],
                        sorted((s, _answer_key(a)) for s, a in doc.answers.items()),
                        doc.masks,
                        doc.words,
                    )
                )
        assert got[0] == got[1], doc_lines[:5]
        lines += len(doc_lines)
    for key in ("", *sites):  # the opening memos, filled by `head_entry` in the same order
        a, b = (e.prefilter.site_scope(key) if key else e.prefilter.generic for e in (native, twin))
        assert (a.heads, a.openings) == (b.heads, b.openings), key
    return lines


def test_every_rule_example_is_answered_as_the_twins_answer(kernel: ModuleType) -> None:
    rules = load_rules()
    texts = [text for rule in rules.rules for _, _, text in examples(rule)]
    assert len(texts) > 100
    _same_documents(kernel, [split_lines(t) for t in texts])
    _same_documents(kernel, [split_lines("\n".join(texts))])


def test_adversarial_lines_are_answered_as_the_twins_answer(kernel: ModuleType) -> None:
    """Lines made of the rules' own literals, cut and joined at random, in odd cases and whitespace."""
    rules = load_rules()
    lits = sorted({lit for rule in rules.rules for lit in (prefilter.required_literals(rule.trigger) or ((), 0))[0]})
    rng = random.Random(13)
    docs = []
    for _ in range(40):
        doc = []
        for _ in range(40):
            parts = rng.sample(lits, k=rng.randint(1, 4))
            sep = rng.choice([" ", "  ", "\u2003", "\t", " | ", ""])
            line = sep.join(p.upper() if rng.random() < 0.2 else p.title() if rng.random() < 0.3 else p for p in parts)
            doc.append(line[: rng.randint(1, len(line))] if rng.random() < 0.3 else line)
        docs.append(doc)
    docs.append(["İstanbul Getty İmages", "ΣΑΣ Advertisement", "\x00", "a" * 5000, " ".join(lits[:200])])
    _same_documents(kernel, docs)


def test_site_scopes_are_answered_as_the_twins_answer(kernel: ModuleType) -> None:
    rules = load_rules()
    texts = [text for rule in rules.rules if rule.site for _, _, text in examples(rule)]
    for site in rules.sites:
        _same_documents(kernel, [split_lines("\n".join(texts))], [site.key])


def test_the_prefilter_uses_the_kernel_when_built(kernel: ModuleType) -> None:
    from cleaner import native

    if native.SWITCH in os.environ:
        pytest.skip(f"{native.SWITCH} is set")
    assert "cleaner.rules._linepass" in native.in_use()
    assert prefilter.word_count is kernel.word_count
    assert literal_scan._NATIVE is kernel
    scans = RuleEngine(load_rules()).prefilter.generic.literal_scans
    assert type(scans._both_native) is kernel.Automaton and scans._both is None


@pytest.mark.corpus
def test_every_dev_corpus_document_is_answered_as_the_twins_answer(kernel: ModuleType) -> None:
    corpus = require_corpus()
    docs = []
    for path in sorted(corpus.glob("*/*/*.txt")):
        if path.name in ("article.txt", "fulltext.txt"):
            docs.append(split_lines(path.read_text(encoding="utf-8", errors="surrogateescape")))
    assert len(docs) > 500
    assert _same_documents(kernel, docs) > 50_000


# Rules without required literals (indexed by opening and length: `_Index`), a case-folded suffix, a word cap, and one
# with literals: what `candidates` gates, beside the shipped rules, which have no rule without literals. Each is
# (id, pattern, extra keys, a line it drops, a line it keeps).
FREE_RULES = [
    ("TST001", r"[A-Z]\w+( \w+)?", "max_words = 2", "Share this", "share"),
    ("TST002", r"(?i).{1,40} (getty|afp)", "", "Photo: GETTY", "Getty"),
    ("TST003", r".+ photo", 'flags = ["ignorecase"]', "A PHOTO", "photo"),
    ("TST004", r"Advertisement", "", "Advertisement", "advert"),
    ("TST005", r"[A-Z][a-z]*\.", "", "Done.", "done"),
    ("TST006", r"x\w*z", 'flags = ["ignorecase"]', "XyZ", "xy"),
]


def _free_rules_toml() -> str:
    tables = [
        f'[[rule]]\nid = "{rid}"\nname = "r{rid.lower()}"\naction = "drop-line"\npattern = \'{pattern}\'\n{extra}\n'
        f'why = "t"\nexamples.drop = ["{drop}"]\nexamples.keep = ["{keep}"]\n'
        for rid, pattern, extra, drop, keep in FREE_RULES
    ]
    return 'category = "ads"\n\n' + "\n".join(tables)


def test_the_candidates_are_the_twin_s(kernel: ModuleType, tmp_path: Path) -> None:
    """Per scope, for lines of every length and opening and every subset of the rules skipped: the same rules in the
    same order, and the same opening memos after, from the kernel and from the twin (each on its own engine)."""
    path = tmp_path / "free.toml"
    path.write_text(_free_rules_toml(), encoding="utf-8")
    rng = random.Random(25)
    for rules in (load_rules([path], builtin=False), load_rules()):
        native, twin = RuleEngine(rules), RuleEngine(rules)
        lines = [text for rule in rules.rules for _, _, text in examples(rule)]
        lines += [
            "Done.",
            "Xenon fiZ",
            "xz",
            "Share",
            "Share this now",
            "PHOTO: AFP",
            "a photo",
            "Advertisement Advertisement",
            "x",
            "İ photo",
        ]
        scopes = [native.prefilter.generic], [twin.prefilter.generic]
        for s in (line.strip() for text in lines for line in text.split("\n")):
            if not s:
                continue
            masks = native.prefilter.literal_lines(scopes[0], [s])[0].get(s, 0)
            words = len(s.split())
            rule_ids = [id(c) for c in scopes[0][0].line_rules]
            skip = set(rng.sample(rule_ids, k=rng.randint(0, min(3, len(rule_ids)))))
            for mask in (masks, 0, masks | 1):
                got = kernel.candidates(scopes[0][0], s, mask, words, skip)
                mapped = {id(a): id(b) for a, b in zip(scopes[0][0].line_rules, scopes[1][0].line_rules, strict=True)}
                want = prefilter._candidates_py(scopes[1][0], s, mask, words, {mapped[k] for k in skip})
                assert [c.rule.id for c in got] == [c.rule.id for c in want], (s, mask)
            # Over two scopes (the same rules twice, as a site's and the generic), from the masks by scope.
            for count in (words, -1):
                got = kernel.line_candidates(scopes[0] * 2, [{s: masks}, {s: masks | 1}], s, count, skip)
                want = prefilter._line_candidates_py(
                    scopes[1] * 2, [{s: masks}, {s: masks | 1}], s, count, {mapped[k] for k in skip}
                )
                assert [c.rule.id for c in got] == [c.rule.id for c in want], (s, count)
        a, b = scopes[0][0], scopes[1][0]
        assert (a.heads, a.openings, a.index.by_key.keys()) == (b.heads, b.openings, b.index.by_key.keys())


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(ALPHABET, min_size=1, max_size=6), max_size=8, unique=True),
    st.integers(min_value=-1, max_value=9),
    st.booleans(),
)
def test_settled_lines_are_remembered_as_the_twin_remembers_them(
    kernel: ModuleType, lines: list[str], room: int, cached: bool
) -> None:
    """The answers, the cross-document caches (none made for a batch without a short line) and the count or -1, for
    lines on both sides of the length bound and rooms on both sides of the short lines' number."""
    got, want = [], []
    for fn, out in ((kernel.remember_nones, got), (prefilter._remember_nones_py, want)):
        answers: dict[str, object] = {"old": ("rule", None)}
        caches: dict[str, dict[str, object]] = {"other": {"x": None}}
        if cached:
            caches["k"] = {"old": None}
        out.append((fn(lines, answers, caches, "k", 3, room), answers, caches))
    assert got == want


@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")  # TST101
def test_each_opening_is_refused_as_the_rule_s_can_open_refuses_it(kernel: ModuleType, tmp_path: Path) -> None:
    """The kernel reads a rule's probe itself once `can_open` built it (`_linepass._can_open`): for the shipped rules
    and for rules whose probe cannot be built (a nested set: never refused) or is the trigger itself, every opening's
    memo bit is what the rule's own `can_open` answers, asked first on a fresh engine and then with the probes built."""
    path = tmp_path / "probes.toml"
    toml = _free_rules_toml()
    for rid, pattern, drop, keep in (
        ("TST101", r"[[a]b]x advert", "ab]x advert", "advert"),
        ("TST102", r"Advertisement", "Advertisement", "Advert"),
        ("TST103", r"(?=Ad)\w+ment", "Advertisement", "Comment"),
    ):
        toml += (
            f'\n[[rule]]\nid = "{rid}"\nname = "r{rid.lower()}"\naction = "drop-line"\npattern = \'{pattern}\'\n'
            f'why = "t"\nexamples.drop = ["{drop}"]\nexamples.keep = ["{keep}"]\n'
        )
    path.write_text(toml, encoding="utf-8")
    heads = ["A", "Ad", "Adv", "[", "[b", "xa", "a", "Sh", "Do", "İ", "İph", "x", "ABC", " ", "\x00"]
    for rules in (load_rules([path], builtin=False), load_rules()):
        for built in (False, True):
            scope = RuleEngine(rules).prefilter.generic
            if built:
                for c in scope.line_rules:
                    c.can_open("A")
            everyone = (1 << len(scope.line_rules)) - 1
            for head in heads:
                entry = kernel.head_entry(scope, head, everyone)
                want = [c.can_open(head[:1]) and c.can_open(head) for c in scope.line_rules]
                assert [bool(entry[1] >> k & 1) for k in range(len(want))] == want, (head, built)
