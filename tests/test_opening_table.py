"""A rule's opening table answers exactly what its opening probe answers (cleaner/rules/opening_table.py).

The prefilter asks a rule's table instead of its probe for openings of 1 to OPENING_CHARS characters
(`Compiled.can_open`), so every answer must be the probe's: on hand-made patterns over every short string of a small
alphabet, on every shipped rule over generated openings (every code point class the folding rules treat apart) and
over the dev corpus's line openings.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.rules import RuleEngine, load_rules
from cleaner.rules.opening_probe import opening_probe
from cleaner.rules.opening_table import (
    OPENING_CHARS,
    OpeningTable,
    derive_paths,
    is_path_facts,
    table_of,
)
from cleaner.rules.prefilter import PREFIX_CHARS, Compiled, _compile
from tests.conftest import require_corpus

# Characters case folding treats apart (Turkish dotted and dotless i, sharp s and its capital, the sigmas, the
# Kelvin sign, a ligature, the long s), a combining mark, a lone surrogate, a non-BMP letter and digit, spaces.
SPECIAL = "İıiIßẞσςΣKkKﬁſs\u0301\ud800𝐀𝟘 \xa0\u2003\t\n0٣"


def _table(pattern: str, ignorecase: bool = False) -> OpeningTable | None:
    facts = derive_paths(pattern, ignorecase)
    return None if facts is None else table_of(facts)


def _probe_says(probe: regex.Pattern[str], head: str) -> bool:
    return probe.fullmatch(head, partial=True) is not None


def _check(table: OpeningTable, probe: regex.Pattern[str], head: str, rule: str) -> None:
    """What `can_open` answers from the table (its admission, or its refusal when it is `sure`) is the probe's."""
    opens = table.opens(head)
    if opens or table.sure:
        assert opens == _probe_says(probe, head), (rule, head)


def _openings(alphabet: str) -> Iterator[str]:
    for n in range(1, OPENING_CHARS + 1):
        for chars in itertools.product(alphabet, repeat=n):
            yield "".join(chars)


@pytest.mark.parametrize(
    ("pattern", "ignorecase", "alphabet"),
    [
        ("abc|abd|x", False, "abcdxA"),
        ("(?i)straße|STRASSE", False, "sStTrRaAßẞe"),
        (r"[|•\s]*+(?:on\s++)?\d{1,2}\.?", False, "|• o n1.x"),
        (r"a*+a", False, "ab"),
        (r"\s*+x[^\n]{0,3}y", False, " xy\nz"),
        (r"(?:ab?)*c", False, "abc"),
        (r"(?:a?)*b", False, "ab"),
        (r"(?P<x>\p{Lu})\p{Ll}|(?P<x>\d)\d", False, "AaİıΣς1"),
        (r"\p{Lu}\w+", True, "Aaİı1_ΣςK"),
        (r"(?i:vor) \d", False, "VvOoRr 1"),
        (r"(?s).a", False, "a\nb"),
        (r"(?>ab|a)c", False, "abc"),  # completes within the opening: untabled
        (r"x\b", False, "x "),  # a boundary within the opening: untabled
        (r"(?=ab)a", False, "ab"),
        (r"[[:alpha:]]x", False, "ax:"),
    ],
)
def test_a_table_answers_each_short_opening_as_the_probe(pattern: str, ignorecase: bool, alphabet: str) -> None:
    table = _table(pattern, ignorecase)
    probe = opening_probe(pattern)
    if table is None:
        return
    assert probe is not None
    rx = _compile(probe, ignorecase)
    for head in _openings(alphabet + SPECIAL[:6]):
        _check(table, rx, head, pattern)


@pytest.mark.parametrize(
    ("pattern", "tabled"),
    [
        ("abc", True),
        (r"(?>ab|a)c", False),
        (r"(?>abcd|abce)", True),  # cannot complete within three characters
        (r"x\b", False),
        (r"xyz\b", False),  # right after the opening: the answer depends on what follows
        (r"xyzw\b", True),
        (r"(?=ab)a", False),
        (r"(a)\1", False),
        (r"[[:alpha:]]x", False),
        (r"(?:ab)++c", False),  # a possessive repeat of more than one character
        (r"(?P<a>x)|(?P<a>y)", True),  # a name given twice, which `regex` allows
    ],
)
def test_what_is_tabled(pattern: str, tabled: bool) -> None:
    assert (derive_paths(pattern, False) is not None) == tabled


@pytest.mark.parametrize(("pattern", "sure"), [(r"[^\n]{1,80}?x", False), (r"[^\n]{1,80}x", True), ("abc", True)])
def test_a_lazy_repeat_leaves_the_refusals_to_the_probe(pattern: str, sure: bool) -> None:
    r"""`regex` admits "a\n" as an opening of `[^\n]{1,80}?x` (a partial match whose last character fails the lazy
    repeat), which the table's paths refuse: such a table is not `sure`, and only its admissions are read."""
    table = _table(pattern)
    assert table is not None and table.sure == sure
    rx = regex.compile(pattern)
    if not sure:
        assert not table.opens("a\n") and _probe_says(rx, "a\n")


def _line_rules() -> list[Compiled]:
    pre = RuleEngine(load_rules()).prefilter
    scopes = [pre.generic, *(pre.site_scope(k) for k in pre.site_rules)]
    return [c for scope in scopes for c in scope.line_rules]


def _tabled() -> list[tuple[Compiled, OpeningTable, regex.Pattern[str]]]:
    out = []
    for c in _line_rules():
        probe = opening_probe(c.rule.trigger)
        facts = derive_paths(c.rule.trigger, c.rule.ignorecase)
        if probe is None or facts is None:
            continue
        out.append((c, table_of(facts), _compile(probe, c.rule.ignorecase)))
    return out


TABLED = _tabled()


def test_most_shipped_rules_are_tabled() -> None:
    assert len(TABLED) > 0.8 * len(_line_rules())
    assert OPENING_CHARS >= PREFIX_CHARS


def _chars_of(pattern: str) -> str:
    return "".join(sorted({ch for ch in pattern if ch.isprintable()}))


_OPENING_CHARS_POOL = "".join(sorted({ch for c, _, _ in TABLED for ch in _chars_of(c.rule.trigger)})) + SPECIAL


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_OPENING_CHARS_POOL), st.characters(codec=None)),
        min_size=1,
        max_size=OPENING_CHARS,
    )
)
def test_every_shipped_table_answers_generated_openings_as_its_probe(chars: list[str]) -> None:
    head = "".join(chars)
    for variant in (head, head.upper(), head.lower()):
        opening = variant[:OPENING_CHARS]  # a case change can lengthen it ("ß" upper-cased is "SS")
        for c, table, rx in TABLED:
            _check(table, rx, opening, c.rule.id)


def test_every_shipped_table_answers_the_corpus_openings_as_its_probe() -> None:
    corpus = require_corpus()
    heads: set[str] = set()
    for path in sorted(corpus.rglob("*.txt"))[::15]:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            s = line.strip()
            heads.update(s[:k] for k in range(1, min(len(s), OPENING_CHARS) + 1))
    assert len(heads) > 1000
    for c, table, rx in TABLED:
        for head in heads:
            _check(table, rx, head, c.rule.id)


def test_can_open_reads_the_table_once_the_probe_is_built() -> None:
    c = next(c for c in _line_rules() if c.table_facts is not None)
    assert c.can_open("A") in (True, False)
    assert c.table is not None
    assert c.can_open("Ab") == (c.table.opens("Ab") or c.probe_rx.fullmatch("Ab", partial=True) is not None)


@pytest.mark.parametrize(
    "value",
    [None, [[], [], False], [["a"], [[[0, []]]], True], [["a", "b"], [[[1, [0]], [0, []]], []], False]],
)
def test_valid_facts_are_read_back(value: object) -> None:
    assert is_path_facts(value)


@pytest.mark.parametrize(
    "value",
    [
        [],
        [["a"], []],  # made before the lazy flag
        [["a"], [[[1, []]]], False],
        [["a"], [[[0, [2]]]], False],
        [[1], [], False],
        [["a"], [[[0, []]] * 4], False],
        [["a"], [], 1],
        "x",
    ],
)
def test_corrupt_facts_are_derived_again(value: object) -> None:
    assert not is_path_facts(value)


def test_the_facts_are_json(tmp_path: Path) -> None:
    import json

    for c, _, _ in TABLED[:20]:
        facts = derive_paths(c.rule.trigger, c.rule.ignorecase)
        assert json.loads(json.dumps(facts)) == facts
        assert is_path_facts(facts)
