"""Headings that end bare paragraph text with nothing under them (HEU016): widget headings and the last teasers."""

from __future__ import annotations

from cleaner.heuristics import _block, with_later_copies
from tests.test_heuristics import run
from tests.test_heuristics_cohesion import ARTICLE, HEAD_BLOCK, MENU

ONLY = {"HEU016"}
# A related widget's heading and its headlines, the last one cut short to fit its box, as a page's <p>/<h> text ends.
ENDING = [
    "Elsewhere on Harbour News",
    "Ferry timetable changes 2021 for the winter season (update)",
    "Council approves new cycle lanes along the old...",
]


def test_headings_that_end_bare_text_go() -> None:
    lines, removed = run("\n".join([*HEAD_BLOCK, *ARTICLE, *ENDING]), mode="auto", enabled=ONLY)
    assert not set(ENDING) & lines
    assert set(HEAD_BLOCK) | set(ARTICLE) <= lines
    assert {r.rule for r in removed} == {"HEU016"}


def test_a_source_note_a_lone_ellipsis_and_a_credit_line_stay() -> None:
    # A source note holds sentences inside; "All..." is one word; a credit is a label and a short value. The credit
    # stays, and the headline above it still goes.
    tail = ["Aus: Das Brandenbuch. Ein Land in Stichworten, Potsdam 2015"]
    assert set(tail) <= run("\n".join([*HEAD_BLOCK, *ARTICLE, *tail]), mode="auto", enabled=ONLY)[0]
    assert "All..." in run("\n".join([*HEAD_BLOCK, *ARTICLE, "All..."]), mode="auto", enabled=ONLY)[0]
    lines = run("\n".join([*HEAD_BLOCK, *ARTICLE, ENDING[1], "Main image credit: Getty"]), mode="auto", enabled=ONLY)[0]
    assert "Main image credit: Getty" in lines
    assert ENDING[1] not in lines


def test_headings_under_a_line_that_is_no_paragraph_stay() -> None:
    # The line above the run must end a paragraph: under a list line the headings are the list's last items.
    tail = ["open on weekdays from 9 to 5", "Saturday mornings", "Sunday by appointment"]
    assert set(tail) <= run("\n".join([*HEAD_BLOCK, *ARTICLE, *tail]), mode="auto", enabled=ONLY)[0]


def test_where_the_learned_stage_reads_the_headings_are_left_to_it() -> None:
    # Ten short fragments (a menu) make the stage read the page: a cut there changed what it is trained on.
    text = "\n".join([*MENU, *HEAD_BLOCK, *ARTICLE, *ENDING])
    assert set(ENDING) <= run(text, mode="auto", enabled=ONLY)[0]


def test_a_cut_heading_takes_its_later_copies_along() -> None:
    # A round reads the page without its repeats: the copies of "Reply" further down would come back one a round.
    view = ["Reply", "A reader's comment, two sentences long. It ends here.", "Reply", "Another comment.", "Reply"]
    blocks = [_block(view, [0], "HEU016"), _block(view, [1], "HEU007")]
    out = with_later_copies(blocks, view, "HEU016")
    assert sorted(i for b in out if b.removal.rule == "HEU016" for i in b.lines) == [0, 2, 4]
    assert with_later_copies(blocks[1:], view, "HEU016") == blocks[1:]


def test_heu016s_margin_is_the_lines_the_top_matter_stage_moves() -> None:
    # regions cannot import top_block (a cycle), so the value is written twice; the gate needs them equal.
    from cleaner.heuristics.regions import END_MARGIN
    from cleaner.metadata.top_block import PLAIN_MOVES

    assert END_MARGIN == PLAIN_MOVES
