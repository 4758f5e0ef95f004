"""Rule actions behave as documented: block, tail, trim, extract, timeouts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import regex

from cleaner.pipeline import split_lines
from cleaner.rules import RuleEngine, load_rules
from cleaner.rules.prefilter import MATCH_TIMEOUT_S

RULES = """
[[rule]]
id = "TST001"
name = "widget-block"
action = "drop-block"
start = 'Widget start'
until = 'Widget end'
max_lines = 3
why = "t"
examples.drop = ["Widget start\\nx\\nWidget end"]
examples.keep = ["Widget"]

[[rule]]
id = "TST002"
name = "tail-marker"
action = "drop-tail"
pattern = 'More stories'
why = "t"
examples.drop = ["a\\nb\\nMore stories"]
examples.keep = ["More"]

[[rule]]
id = "TST003"
name = "trailing-credit"
action = "trim"
pattern = '\\s*\\(Photo: [^)]+\\)$'
why = "t"
examples.drop = ["A caption (Photo: Jo Bloggs)"]
examples.keep = ["A caption"]

[[rule]]
id = "TST004"
name = "teaser-list"
action = "drop-block"
start = 'Related'
while = '- .+'
why = "t"
examples.drop = ["Related\\n- One\\n- Two"]
examples.keep = ["Related stories are below."]
"""


def _engine(tmp_path: Path) -> RuleEngine:
    p = tmp_path / "t.toml"
    p.write_text(RULES, encoding="utf-8")
    return RuleEngine(load_rules([p], builtin=False))


def test_block_removed_from_start_to_until(tmp_path: Path) -> None:
    res = _engine(tmp_path).apply(split_lines("Keep\nWidget start\nA\n\nB\nWidget end\nAfter"))
    assert [k for k in res.kept if k] == ["Keep", "After"]
    assert res.removed[0].text == "Widget start\nA\nB\nWidget end" and res.removed[0].line == 2


def test_block_without_its_end_is_left_alone(tmp_path: Path) -> None:
    res = _engine(tmp_path).apply(split_lines("Widget start\na\nb\nc\nd\nWidget end"))
    assert res.removed == []


def test_tail_only_fires_in_second_half(tmp_path: Path) -> None:
    early = _engine(tmp_path).apply(split_lines("More stories\nA\nB\nC"))
    late = _engine(tmp_path).apply(split_lines("A\nB\nC\nMore stories\nX\nY"))
    assert early.removed == []
    assert [k for k in late.kept if k] == ["A", "B", "C"]


def test_trim_cuts_only_the_span(tmp_path: Path) -> None:
    res = _engine(tmp_path).apply(split_lines("Crowds gathered (Photo: Jo Bloggs)"))
    assert res.kept == ["Crowds gathered"]
    assert res.removed[0].text == "(Photo: Jo Bloggs)"


def test_while_block_takes_following_matching_lines(tmp_path: Path) -> None:
    res = _engine(tmp_path).apply(split_lines("Body.\nRelated\n- One\n- Two\nMore body."))
    assert [k for k in res.kept if k] == ["Body.", "More body."]


def test_extract_captures_named_groups() -> None:
    res = RuleEngine(load_rules()).apply(split_lines("Body text here.\nLAST UPDATE | 16 Jan\nMore."), ["thejournal.ie"])
    assert [(name, value) for name, value, _ in res.fields] == [("date_modified", "16 Jan")]
    assert res.removed[0].field == "date_modified"


SITE = """
[site]
name = "example.org"
domains = ["example.org"]
publisher = "Example"

[[rule]]
id = "EXM001"
name = "example-widget"
category = "video"
action = "drop-line"
pattern = 'Example TV'
why = "t"
examples.drop = ["Example TV"]
examples.keep = ["Example"]
"""


def test_site_rules_only_apply_when_site_active(tmp_path: Path) -> None:
    p = tmp_path / "example.org.toml"
    p.write_text(SITE, encoding="utf-8")
    engine = RuleEngine(load_rules([p], builtin=False))
    lines = split_lines("Para one.\nExample TV")
    assert engine.apply(lines, []).removed == []
    assert [r.rule for r in engine.apply(lines, ["example.org"]).removed] == ["EXM001"]


def test_engine_pickles_and_recompiles() -> None:
    import pickle

    engine = RuleEngine(load_rules())
    clone = pickle.loads(pickle.dumps(engine))
    assert [r.rule for r in clone.apply(split_lines("Advertisement\nText.")).removed] == ["ADS001"]


def test_block_with_field_sends_its_last_line_to_metadata(tmp_path: Path) -> None:
    p = tmp_path / "t.toml"
    p.write_text(
        "[[rule]]\nid = 'TST010'\nname = 'author-box'\naction = 'drop-block'\nstart = 'Author'\n"
        "lines = 2\nfield = 'author'\nwhy = 't'\nexamples.drop = ['Author\\nJane Smith']\nexamples.keep = ['x']\n",
        encoding="utf-8",
    )
    res = RuleEngine(load_rules([p], builtin=False)).apply(split_lines("Author\nJane Smith\nBody."))
    assert [(name, value) for name, value, _ in res.fields] == [("author", "Jane Smith")]


def test_a_rule_compiles_on_the_first_document_that_holds_its_literal(tmp_path: Path) -> None:
    """Start-up compiles nothing; a page without "Widget" never needs the widget rules' regexes."""
    engine = _engine(tmp_path)
    widget = next(c for c in engine.prefilter.generic.line_rules if c.rule.id == "TST001")
    assert widget.rx is None
    assert engine.apply(split_lines("Plain text.\nNothing here.")).removed == []
    assert widget.rx is None
    res = engine.apply(split_lines("Keep\nWidget start\nA\nWidget end"))
    assert widget.rx is not None and [r.rule for r in res.removed] == ["TST001"]


HEADING_RULE = """
[[rule]]
id = "TST005"
name = "more-stories-heading"
action = "drop-line"
pattern = 'More stories'
why = "t"
examples.drop = ["More stories"]
examples.keep = ["More stories are coming."]
"""


def test_a_tail_rule_above_its_position_leaves_the_line_to_the_next_rule(tmp_path: Path) -> None:
    """TST002 (drop-tail) matches first but is too high on the page; TST005 still removes the heading.

    Before, the tail rule claimed the line and did nothing, so the heading stayed until a cleaning
    without the tail rule (a site no longer recognised in the cleaned body) removed it.
    """
    p = tmp_path / "t.toml"
    p.write_text(RULES + HEADING_RULE, encoding="utf-8")
    res = RuleEngine(load_rules([p], builtin=False)).apply(split_lines("More stories\nA\nB\nC"))
    assert [(r.rule, r.text) for r in res.removed] == [("TST005", "More stories")]


CAPPED_RULE = """
[[rule]]
id = "TST006"
name = "capped-promo-line"
action = "drop-line"
pattern = 'Sign up .*'
max_words = 18
why = "t"
examples.drop = ["Sign up for our newsletter"]
examples.keep = ["Sign"]
"""


def test_max_words_is_exact_above_the_short_line_buckets(tmp_path: Path) -> None:
    """A cap of 18 words leaves a 20-word line alone (word counts past 16 once shared a bucket up to 32)."""
    p = tmp_path / "t.toml"
    p.write_text(CAPPED_RULE, encoding="utf-8")
    engine = RuleEngine(load_rules([p], builtin=False))
    at_cap = "Sign up " + " ".join(["now"] * 16)
    over_cap = "Sign up " + " ".join(["now"] * 18)
    assert [r.rule for r in engine.apply(split_lines(at_cap)).removed] == ["TST006"]
    assert engine.apply(split_lines(over_cap)).removed == []


def test_settling_lines_in_bulk_leaves_the_memo_and_the_line_cache_as_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`_remember_none` is `_remember(…, None)` per line: the same answers, and the cross-document cache
    cleared at the same point when the batch fills it (a small bound here, crossed inside the batch)."""
    from cleaner.rules import prefilter as pf

    monkeypatch.setattr(pf, "LINE_CACHE_MAX_ENTRIES", 5)
    lines = [f"line {n}" for n in range(4)] + ["x" * (pf.LINE_CACHE_MAX_CHARS + 1)]
    states = []
    for bulk in (False, True):
        p = pf.Prefilter([], {})
        for start in (["a", "b"], lines, ["c"]):  # 2 fit; the next 4 short ones cross the bound of 5
            doc = pf.Document("k", set(start), [])
            if bulk:
                p._remember_none(doc, start)
            else:
                for s in start:
                    p._remember(doc, s, None)
        states.append((p._line_cache, p._cached_lines, doc.answers))
    assert states[0] == states[1]
    assert states[1][1] == 2  # cleared at the fourth short line of the batch, then "line 3" and "c"


def test_a_scopes_word_count_masks_admit_exactly_the_rules_whose_cap_allows_that_many_words() -> None:
    from cleaner.rules.prefilter import _build_scope, backend, word_bound

    generic = [r for r in load_rules().rules if r.site is None]
    # Every shipped line rule has a cap: one without (as a user's rule may be), and whose pattern bounds no word
    # count, is made from the first such rule.
    base = next(r for r in generic if r.action != "trim" and word_bound(r.trigger, r.ignorecase) is None)
    uncapped = dataclasses.replace(base, id="UNCAPPED", max_words=None)
    scope = _build_scope([*generic, uncapped], backend())
    capped = [c.word_cap for c in scope.line_rules if c.word_cap is not None]
    assert len(set(capped)) > 1 and len(capped) == len(scope.line_rules) - 1
    assert len(scope.caps) == max(capped) + 2
    for words, mask in enumerate(scope.caps):
        assert mask == sum(1 << c.order for c in scope.line_rules if c.word_cap is None or c.word_cap >= words), words
    # A rule's cap is its `max_words`, or its pattern's bound where that is lower (IMG001: one word, not 60).
    for c in scope.line_rules:
        bound = word_bound(c.rule.trigger, c.rule.ignorecase)
        caps = [x for x in (c.rule.max_words, bound) if x is not None]
        assert c.word_cap == (min(caps) if caps else None), c.rule.id
    assert any(c.word_cap is not None and c.word_cap < (c.rule.max_words or 0) for c in scope.line_rules)


def test_lines_settled_by_their_opening_are_lines_no_rule_matches() -> None:
    """`_settle_without_rules` answers None, without `match`, for lines holding a literal of rules that cannot start
    as the line starts. On the fixture pages, every such line is one `match` also answers None for, and the
    opening settles some lines (so the test reads lines that hold a literal, and fails if the check is dropped)."""
    from cleaner.rules import prefilter as pf

    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    texts = [p.read_text(encoding="utf-8") for p in sorted(fixtures.glob("*/*.txt"))]
    assert len(texts) >= 10
    by_opening = 0
    for text in texts:
        p = RuleEngine(load_rules()).prefilter  # a fresh one: no line cache from another page
        scopes = p.scopes(())
        stripped = [s.strip() for s in split_lines(text)]
        doc = p.document(scopes, "", stripped)
        for s in {s for s in stripped if s}:
            masks = p.masks_of(doc, scopes, s)
            words = pf.word_count(s)
            in_cap = [m & scope.caps[min(words, len(scope.caps) - 1)] for m, scope in zip(masks, scopes, strict=True)]
            if s in doc.answers and doc.answers[s] is None and any(in_cap):
                by_opening += 1
                assert p.match(doc, scopes, s, []) is None, s
    assert by_opening > 100


def test_the_opening_memo_answers_as_the_first_character_then_the_opening_asked_in_turn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`Scope.opening_mask` reads one memo entry per opening (`heads`), filled from the one-character and the
    opening's `_opening` answers. On the fixture lines, on one- and two-character lines, and with masks that grow
    (a rule asked later of an opening already seen), it answers as the two tests asked in turn of a fresh scope,
    also when the memo is cleared on the way (a small bound here)."""
    from cleaner.rules import prefilter as pf

    monkeypatch.setattr(pf, "MAX_OPENINGS", 40)
    generic = [r for r in load_rules().rules if r.site is None]
    scope = pf._build_scope(generic, pf.backend())
    reference = pf._build_scope(generic, pf.backend())
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    lines = sorted({s.strip() for p in sorted(fixtures.glob("*/*.txt")) for s in split_lines(p.read_text("utf-8"))})
    lines += ["", "A", "a", "Ad", "©", "Fo", "Foto"]
    full = (1 << len(scope.line_rules)) - 1
    masks = [full, 0b1011, full & ~0b1011, 1 << (len(scope.line_rules) - 1)]
    ruled_out = 0
    for n, s in enumerate(lines):
        for mask in (masks[n % len(masks)], full):
            want = reference._opening(s[:1], mask)
            want = reference._opening(s[: pf.PREFIX_CHARS], want) if want and len(s) > 1 else want
            assert scope.opening_mask(s, mask) == want, (s, mask)
            ruled_out += want != mask
    assert ruled_out > 100


def test_a_rule_whose_literal_is_common_also_needs_its_second_literal() -> None:
    """FTR021 (a contact line) `requires` "tel", "phone" or "fono", which "hotel" and "telling" hold: a line is
    only its candidate when it also holds "fax" or "mail", which its pattern needs too (`second_literals`)."""
    from cleaner.rules import prefilter as pf

    p = RuleEngine(load_rules()).prefilter
    ftr021 = next(c for c in p.generic.line_rules if c.rule.id == "FTR021")
    assert ftr021.second_strings == ("fax", "mail")
    assert p.generic.seconds >> ftr021.order & 1
    lines = ["We stayed at the hotel, telling everyone about it.", "Tel: 01 23 45 67 89, email: desk@example.com"]
    masks = p.literal_lines([p.generic], lines)[0]
    assert not masks.get(lines[0], 0) >> ftr021.order & 1
    assert masks[lines[1]] >> ftr021.order & 1
    res = RuleEngine(load_rules()).apply(lines)
    assert [r.rule for r in res.removed] == ["FTR021"]
    # Sound: every drop example of a rule with second literals holds one of them (in its case mode).
    seconds = [c for c in p.generic.line_rules if c.second_strings]
    assert len(seconds) >= 3
    for c in seconds:
        for text in c.rule.drop_examples:
            held = text.lower() if c.casefold else text
            assert any(lit in held for lit in c.second_strings), (c.rule.id, text)
    assert pf.second_literals(r"(?i)news\s+(?:fund|back)") == (("back", "fund"), True)


def test_regex_takes_the_match_arguments_the_rules_pass_by_position() -> None:
    """The rules call `regex` as `rx.fullmatch(s, None, None, None, partial, timeout)` (prefilter.MATCH_TIMEOUT_S):
    each position means what the keyword did, for `fullmatch` and `search`, a partial match and a timeout alike."""
    rx = regex.compile(r"(?i)photo(?:graph)?s?: \w+")
    for s in ("Photo: Jo", "pho", "Photographs: x", "A photo: x", "", "x"):
        for name in ("fullmatch", "search"):
            method = getattr(rx, name)
            for partial in (False, True):
                by_keyword = method(s, partial=partial, timeout=MATCH_TIMEOUT_S)
                by_position = method(s, None, None, None, partial, MATCH_TIMEOUT_S)
                assert (by_keyword and (by_keyword.span(), by_keyword.partial)) == (
                    by_position and (by_position.span(), by_position.partial)
                ), (name, s, partial)
    assert rx.fullmatch("pho", None, None, None, True) is not None
    assert rx.fullmatch("pho", None, None, None, False) is None
    slow = regex.compile(r"(a|aa)+(b|c)$")
    with pytest.raises(TimeoutError):
        slow.search("a" * 40 + "!", None, None, None, False, 0.01)
