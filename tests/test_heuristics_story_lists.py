"""Other stories' headlines above (HEU011) and below (HEU012) the article, on text with no menu: a <p>/<h> rendering."""

from __future__ import annotations

from collections.abc import Sequence

from tests.test_heuristics import PARAGRAPHS, run

OTHER_STORIES = [
    "Ferry service along the north bank will restart",
    "Council approves a new budget for city roads",
    "Harbour master named after a long search",
    "School buses will take a longer route from May",
    "Why the old market hall is still empty",
]
HEAD_BLOCK = ["Harbour bridge to close for two years", "By Jane Smith", "March 3, 2021"]
PROMO = "Chat with us on our messenger channel. Find out what is happening in the city as it unfolds."


def _rendering(above: list[str], *, intro: Sequence[str] = ()) -> str:
    """A <p>/<h> rendering: what stands above the article, then its headline block and its paragraphs."""
    return "\n".join([*intro, *above, *HEAD_BLOCK, *PARAGRAPHS])


def test_headline_list_above_the_article_goes_and_its_own_headline_stays() -> None:
    lines, removed = run(_rendering(OTHER_STORIES, intro=["Local news", "Tuesday", PROMO]), mode="auto")
    assert not set(OTHER_STORIES) & lines
    assert set(HEAD_BLOCK) | set(PARAGRAPHS) <= lines
    assert "HEU011" in {r.rule for r in removed}


def test_the_documents_own_headline_and_byline_stay_above_a_headline_list() -> None:
    # The text opens with its headline and byline, then other stories' headlines, then the article's prose.
    lines = run("\n".join([*HEAD_BLOCK[:2], *OTHER_STORIES, "Tuesday", *PARAGRAPHS]), mode="auto")[0]
    assert set(HEAD_BLOCK[:2]) <= lines


def test_verse_lines_after_the_opening_paragraph_stay() -> None:
    # A long opening paragraph alone is the article's start: quoted lyrics under it are not a headline list.
    verse = ["„My hero once, now he only talks", "Because at fifty he has nothing but his memories",
             "I helped him like an uncle that you love", "Who then twists the facts around on me"]  # fmt: skip
    text = "\n".join([HEAD_BLOCK[0], PARAGRAPHS[0], *verse, PARAGRAPHS[1], PARAGRAPHS[2]])
    assert set(verse) <= run(text, mode="auto")[0]


def test_numbered_list_above_the_article_stays() -> None:
    results = [f"{n}. Runner number {n} from Ulm 5{n},26 sec" for n in range(1, 6)]
    assert set(results) <= run(_rendering(results), mode="auto")[0]


def test_three_headlines_above_the_article_stay() -> None:
    assert set(OTHER_STORIES[:3]) <= run(_rendering(OTHER_STORIES[:3]), mode="auto")[0]


ONLY = {"HEU012"}
MORE_STORIES = [*OTHER_STORIES, "Library opening hours change for the summer", "Bridge protest draws a large crowd"]


def test_headline_list_after_the_article_goes() -> None:
    # HEU012 alone: HEU006 (headline-shaped lines after the last prose line) would take this list too, were it last.
    lines, removed = run("\n".join([*HEAD_BLOCK, *PARAGRAPHS, *MORE_STORIES, PROMO]), mode="auto", enabled=ONLY)
    assert not set(MORE_STORIES) & lines
    assert set(PARAGRAPHS) | {PROMO} <= lines
    assert "HEU012" in {r.rule for r in removed}


def test_short_list_or_list_followed_by_prose_after_the_article_stays() -> None:
    features = OTHER_STORIES[:5]
    assert set(features) <= run("\n".join([*HEAD_BLOCK, *PARAGRAPHS, *features]), mode="auto", enabled=ONLY)[0]
    inside = [*HEAD_BLOCK, *PARAGRAPHS[:2], *MORE_STORIES, *PARAGRAPHS[2:]]
    assert set(MORE_STORIES) <= run("\n".join(inside), mode="auto", enabled=ONLY)[0]
