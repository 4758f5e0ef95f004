"""Edge text that shares no subject with the article (HEU013): other stories' standfirsts, promos, notices."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.heuristics import cohesion, lang, story_lists
from tests.test_heuristics import run

ONLY = {"HEU013"}
HEAD_BLOCK = ["Harbour bridge in Dunmore to close for two years", "By Jane Smith", "March 3, 2021"]
ARTICLE = [
    "The Dunmore council voted on Tuesday to close the harbour bridge to cars until 2023, after engineers from "
    "Kessler Engineering found corroded steel in the bridge's main span.",
    "Kessler Engineering told the council that the corroded steel could not carry heavy traffic, and that repairs "
    "to the main span of the harbour bridge would take at least two years.",
    "Mayor Ellen Hart said the council had no choice but to close the bridge, because the engineers' report left "
    "no doubt that the corroded span was a danger to drivers crossing the harbour.",
    "Hart said a ferry across the harbour would run from May while the bridge is closed, and that the council "
    "would ask Kessler Engineering for a second report on the span in 2022.",
    "Shopkeepers on the north quay of Dunmore harbour fear that fewer customers will reach them while the bridge "
    "is closed, and the chamber of commerce asked Hart to cut parking fees near the ferry.",
    "The harbour bridge opened in 1961 and last had its span repaired in 1994, when Kessler Engineering replaced "
    "the deck; the council expects the new repairs to cost about 40 million pounds.",
    "Engineers at Kessler Engineering will first test every steel cable of the harbour bridge, Hart said, and "
    "the council will then decide whether the corroded span of the Dunmore bridge must be rebuilt in full.",
    "Commuters who cross the Dunmore bridge each morning will need an extra half hour, Hart warned, and the "
    "council will publish ferry timetables and detour maps on its website before the closure begins.",
]
# Prose that belongs to other stories and notices: none of it shares a name or many words with the article.
FOREIGN = [
    "Tickets for the autumn music festival go on sale next week, with three stages and a lineup of folk singers.",
    "Sign up for our weekly newsletter to receive recipes, gardening tips and offers from our partners by email.",
    "Police are appealing for witnesses after a shop window was smashed during a late-night burglary.",
]
# Short edge lines: judged (four content words or more) or not, one naming the article's Kessler, a list item.
EDGE_LINES = [
    "Weekend walks along the coastal path with a local guide",
    "Share",
    "Turbines for the wind farm off the coast are also built by Kessler",
    "- Guided kayak tours around the marina on summer weekends",
    "Advertisement",
]


# A share bar: the short line that parts an article from what follows it on most pages.
SHARE = "Share"


def test_unrelated_prose_below_the_article_goes_and_the_article_stays() -> None:
    lines, removed = run("\n".join([*HEAD_BLOCK, *ARTICLE, SHARE, *FOREIGN]), enabled=ONLY)
    assert not set(FOREIGN) & lines
    assert set(HEAD_BLOCK) | set(ARTICLE) <= lines
    assert {r.rule for r in removed} == {"HEU013"}


def test_the_articles_closing_paragraph_stays_though_it_shares_few_words() -> None:
    # A last paragraph in words of its own straight under the article's prose, with no short line between (a
    # column's parting line): it stays, and the foreign run below it still goes.
    closing = "Whatever happens next, the folk who live here have seen worse winters than this one and came through."
    lines = run("\n".join([*HEAD_BLOCK, *ARTICLE, closing, SHARE, *FOREIGN]), enabled=ONLY)[0]
    assert closing in lines
    assert not set(FOREIGN) & lines


def test_unrelated_prose_above_the_article_goes_and_its_headline_block_stays() -> None:
    lines = run("\n".join(["Local news", "Today", "Menu", *FOREIGN, *HEAD_BLOCK, *ARTICLE]), enabled=ONLY)[0]
    assert not set(FOREIGN) & lines
    assert set(HEAD_BLOCK) | set(ARTICLE) <= lines


def test_the_standfirst_under_the_headline_stays_though_it_shares_few_words() -> None:
    # The article's headline (it shares the subject) over a dateline, a standfirst that sums the article up in other
    # words, and a gallery and a subheading above the body: the dateline and the standfirst were a run of two judged
    # lines at the top edge, and went. Prose above the headline still goes (the test above).
    standfirst = (
        "What does a long wait mean for a small town that lives from its waterfront? We spoke to residents, traders "
        "and experts about the months ahead."
    )
    dateline = "Updated 27.04.2021 14:51 by the newsroom"
    top = ["News", "Local", HEAD_BLOCK[0], dateline, standfirst, "12", "Open the gallery", "What the engineers found:"]
    lines = run("\n".join([*top, *ARTICLE]), enabled=ONLY)[0]
    assert {dateline, standfirst} <= lines


def test_a_line_sharing_a_name_with_the_article_stops_the_cut() -> None:
    # The cut runs from the edge inward: the line naming Kessler and everything between it and the article stay.
    # (Edge lines here are no paragraphs, so none can join the article's cohesive core instead.)
    named = "Turbines for the wind farm off the coast are also built by Kessler"
    lines = run("\n".join([*HEAD_BLOCK, *ARTICLE, FOREIGN[0], named, *FOREIGN[1:]]), enabled=ONLY)[0]
    assert {FOREIGN[0], named} <= lines
    assert not set(FOREIGN[1:]) & lines


def test_a_list_item_at_the_edge_stops_the_cut() -> None:
    item = "- Guided kayak tours around the marina on summer weekends"
    lines = run("\n".join([*HEAD_BLOCK, *ARTICLE, *FOREIGN[:2], item]), enabled=ONLY)[0]
    assert {*FOREIGN[:2], item} <= lines


def test_an_edge_text_whose_lines_share_names_stays() -> None:
    # Lines that name the same things among themselves are a text of their own (an article the core missed).
    own = [
        "Growers near Haro expect a late Tempranillo harvest in the hills this autumn",
        "Wineries in Haro age their Tempranillo in oak casks for three winters",
    ]
    assert set(own) <= run("\n".join([*HEAD_BLOCK, *ARTICLE, *own]), enabled=ONLY)[0]


def test_nothing_is_cut_with_too_little_article_to_judge() -> None:
    text = "\n".join([*HEAD_BLOCK, *ARTICLE[:2], *FOREIGN])
    assert set(FOREIGN) <= run(text, enabled=ONLY)[0]


# Ten short fragments (a menu): the learned stage reads such a page.
MENU = ["Home", "News", "Sport", "Weather", "Business", "Culture", "Travel", "Video", "Podcasts", "Contact"]


def test_where_the_learned_stage_reads_only_the_bottom_edge_is_cut() -> None:
    # The top edge is left to the stage (a cut there moved its fold thresholds and cost article text); a run of three
    # unrelated paragraphs at the bottom goes.
    assert set(FOREIGN) <= run("\n".join([*MENU, *FOREIGN, *HEAD_BLOCK, *ARTICLE]), enabled=ONLY)[0]
    lines = run("\n".join([*MENU, *HEAD_BLOCK, *ARTICLE, SHARE, *FOREIGN]), enabled=ONLY)[0]
    assert not set(FOREIGN) & lines
    assert set(ARTICLE) <= lines


def test_where_the_learned_stage_reads_a_two_line_bottom_run_stays() -> None:
    # Two judged lines are a run where the stage does not read, not where it does.
    assert not set(FOREIGN[:2]) & run("\n".join([*HEAD_BLOCK, *ARTICLE, SHARE, *FOREIGN[:2]]), enabled=ONLY)[0]
    assert set(FOREIGN[:2]) <= run("\n".join([*MENU, *HEAD_BLOCK, *ARTICLE, SHARE, *FOREIGN[:2]]), enabled=ONLY)[0]


def test_content_reads_the_first_word_as_a_name_only_with_a_digit() -> None:
    """The first word is a name only by a digit (its capital opens the sentence); later capitals, digits and
    2-character capitals are names; short lower-case words and stopwords are not content words. Each stem is kept
    once, in the order first met."""
    words, named, first = cohesion.content(
        "Webb met 12 UK ox officers in Leeds and the x1 officer met Leeds", frozenset({"and", "the"})
    )
    assert first == "webb"
    assert words == ("webb", "met", "12", "uk", "office", "leeds", "x1")
    assert named == ("12", "uk", "leeds", "x1")
    assert cohesion.content("2024 was", frozenset()) == (("2024", "was"), ("2024",), "")
    assert cohesion.content("", frozenset()) == ((), (), "")


def test_where_the_learned_stage_reads_the_early_exit_cuts_what_the_full_test_cuts(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`_bottom_settled` skips the core's full count only where nothing can go: the same cut with and without it,
    and it both skips (an article that ends the page) and lets a cut through (three foreign lines below). Fails on
    an early exit that takes the last paragraph for the core's without testing its cohesion."""
    _, stop = lang.stoplist_for([*HEAD_BLOCK, *ARTICLE])
    listing = "Weekend walks along the coastal path with a local guide"
    bottoms = [[], FOREIGN[:1], FOREIGN[:2], FOREIGN, [*FOREIGN[:2], listing], [FOREIGN[0], "Share", FOREIGN[1]]]
    pages = [[*MENU, *HEAD_BLOCK, *ARTICLE, SHARE, *bottom] for bottom in bottoms]
    settled = [
        cohesion._bottom_settled(page, [k for k, s in enumerate(page) if s in ARTICLE + FOREIGN], stop)
        for page in pages
    ]
    fast = [cohesion.edge_runs(range(len(page)), page, stop, read=True) for page in pages]
    monkeypatch.setattr(cohesion, "_bottom_settled", lambda *_: False)
    assert fast == [cohesion.edge_runs(range(len(page)), page, stop, read=True) for page in pages]
    # The article's own last paragraph is not cohesive here, but it names Dunmore, which the paragraph above it
    # uses: the walk from the bottom stops on it with two judged lines (three where a cut is made).
    assert settled == [True, True, True, False, False, True]
    assert fast[3] and fast[4]


def _settled_by_counting_first(text: list[str], paras: list[int], stop: frozenset[str]) -> bool:
    """`_bottom_settled` as it was before the walk read lines lazily: every judged line below the last cohesive
    paragraph counted first, then the whole walk."""
    judged, end = 0, len(text)
    for j in range(len(paras) - 1, -1, -1):
        judged += sum(
            len(cohesion.content(text[k], stop)[0]) >= cohesion.JUDGED_WORDS for k in range(paras[j] + 1, end)
        )
        if cohesion._cohesive(text, paras, j, stop):
            break
        end = paras[j] + 1
    else:
        return True
    if judged < cohesion.RUN_JUDGED_READ:
        return True
    last = paras[j]
    words = {k: cohesion.content(text[k], stop) for k in range(last, len(text))}
    walk = cohesion._walk(
        range(len(text) - 1, last, -1), words.__getitem__, text, set(words[last][0]), set(words[last][1])
    )
    return walk[1] < cohesion.RUN_JUDGED_READ


@given(st.lists(st.sampled_from(range(len(ARTICLE) + len(FOREIGN) + len(EDGE_LINES))), min_size=1, max_size=12))
@settings(max_examples=300, deadline=None)
def test_the_lazy_bottom_walk_answers_as_counting_every_judged_line_first(bottom: list[int]) -> None:
    """Below an article, any mix of its paragraphs, foreign prose, short lines, a name it uses and a list item: the
    walk that reads lines as it reaches them and stops at RUN_JUDGED_READ judged lines says what counting every judged
    line first, then walking to the end, says. Fails on a walk that stops one judged line early."""
    _, stop = lang.stoplist_for([*HEAD_BLOCK, *ARTICLE])
    pool = [*ARTICLE, *FOREIGN, *EDGE_LINES]
    page = [*MENU, *HEAD_BLOCK, *ARTICLE, *(pool[k] for k in bottom)]
    paras = [k for k, s in enumerate(page) if story_lists.starts_prose(s)]
    assert cohesion._bottom_settled(page, paras, stop) == _settled_by_counting_first(page, paras, stop)


def test_the_bottom_walk_reads_no_line_above_its_third_judged_line(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Where three judged lines stand at the bottom, the answer (no) is known there: the short judged lines above them
    are not read. Fails on a walk that reads every line below the last cohesive paragraph."""
    _, stop = lang.stoplist_for([*HEAD_BLOCK, *ARTICLE])
    above = ["Gardening tips for a dry summer lawn", "Cheap flights to sunny islands this winter"]
    below = ["Recipes for quick pasta dinners at home", "Best hiking boots tested by our readers", EDGE_LINES[0]]
    page = [*MENU, *HEAD_BLOCK, *ARTICLE, *above, *below]
    paras = [k for k, s in enumerate(page) if story_lists.starts_prose(s)]
    read: list[str] = []
    content = cohesion.content
    monkeypatch.setattr(cohesion, "content", lambda line, words: read.append(line) or content(line, words))
    assert not cohesion._bottom_settled(page, paras, stop)
    assert set(below) <= set(read)
    assert not set(above) & set(read)


def test_the_remembered_core_is_read_where_the_paragraphs_stand_now_and_by_this_stoplist() -> None:
    """`_core` and `_bottom_settled` remember the paragraphs' core by their text (`_paragraph_core`,
    `_last_paragraph`): the same paragraphs, moved down the page by other lines or read by another stoplist, give the
    positions and words they hold there, as the kernels' twins compute them. Fails on a memo keyed by the positions
    or blind to the stoplist."""
    _, stop = lang.stoplist_for([*HEAD_BLOCK, *ARTICLE])
    pages = [[*HEAD_BLOCK, *ARTICLE, *FOREIGN], [*MENU, *HEAD_BLOCK, *ARTICLE, *FOREIGN]]
    for page, words in ((pages[0], stop), (pages[1], stop), (pages[1], frozenset()), (pages[0], stop)):
        paras = [k for k, s in enumerate(page) if story_lists.starts_prose(s)]
        stems = [cohesion.content(page[k], words)[0] for k in paras]
        want = {k: cohesion.content(page[k], words) for k in paras}, [paras[j] for j in cohesion._cohesive_of(stems)]
        assert cohesion._core(page, paras, words) == want
        last = cohesion._last_cohesive(page, paras, words)
        assert cohesion._last_paragraph(tuple(page[k] for k in paras), words) == last
