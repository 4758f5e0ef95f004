"""The lines above an article's start are decided in one piece, and a second cleaning of the body moves nothing."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pytest

import cleaner
from cleaner.metadata.headline import TopMatter, find_top_matter, looks_like_standfirst
from cleaner.metadata.headline_lines import _dated
from cleaner.metadata.top_block import (
    DECK_RECURRING,
    SUBJECT_WORDS,
    _body,
    _decide,
    _has_digit,
    _subject_words,
    _summarises,
    settle_top_matter,
)
from tests.conftest import corpus_text_lines

HEADLINE = "Council agrees the budget after a long debate"
PROSE = [
    "The council met on Tuesday and agreed the budget after a long debate about housing and roads.",
    "Councillors said the plan would fund two new schools and repair the bridge over the river.",
    "The mayor thanked residents for their patience and promised a public meeting in the spring.",
]
# A deck under HEADLINE: none of its words are in the first paragraph, most of them in the article.
DECK = "Councillors say the plan will fund new schools and repair the bridge over the river"


def _clean(*top: str) -> cleaner.Article:
    return cleaner.clean("\n\n".join([*top, *PROSE]))


def _taken(art: cleaner.Article) -> list[str]:
    return [r.text for r in art.removed if r.rule == "TOP-label"]


def _settled(*top: str) -> TopMatter:
    return settle_top_matter([*top, *PROSE], set())


def test_labels_above_the_headline_go_and_the_headline_moves() -> None:
    art = _clean("World", "Europe", HEADLINE)
    assert art.headline == HEADLINE
    assert _taken(art) == ["World", "Europe"]
    assert art.body.startswith(PROSE[0])


def test_a_label_between_the_headline_and_the_prose_goes() -> None:
    # Two title-shaped lines in a row: the first lines alone cannot tell which is the headline.
    art = _clean(HEADLINE, "Breaking News Emails")
    assert art.headline == HEADLINE
    assert _taken(art) == ["Breaking News Emails"]


def test_a_line_with_a_digit_above_keeps_the_whole_top() -> None:
    assert _settled("Serves 12", "Recipes", HEADLINE) == TopMatter()


def test_a_prose_line_above_keeps_the_whole_top() -> None:
    teaser = "Read our guide to the new parking rules that start in the city centre next month."
    assert _settled(teaser, "News", "Local", "Politics", HEADLINE) == TopMatter()


def test_a_subtitle_between_the_headline_and_the_prose_keeps_the_top() -> None:
    assert _settled("News", HEADLINE, "Councillors back two new schools and a bridge.") == TopMatter()


def test_a_standfirst_with_a_date_below_it_moves_to_the_description() -> None:
    summary = "Councillors backed the plan by a narrow margin."
    art = _clean("Politics", HEADLINE, summary, "Published: 3 March 2024")
    assert (art.headline, art.description) == (HEADLINE, summary)
    assert _taken(art) == ["Politics"]


def test_no_block_where_the_start_looks_like_a_headline() -> None:
    # A headline ending in a bracket counts as a paragraph's end: the line above it is a menu row, not its title.
    start = "Conference on the revolutions of the nineteenth century in Europe (26 and 27 February, Berlin)"
    view = ["Search", "Articles, Research, Events", start, "28 January 2015 Leave a comment", *PROSE]
    assert settle_top_matter(view, set()) == TopMatter()


def test_a_text_the_learned_stage_still_reads_keeps_the_plain_move() -> None:
    labels = ["Home", "World", "Politics", "Business", "Sport", "Culture", "Travel", "Science", "Health", "Video"]
    assert _settled(*labels, HEADLINE) == TopMatter()
    assert _settled(*labels[:5], HEADLINE).headline is not None


def test_the_first_line_stays_where_moving_it_would_expose_a_block_to_a_second_cleaning() -> None:
    # The block cannot go (a digit above), the plain move would take the first line, and the body would then be a
    # label over the headline: a second cleaning would cut it. So nothing moves, and a second cleaning moves nothing.
    top = ("Top 10 stories of the week", "Sport", HEADLINE)
    assert _settled(*top) == TopMatter()
    once = _clean(*top)
    again = cleaner.clean(once.body)
    assert not again.removed and not again.extracted


def test_two_labels_between_the_headline_and_the_prose_keep_the_top() -> None:
    # A share bar over a photo credit: the line above them may be the bar's, not the article's headline.
    assert _settled("News", HEADLINE, "Image zoom", "Getty Images") == TopMatter()


def test_a_title_over_a_longer_deck_is_the_headline_and_a_kicker_is_not() -> None:
    # The deck is the longest title-shaped line, so the block is found with it as its head; the title above it names
    # the article's subject (five of its words are in the first paragraph, none of the deck's) and takes the headline.
    deck = "Residents in the north say the money for new schools still falls short of what was promised"
    assert _settled("News", HEADLINE, deck).headline == 1
    art = _clean("News", HEADLINE, deck)
    assert art.headline == HEADLINE
    # A kicker over the title names nothing of the subject: the title under it stays the headline.
    assert _settled("Economy and Business", HEADLINE) == TopMatter(headline=1, cut=(0,))


def test_a_dateline_under_the_title_gives_it_the_headline() -> None:
    # The dateline is longer than the title, and title-shaped, so the block is found with it as its head. The title
    # names none of the first paragraph's words: a dateline is never the title, whatever the title shares.
    dateline = "Posted by Jane Smith on March 3, 2024 at 10:00 in the afternoon"
    assert _settled("News", "A quiet week at the town hall", dateline) == TopMatter(headline=1, cut=(0, 2))
    # Not the furniture line right above the byline, but the longest title-shaped line the block reads there ...
    assert _settled("A quiet week at the town hall", "Make a comment", dateline) == TopMatter(headline=0, cut=(1, 2))
    # ... and not a breadcrumb that ends with the title.
    crumb = "Home News Local A quiet week at the town hall"
    assert _settled(crumb, "A quiet week at the town hall", dateline) == TopMatter(headline=1, cut=(0, 2))


def test_a_kicker_run_together_with_the_title_gives_it_the_headline() -> None:
    # The run-together line is the longest and so the block's head; it names the subject as much as the title does.
    title = "Council agrees the budget"
    assert _settled("News", title, f"Local politics {title}") == TopMatter(headline=1, cut=(0, 2))


def test_a_deck_under_its_title_moves_to_the_description_and_is_not_cut() -> None:
    # The deck is article text (the scorer's tf golds keep such decks): it leaves the body as the standfirst, as the
    # block's head it left it as the headline, never as a cut label. A short one (a byline label's length) is cut.
    assert _settled("News", HEADLINE, DECK) == TopMatter(headline=1, standfirst=2, cut=(0,))
    art = _clean("News", HEADLINE, DECK)
    assert (art.headline, art.description) == (HEADLINE, DECK)
    assert DECK not in _taken(art)
    assert _settled("News", "Council agrees budget", "Two new schools are promised") == TopMatter(
        headline=1, cut=(0, 2)
    )


def test_a_byline_read_as_a_deck_is_cut_not_moved_to_the_description() -> None:
    # Standfirst-shaped, but none of its words recur in the article: not its summary.
    byline = "Posted by Jane Smith, Senior Product Manager"
    assert _settled("News", HEADLINE, byline) == TopMatter(headline=1, cut=(0, 2))


def test_a_deck_over_a_standfirst_keeps_the_headline() -> None:
    # The description field is taken (a standfirst with its date line below): retitling would cut the deck, so the
    # block keeps its head as the headline and cuts the title above it, as before the retitling.
    summary = "Councillors backed the plan by a narrow margin."
    kept = ["News", HEADLINE, DECK, summary, None, *PROSE]
    assert settle_top_matter(kept, {4}) == TopMatter(headline=2, standfirst=3, cut=(0, 1))


def _summary_shaped(deck: str) -> bool:
    """The deck reaches `_credit`: case 2 reads it as a deck, it has a standfirst's shape and its words recur."""
    return looks_like_standfirst(deck) and _summarises(deck, PROSE) and not _dated(deck)


def test_a_credit_line_read_as_a_deck_is_cut_though_its_words_recur() -> None:
    # Each shares most of its words with the article, as a blog's byline or note does; its shape tells it apart.
    credits = [
        "(Mayor promised public meeting on river bridge)",  # wholly in brackets
        "3rd March 2024: Councillors say the plan will fund new schools",  # a date at its start
        "Posted by Jane Smith in Schools, River and Bridge Repair",  # a byline `find_byline` reads
        "Reviewed by: Jane Smith, schools plan and river bridge repair",  # a credit field
        "Jane Smith @janesmith on schools, the river bridge repair",  # an account named
        "Schools plan and river bridge repair, guest post by Jane Smith",  # signed at its end
    ]
    for deck in credits:
        assert _summary_shaped(deck), deck
        assert _settled("News", HEADLINE, deck) == TopMatter(headline=1, cut=(0, 2)), deck


def test_a_deck_that_repeats_the_title_is_cut() -> None:
    title = "Council agrees budget as councillors back plan to fund new schools"
    deck = "Councillors back plan to fund new schools"
    assert _summary_shaped(deck)
    assert _settled("News", title, deck) == TopMatter(headline=1, cut=(0, 2))


def test_a_deck_naming_someone_mid_sentence_still_moves_to_the_description() -> None:
    # "by" before a capitalised word inside the deck's prose is not a signature: the words after it go on.
    deck = "Schools plan funded, bridge repaired by Council workers over the river"
    assert _summary_shaped(deck)
    assert _settled("News", HEADLINE, deck) == TopMatter(headline=1, standfirst=2, cut=(0,))


def test_a_long_deck_quoting_an_account_still_moves_to_the_description() -> None:
    # A handle signs a line of a byline's length; a standfirst's sentence may quote one.
    deck = "Councillors say the plan will fund new schools, as @cityhall wrote, and repair the bridge over the river"
    assert _summary_shaped(deck)
    assert _settled("News", HEADLINE, deck) == TopMatter(headline=1, standfirst=2, cut=(0,))


def _settled_eagerly(kept: Sequence[str | None], metadata_lines: Collection[int]) -> TopMatter:
    """settle_top_matter as it was written before its candidates were made lazily: both candidates of each set of
    lines made up front, the second set tried even when it is the first again, each body a comprehension."""
    tried: list[TopMatter] = []
    for lines in (metadata_lines, ()):
        for found in (_decide(kept, lines), find_top_matter(kept, set(lines))):
            if found in tried:
                continue
            tried.append(found)
            gone = found.moved()
            if not _decide([None if i in gone else s for i, s in enumerate(kept)], ()).moved():
                return found
    return TopMatter()


def test_the_settled_top_is_the_one_every_candidate_made_up_front_gives() -> None:
    views: list[tuple[list[str | None], set[int]]] = [
        ([*top, *PROSE], lines)
        for top in (("World", "Europe", HEADLINE), (HEADLINE, DECK), ("Breaking", HEADLINE, "By Jane Doe"), ())
        for lines in (set(), {1}, {2, 3})
    ]
    for kept, lines in views:
        assert settle_top_matter(kept, lines) == _settled_eagerly(kept, lines)


@pytest.mark.corpus
def test_every_dev_corpus_text_settles_as_every_candidate_made_up_front_gives() -> None:
    moved = 0
    for lines in corpus_text_lines():
        # No metadata lines, and the first lines that a date or byline rule could have taken.
        dated = {i for i, s in enumerate(lines[:40]) if s and _dated(s)}
        for metadata_lines in (set(), dated):
            got = settle_top_matter(lines, metadata_lines)
            assert got == _settled_eagerly(lines, metadata_lines)
            moved += bool(got.moved())
        # A deck's summary test read to the end, against the test that stops once enough of its words recur.
        for deck in (s for s in lines[:60:7] if s):
            words = _subject_words(deck)
            recurring = {w for line in lines if line for w in words & _subject_words(line)}
            assert _summarises(deck, lines) == (len(recurring) >= max(SUBJECT_WORDS, DECK_RECURRING * len(words)))
    assert moved > 100  # the corpus exercises the candidates, not only "nothing moves"


def test_a_body_is_the_text_without_the_lines_the_top_takes_out() -> None:
    kept: list[str | None] = ["a", None, "b", "c", " ", "d"]
    for top in (
        TopMatter(),
        TopMatter(headline=0),
        TopMatter(headline=2, standfirst=3, cut=(0, 5)),
        TopMatter(cut=(9,)),
    ):
        gone = top.moved()
        assert _body(kept, top) == [None if i in gone else s for i, s in enumerate(kept)]
    assert kept == ["a", None, "b", "c", " ", "d"]  # a copy: the view itself is left as it was


def test_a_digit_is_what_str_isdigit_calls_one_in_any_line() -> None:
    for code in range(0x110000):
        ch = chr(code)
        for line in (ch, f"Top {ch} story", f"Schöne {ch}"):
            assert _has_digit(line) == any(c.isdigit() for c in line), hex(code)
