"""A quote box's text printed twice, the whole box on one line and then its paragraphs again (HEU017)."""

from __future__ import annotations

import cleaner
from cleaner.heuristics.copies import nested_copies
from tests.test_heuristics import run
from tests.test_heuristics_cohesion import ARTICLE, HEAD_BLOCK, MENU
from tests.test_heuristics_end_headings import ENDING

ONLY = {"HEU017"}
# An embedded post as a page's <p>/<h>/<blockquote> text holds it: the blockquote's text with its attribution, then
# the post's paragraph inside it once more.
TWEET = (
    "The bridge closure will hit the north quay shops hardest, and the ferry will not make up for it. "
    "https://t.co/Ab12Cd— Dunmore Traders (@dunmoretraders) March 3, 2021"
)
TWEET_TEXT = TWEET.split("— ")[0]
# A quoted letter of three paragraphs: the box, then each paragraph.
LETTER = [
    "Dear Councillors, we ask you to keep the bridge open to buses. Hundreds of pupils cross it every morning. "
    "Yours, the parents of Dunmore school",
    "Dear Councillors, we ask you to keep the bridge open to buses.",
    "Hundreds of pupils cross it every morning.",
    "Yours, the parents of Dunmore school",
]


def _page(*middle: str) -> str:
    return "\n".join([*HEAD_BLOCK, *ARTICLE[:3], *middle, *ARTICLE[3:]])


def test_the_copy_under_a_quote_box_goes_and_the_box_stays() -> None:
    lines, removed = run(_page(TWEET, TWEET_TEXT), mode="auto", enabled=ONLY)
    assert TWEET in lines
    assert TWEET_TEXT.strip() not in lines
    assert set(ARTICLE) <= lines
    assert [r.rule for r in removed] == ["HEU017"]


def test_a_boxs_later_paragraphs_go_with_its_first_and_the_next_line_stays() -> None:
    # The run goes on while each line lies inside the box; the article's next paragraph does not, and ends it.
    assert nested_copies(LETTER) == [1, 2, 3]
    lines, _ = run(_page(*LETTER), mode="auto", enabled=ONLY)
    assert LETTER[0] in lines
    assert not set(LETTER[1:]) & lines
    assert set(ARTICLE) <= lines


def test_a_short_line_that_starts_the_line_above_is_no_copy() -> None:
    # Under COPY_MIN_CHARS: a label, a name, a short heading that the next paragraph happens to start with.
    assert nested_copies(["Mayor Ellen Hart said the ferry would run from May.", "Mayor Ellen Hart"]) == []


def test_copies_set_apart_by_blank_lines_stay() -> None:
    # Text that parts its blocks with blank lines prints no block inside another: a second copy there is the page's
    # own (a post's teaser with its whole text over the post), which golds keep.
    assert nested_copies([TWEET, "", TWEET_TEXT]) == []
    assert nested_copies([TWEET, None, TWEET_TEXT]) == [2]


def test_where_the_learned_stage_reads_the_copy_is_left_to_it() -> None:
    # Ten short fragments (a menu) make the stage read the page: a cut there changed what it is trained on.
    lines, _ = run("\n".join([*MENU, _page(TWEET, TWEET_TEXT)]), mode="auto", enabled=ONLY)
    assert TWEET_TEXT.strip() in lines


def test_on_bare_text_that_the_other_heuristics_read_the_copy_goes_too() -> None:
    # A tail of headings makes the page one the other cuts read (`regions.decide`): the copy goes there as well.
    lines, removed = run(_page(TWEET, TWEET_TEXT) + "\n" + "\n".join(ENDING), mode="auto", enabled=ONLY | {"HEU016"})
    assert TWEET_TEXT.strip() not in lines
    assert {r.rule for r in removed} == {"HEU016", "HEU017"}


def test_a_second_cleaning_takes_nothing_more() -> None:
    once = cleaner.clean(_page(*LETTER, TWEET, TWEET_TEXT))
    assert {r.rule for r in once.removed} >= {"HEU017"}
    again = cleaner.clean(once.body)
    assert again.body == once.body
    assert "HEU017" not in {r.rule for r in again.removed}


def test_on_text_no_other_heuristic_reads_the_gate_still_holds() -> None:
    # Text with no chrome at all goes to `regions.decide_copies`, which asks the same gate.
    from cleaner.heuristics.regions import decide_copies

    lines = [TWEET, TWEET_TEXT]
    assert decide_copies(lines, [1], lambda: False, lambda _cut: False) == [(1, "HEU017")]
    assert decide_copies(lines, [1], lambda: True, lambda _cut: False) == []
    assert decide_copies(lines, [1], lambda: False, lambda _cut: True) == []
