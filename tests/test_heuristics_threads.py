"""Comment threads by their per-comment lines (HEU008) and teaser lists with standfirsts (HEU009)."""

from __future__ import annotations

import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.heuristics import comments, regions
from tests.conftest import require_corpus
from tests.test_heuristics import FOOTER, PARAGRAPHS, body_lines, page, rules, run

COMMENT_BODIES = [
    "I drive over that bridge every single day and I am glad that the council is finally going to fix it.",
    "The ferry is a good idea, but the council should have thought about it years ago when the rust showed.",
    "My grandfather helped to build that bridge, and it is sad to see it in such a state after all these years.",
]
TEASERS = [
    ("Ferry service along the north bank will restart", "Jane Smith",
     "The service was stopped in the spring after a long dispute between the council and the operator."),
    ("Council approves a new budget for city roads", "Tom Brown",
     "Most of the money will go to the roads on the south side, where the potholes are worst this winter."),
    ("Harbour master named after a long search", "Ann Lee",
     "The new harbour master has worked at the port for twenty years and starts her new job in April."),
    ("School buses will take a longer route from May", "Jane Smith",
     "Parents were told in a letter that the buses would have to cross the river further upstream."),
]  # fmt: skip


def _thread(signature: list[str]) -> list[str]:
    """Three comments, each under its signature lines, as a page dump prints them."""
    out: list[str] = []
    for n, body in enumerate(COMMENT_BODIES):
        out += [s.format(n=n + 1) for s in signature] + [body]
    return out


def test_signature_line_shapes() -> None:
    assert comments.is_author("Bernd sagt:") and comments.is_author("Anna Smith says:")
    assert comments.is_said("Aldo dijo:") and not comments.is_author("The minister said:")
    assert comments.is_stamp("14. August 2015 um 7:20") and comments.is_stamp("March 3, 2012 at 4:15 pm")
    assert comments.is_stamp("2 days ago at 07:52 am") and comments.is_stamp("gestern, 14:02")
    assert not comments.is_stamp("19:04")  # a live ticker's time alone is no comment stamp
    assert comments.is_action("Antworten") and comments.is_action("Report abuse") and comments.is_action("3 likes")
    assert comments.is_action("Rating: 36 Votes")
    assert not comments.is_action("Reply to the council's letter")


def test_an_action_lines_remembered_kind_is_a_reply_link_or_another_action() -> None:
    """`thread_start` reads the lines no signature test took by `_action_kind`: a reply link (`is_reply`) is a "reply",
    another action line an "action", anything else none."""
    assert comments._action_kind("[Reply]") == comments._action_kind("Antworten") == "reply"
    assert comments._action_kind("Report abuse") == comments._action_kind("3 likes") == "action"
    assert comments._action_kind("Reply to the council's letter") is None


def test_thread_after_the_article_goes_from_its_first_signature() -> None:
    text = page(footer=[*_thread(["Reader {n} says:", "March {n}, 2021 at 4:15 pm"]), *FOOTER])
    lines, removed = run(text)
    assert not set(COMMENT_BODIES) & lines
    assert set(PARAGRAPHS) <= lines
    assert "HEU008" in {r.rule for r in removed}


def test_stamps_with_reply_links_make_a_thread() -> None:
    text = page(footer=[*_thread(["Reader {n}", "{n}.03.2021, 16:15", "Antworten"]), *FOOTER])
    assert "HEU008" in rules(text)


def test_comment_footers_that_carry_their_links_or_a_number_are_signatures() -> None:
    kind = comments._kind
    assert kind("by pachydermfan on Aug 8, 2012 7:01 PM PDT up reply actions") == "stamp+reply"
    assert kind("by Dharmesh Shah on December 4, 2010 at 10:42 pm. Reply #") == "stamp+reply"
    assert kind("Anna on March 3, 2012 at 4:15 pm | Reply | Report abuse") == "stamp+reply"
    assert kind("Comment #1 - Posted by: MattPatt at November 10, 2012 5:39 PM") == "said+stamp"
    assert kind("Posted by: Amy Gahran | Apr 6, 2007 1:21:27 PM") == "said+stamp"  # a clock with seconds
    # A sentence with a date and a time is no footer, nor is a time with its link but no date.
    assert kind("The ferry leaves at 10:30 on March 3 and comes back up") is None
    assert kind("10:31 am Reply") is None


@pytest.mark.parametrize(
    "footer",
    [
        "by Reader{n} on Mar {n}, 2021 4:15 PM EDT up reply actions",
        "Comment #{n} - Posted by: Reader {n} at March {n}, 2021 5:39 PM",
    ],
)
def test_a_thread_of_comment_footers_goes_from_its_first(footer: str) -> None:
    # The footer stands under each comment: the first comment, above any footer, is not marked and stays.
    thread = [x for n, body in enumerate(COMMENT_BODIES) for x in (body, footer.format(n=n + 1))]
    lines, removed = run(page(footer=[*thread, *FOOTER]), "auto")
    assert not set(COMMENT_BODIES[1:]) & lines
    assert set(PARAGRAPHS) <= lines
    assert "HEU008" in {r.rule for r in removed}


def test_replies_greeting_each_other_by_name_make_a_thread() -> None:
    text = page(footer=[*_thread(["Hi Reader {n},"]), *FOOTER])
    lines, removed = run(text)
    assert not set(COMMENT_BODIES) & lines and "HEU008" in {r.rule for r in removed}
    assert comments.is_greeting("Liebe Grüße, Melanie") and comments.is_greeting("Hallo zusammen,")
    assert not comments.is_greeting("Hello World program in Python")
    assert comments.sign_candidates(["", "Hi Anna,", "Hello World program in Python"]) == [1]


def test_one_quoted_letter_is_not_a_thread() -> None:
    letter = ["Dear Sir,", *COMMENT_BODIES[:2], "Best regards,", "A reader"]
    assert "HEU008" not in rules(page(middle=letter))


def test_past_tense_quote_intros_without_stamps_are_not_a_thread() -> None:
    # "X said:" over a quote is how articles print statements; without stamps or replies it stays.
    quotes = [x for n, body in enumerate(COMMENT_BODIES) for x in (f"Official {n + 1} said:", body)]
    assert set(COMMENT_BODIES) <= body_lines(page(middle=quotes))


def test_live_ticker_stamps_without_replies_are_not_a_thread() -> None:
    ticker = _thread(["3 March 2021, 1{n}:00"])
    assert "HEU008" not in rules(page(footer=[*ticker, *FOOTER]))


def test_thread_before_any_article_prose_stays() -> None:
    text = "\n".join(["Forum", "", *_thread(["Reader {n} says:"]), "", *PARAGRAPHS])
    assert "HEU008" not in rules(text)


def test_rule_removed_signatures_still_mark_the_thread() -> None:
    from cleaner.heuristics import propose
    from cleaner.pipeline import split_lines

    kept: list[str | None] = list(
        split_lines(page(footer=[*_thread(["Reader {n} on March {n}, 2021 at 4:15 pm said:"])]))
    )
    said = {i: s for i, s in enumerate(kept) if s and s.endswith("said:")}
    for i in said:
        kept[i] = None
    blocks, _ = propose(kept, mode="on", enabled={"HEU008"}, said=said)
    assert {COMMENT_BODIES[0]} <= {kept[i] for b in blocks for i in b.lines}


def _teaser_list(n: int) -> list[str]:
    return [x for head, author, standfirst in TEASERS[:n] for x in (head, author, standfirst)]


def test_teaser_list_with_standfirsts_after_the_article_goes() -> None:
    lines, removed = run(page(footer=[*_teaser_list(4), *FOOTER]))
    assert not {t[2] for t in TEASERS} & lines
    assert set(PARAGRAPHS) <= lines
    assert "HEU009" in {r.rule for r in removed}


def test_a_teaser_list_whose_headlines_open_with_a_quote_goes() -> None:
    quoted = [(f"'{head.split()[0]}' {' '.join(head.split()[1:])}", a, sf) for head, a, sf in TEASERS]
    units = [x for head, author, standfirst in quoted for x in (head, author, standfirst)]
    lines, removed = run(page(footer=[*units, *FOOTER]))
    assert not {t[2] for t in TEASERS} & lines
    assert "HEU009" in {r.rule for r in removed}


def test_a_teaser_whose_standfirst_ends_in_a_colon_carries_the_list_across_it() -> None:
    units = _teaser_list(4)
    announcing = [
        "Budget hearings end with no deal",
        "Tom Brown",
        "The council met for six hours on Monday. Here is what we learned:",
    ]
    assert announcing[2] in _teaser_units_taken(page(footer=[*units[:6], *announcing, *units[6:], *FOOTER]))


def test_a_standfirst_ending_in_a_colon_does_not_make_a_unit_strong() -> None:
    units = _teaser_list(3)
    announcing = [
        "Budget hearings end with no deal",
        "Tom Brown",
        "The council met for six hours on Monday. Here is what we learned:",
    ]
    assert not _teaser_units_taken(page(footer=[*units, *announcing, *FOOTER]))


def _teaser_units_taken(text: str) -> set[str]:
    """The lines HEU009 alone takes from a page."""
    from cleaner.heuristics import propose
    from cleaner.pipeline import split_lines

    kept: list[str | None] = list(split_lines(text))
    blocks, _ = propose(kept, mode="on", enabled={"HEU009"})
    return {kept[i] or "" for b in blocks for i in b.lines}


def test_three_subheadings_with_one_paragraph_each_stay() -> None:
    assert "HEU009" not in rules(page(footer=[*_teaser_list(3), *FOOTER]))


def test_a_question_teaser_inside_a_teaser_list_goes_with_it() -> None:
    units = _teaser_list(4)
    question = [
        "What will the new bridge look like?",
        "Ann Lee",
        "Three designs are on show in the town hall this week.",
    ]
    text = page(footer=[*units[:6], *question, *units[6:], *FOOTER])
    assert question[2] not in body_lines(text)


def test_question_headlines_alone_are_not_a_teaser_list() -> None:
    faq = [x for n in range(5) for x in (f"Why is bridge number {n} closed?", "The steel in its span corroded.")]
    assert "HEU009" not in rules(page(footer=[*faq, *FOOTER]))


def test_comment_header_a_rule_took_still_starts_the_thread() -> None:
    from cleaner.heuristics import propose
    from cleaner.pipeline import split_lines

    kept: list[str | None] = list(split_lines(page(footer=["Comments", *COMMENT_BODIES, *FOOTER])))
    head = kept.index("Comments")
    kept[head] = None
    blocks, _ = propose(kept, mode="on", enabled={"HEU007"}, said={head: "Comments"})
    assert set(COMMENT_BODIES) <= {kept[i] for b in blocks for i in b.lines}


def test_archive_widget_of_counted_labels_goes_but_one_counted_line_stays() -> None:
    widget = ["Politics (47)", "October 2009 (3)", "Local News (12)", "Sport (5)"]
    lines, removed = run(page(footer=[*widget, *FOOTER]))
    assert not set(widget) & lines and "HEU010" in {r.rule for r in removed}
    assert "Votes cast (3)" in body_lines(page(middle=["Votes cast (3)"]))


def test_counted_lines_are_found_on_the_lines_as_read_whatever_their_spaces() -> None:
    """HEU010's run finder skips a line without ")" before stripping it: a counted line with spaces or a tab after
    its count, or before its label, still counts, as it does once stripped; a line with ")" inside it only, a removed
    line (None) and a blank one break the run. Fails on a skip that reads the last character before the strip."""
    lines = ["Politics (47)  ", "\tOctober 2009 (3)\t", " Sport (5)", "Votes (3) cast", None, "Local (1)", "", "A (2)"]
    assert regions._counted_runs(range(len(lines)), lines) == [0, 1, 2]
    stripped = [s.strip() if s else s for s in lines]
    for a in range(len(lines)):
        for b in range(a + 1, len(lines) + 1):
            run = [*range(a, b), *range(a)]
            assert regions._counted_runs(run, lines) == regions._counted_runs(run, stripped)


# The same teaser list with its headlines cut short to fit their boxes ("… will re...").
CUT_SHORT = [(f"{head.rsplit(' ', 1)[0]} {head.rsplit(' ', 1)[1][:2]}...", by, first) for head, by, first in TEASERS]


def test_a_teaser_list_with_headlines_cut_short_goes_where_the_learned_stage_does_not_read() -> None:
    units = [x for head, _by, first in CUT_SHORT for x in (head, first)]
    lines, removed = run(page(top=[], footer=units), "auto")
    assert not set(units) & lines
    assert set(PARAGRAPHS) <= lines
    assert "HEU009" in {r.rule for r in removed}


def test_headlines_cut_short_are_no_heads_where_the_learned_stage_reads() -> None:
    # Short fragments the cuts leave (lowercase, with a number: auto mode's bare-text tail cut spares them) make the
    # stage read the page.
    units = [x for head, _by, first in CUT_SHORT for x in (head, first)]
    notes = [f"note {n} on the bridge works" for n in range(12)]
    lines, _removed = run(page(top=[], footer=[*units, *notes]), "auto")
    assert set(units) <= lines


def test_a_month_the_date_search_takes_is_a_whole_run_of_letters() -> None:
    """`_dated` reads a line's letter runs for `_date`'s months: every code point the case-blind search takes for a
    month's letter must be a letter (`\\p{L}`), and an ASCII one only the letter itself in either case."""
    months = comments._months()
    letters = sorted(set("".join(months)))
    one = regex.compile("[" + "".join(regex.escape(c) for c in letters) + "]", regex.IGNORECASE)
    letter = regex.compile(r"\p{L}")
    taken = [c for c in map(chr, range(sys.maxunicode + 1)) if one.fullmatch(c)]
    assert [hex(ord(c)) for c in taken if not letter.fullmatch(c)] == []
    for c in map(chr, range(128)):
        for x in letters:
            assert (regex.fullmatch(regex.escape(x), c, regex.IGNORECASE) is not None) == (c.lower() == x), (c, x)


# Pieces the date search reads: months in every case and with accents cut, numbers, separators, letters of other
# scripts, long S and the Kelvin sign (which a case-blind search takes for "s" and "k"), combining marks.
DATE_PIECES = [
    *("März", "MÄRZ", "märz", "Marz", "mar", "Mar.", "march", "marchx", "xmarch", "Dezember", "déc", "DÉCEMBRE"),
    *("września", "WRZEŚNIA", "sie", "ſie", "\u212aw", "styczeń", "Juni", "juin", "juil", "août", "Aug", "AUG"),
    *("12.03.2021", "1/2/21", "2021-03-04", "12-3-2021", "1.2.3", "20210304", "7:20", "um", "at", "on", "den"),
    *(" ", "  ", ",", ".", "-", "/", "_", "1", "42", "é", "\u0301", "σ", "ς", "İ", "ı", "ß", "ẞ", "日", "😀", "x"),
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=8).map("".join))
def test_dated_is_the_date_search_on_any_line(s: str) -> None:
    assert comments._dated(s) == (comments._date().search(s) is not None), s


def test_dated_is_the_date_search_on_every_code_point() -> None:
    """Any code point right before, right after or in place of a month's letter."""
    for n in range(0, sys.maxunicode + 1, 7):
        c = chr(n)
        for s in (f"{c}march 3", f"3 march{c}", f"3 mar{c}h", f"{c}", f"12.03{c}2021", f"{c}mai{c}", f"ma{c}"):
            assert comments._dated(s) == (comments._date().search(s) is not None), hex(n)


@pytest.mark.corpus
def test_dated_is_the_date_search_on_the_dev_corpus_short_lines() -> None:
    corpus = require_corpus()
    seen: set[str] = set()
    for path in sorted(corpus.glob("*/*/*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            s = line.strip()
            if s and len(s) <= 120 and s not in seen:
                seen.add(s)
                assert comments._dated(s) == (comments._date().search(s) is not None), s


def test_an_action_line_opens_with_one_of_the_openers_where_it_opens_with_ascii() -> None:
    """`action_kinds` (and its kernel) hand a short line opening with an ASCII code point to `_action_kind` only where
    it is one of ACTION_OPENERS: no line opening with another can match the action pattern (a partial match of the one
    code point is none)."""
    pattern = comments._pattern(comments._ACTION)
    for c in map(chr, range(128)):
        assert (pattern.match(c, partial=True) is not None) == (c in comments.ACTION_OPENERS), repr(c)


def test_action_kinds_skip_only_lines_that_are_no_action() -> None:
    lines: list[str | None] = [
        *("Reply", "[Reply]", "3 likes", "Report abuse", "Gefällt mir", "Zitieren", "Ügly", " Like ", "ReplyDelete"),
        *("#reply", "- Reply", "(Reply)", "!Like", "ok", "Some text here", None, ""),
    ]
    order = list(range(len(lines)))
    expected = {}
    for k, line in enumerate(lines):
        s = (line or "").strip()
        if s and len(s) <= comments.ACTION_CHARS and (kind := comments._action_kind(s)) is not None:
            expected[k] = kind
    assert comments.action_kinds(order, lines, None) == expected
    assert comments._actions(order, lines, None) == expected
    assert set(expected) == {0, 1, 2, 3, 4, 5, 7, 8}
