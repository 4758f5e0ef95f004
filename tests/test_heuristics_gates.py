"""The cheap gates and per-line memos of HEU008/HEU009 skip only work whose result could not count."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import learned, stages
from cleaner.heuristics import comments, teasers
from cleaner.heuristics.features import GOOD
from cleaner.metadata.top_block import settle_top_matter
from cleaner.model import Removal
from cleaner.stages import heuristics as heuristics_stage
from cleaner.stages.base import Capture, Context, StageOutput
from tests.test_heuristics import PARAGRAPHS
from tests.test_heuristics_threads import TEASERS

LINES = [
    "Anna Smith says:",
    "Aldo dijo:",
    "Catherine on September 13, 2018 at 5:23 pm said:",
    "14. August 2015 um 7:20",
    "2 days ago at 07:52 am",
    "Wiesi 16.10.19 10:08",
    "Antworten",
    "3 likes",
    "Rating: 36 Votes",
    "The minister said:",
    "At 10.30 the council met again, and the price of a ticket rose to 3.50 euros by the evening, as the papers said.",
    "Opening hours: 9:00 to 17:00",
    "A plain line of prose that ends like a sentence.",
    "",
]


def test_signature_candidates_hold_every_line_a_name_or_stamp_signature_could_be() -> None:
    signs = {k for k, s in enumerate(LINES) if comments._kind.__wrapped__(s) not in (None, "action")}  # type: ignore[attr-defined]
    assert len(signs) >= 5
    found = comments.sign_candidates(LINES)
    assert signs <= set(found) and found == sorted(found)
    assert all(comments._kind.__wrapped__(LINES[k]) in (None, "action") for k in set(range(len(LINES))) - set(found))  # type: ignore[attr-defined]
    assert comments.sign_candidates(["Antworten", "A plain line of prose.", ""]) == []


def test_remembered_signature_kinds_are_the_computed_ones() -> None:
    for s in LINES * 2:
        assert comments._kind(s) == comments._kind.__wrapped__(s)  # type: ignore[attr-defined]


def test_remembered_signature_candidates_are_the_computed_ones() -> None:
    """`sign_candidates` reads each line's test from a per-line memo (the stage's rounds read a page again): the same
    positions as the test computed afresh, on a page read twice and in another order, the memo warm."""
    for texts in (LINES, LINES[::-1], [*LINES, *LINES], [s.upper() for s in LINES]):
        computed = [k for k, s in enumerate(texts) if comments._may_sign.__wrapped__(s)]  # type: ignore[attr-defined]
        assert comments.sign_candidates(texts) == computed
        assert comments.sign_candidates(texts) == computed
    # Colon ends, and short lines with a clock; not the long line with one (10), nor "Reply" lines or prose.
    assert comments.sign_candidates(LINES) == [0, 1, 2, 3, 4, 5, 9, 11]


def test_a_standfirst_counts_the_words_that_start_lowercase() -> None:
    """A standfirst needs LOWER_SHARE of its words to start lowercase, read on each word's first character (not
    ASCII only)."""
    lower = "über die Brücke fahren jeden Tag viele Menschen zur Arbeit."
    upper = "Über Die Brücke Fahren Jeden Tag Viele Menschen Zur Arbeit."
    assert teasers._standfirst.__wrapped__(lower) and not teasers._standfirst.__wrapped__(upper)  # type: ignore[attr-defined]
    share = "Eins Zwei Drei Vier Fünf Sechs Sieben acht neun zehn."  # 3 of 10 start lowercase: LOWER_SHARE exactly
    assert teasers._standfirst.__wrapped__(share)  # type: ignore[attr-defined]
    assert not teasers._standfirst.__wrapped__(share.replace("acht", "Acht"))  # type: ignore[attr-defined]


def _page(units: int) -> tuple[list[int], list[int], list[str]]:
    lines = [*PARAGRAPHS, *(x for head, author, standfirst in TEASERS[:units] for x in (head, author, standfirst))]
    return list(range(len(lines))), [GOOD] * len(lines), lines


def test_strong_pair_count_bounds_the_teaser_units() -> None:
    nonblank, cls, lines = _page(4)
    assert teasers.strong_pairs(nonblank, cls, lines) >= teasers.UNITS_MIN
    assert teasers.teaser_lines(nonblank, cls, lines)
    nonblank, cls, lines = _page(3)
    assert teasers.strong_pairs(nonblank, cls, lines) == 3
    assert teasers.teaser_lines(nonblank, cls, lines) == []


def test_strong_pairs_split_by_two_prose_lines_in_a_row_do_not_add_up() -> None:
    # Subheadings each over two paragraphs: every pair stands alone, so the scan is skipped.
    lines = [
        *PARAGRAPHS,
        *(x for head, author, standfirst in TEASERS[:4] for x in (head, author, standfirst, PARAGRAPHS[0])),
    ]
    nonblank, cls = list(range(len(lines))), [GOOD] * len(lines)
    assert teasers.strong_pairs(nonblank, cls, lines) == 1
    assert teasers.teaser_lines(nonblank, cls, lines) == []


def test_head_test_reads_the_end_before_the_words() -> None:
    def reference(s: str) -> bool:
        # The head test as first written: the word count, then the end.
        if not s or (s.count(" ") >= teasers.HEAD_WORDS and len(s.split()) > teasers.HEAD_WORDS):
            return False
        end = s.rstrip(teasers.CLOSERS)[-1:]
        return end not in teasers.SENTENCE_END or end == "?"

    long = " ".join(["word"] * 20)
    for s in [*LINES, long, long + ".", long + "?", "Why is it closed?", "Headline (2)", "Quote.”", "- item"]:
        assert teasers._weak_head(s) == reference(s), s


def test_the_stage_gate_skips_the_top_matter_only_where_its_move_cannot_change_the_answer() -> None:
    """`_read_by_stage` answers without `settle_top_matter` on a page still read with PLAIN_MOVES lines gone: pages
    around the stage's counts, with a headline and a standfirst that are short fragments themselves (both move out)."""

    def settled(view: list[str | None], ctx: Context) -> bool:  # the gate as it was, always settling the top matter
        if not learned.worth_reading(view):
            return False
        moved = settle_top_matter(view, {c.removal.line - 1 for c in ctx.captures}).moved()
        return learned.worth_reading([None if i in moved else s for i, s in enumerate(view)])

    engine = cleaner.default_cleaner().engine
    headline = "Council agrees the budget after a long debate"
    standfirsts = ["Councillors backed the plan by a narrow margin,", "Councillors backed the plan by a narrow margin."]
    prose = "The council met on Tuesday and agreed the budget after a long debate about housing and roads."
    menu = ["Home", "World", "Politics", "Business", "Sport", "Culture", "Travel", "Science", "Health", "Video"]
    answers = set()
    for standfirst, dated, n, m in itertools.product([*standfirsts, None], (True, False), range(4, 15), range(4)):
        top: list[str | None] = [headline] if standfirst is None else [headline, standfirst]
        view = [*top, None, *(menu * 2)[:n], *[prose] * m]
        date = Removal("DATE001", "date", "3 March 2024", len(top) + 1)
        earlier = (StageOutput(captures=(Capture("date", "3 March 2024", date),) if dated else ()),)
        ctx = Context(stages.Settings(engine, "auto", frozenset()), (), None, earlier)
        expected = settled(view, ctx)
        assert heuristics_stage._read_by_stage(tuple(view), ctx) is expected, (standfirst, dated, n, m)
        answers.add((learned.worth_reading(view), expected))
    assert (True, False) in answers  # pages the top matter's move takes under the counts


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([" Menu 1 ", "", "   ", None, "A line that ends.", "x" * 80]),
            st.integers(0, 12).map(lambda n: f"Menu {n}"),
        ),
        max_size=30,
    ),
    st.sets(st.integers(0, 29)),
    st.booleans(),
)
def test_the_lazy_count_after_the_cuts_reads_the_lines_the_cut_and_dedupe_leave(
    view: list[str | None], cut: set[int], dedupes: bool
) -> None:
    # Repeats are judged after the cut: a line whose only earlier copy was cut stays.
    after = heuristics_stage.regions.without(view, cut & set(range(len(view))))
    left = heuristics_stage._without_repeats(after) if dedupes else after
    expected = [s.strip() for s in left if s and s.strip()]
    assert list(heuristics_stage._left(tuple(view), sorted(cut), dedupes)) == expected
    assert heuristics_stage._read_after(tuple(view), dedupes, cut) == learned.worth_reading(left)
