"""Another story's dateline after the article's end (HEU014): from there on, the text is other stories."""

from __future__ import annotations

from cleaner.heuristics import cohesion, datelines, lang
from tests.test_heuristics import run
from tests.test_heuristics_cohesion import ARTICLE, HEAD_BLOCK, MENU

ONLY = {"HEU014"}
# The next item of a news stream: its dateline, its headline and its paragraphs, on another subject (a next item
# about the same subject joins the article's cohesive core, and stays).
NEXT_STORY = [
    "Posted by Anna Berg | 14.02.2020",
    "Folk festival announces its autumn lineup",
    "Organisers of the autumn folk festival announced a lineup of twenty singers on Friday, with three stages in "
    "the old market square for the first time.",
    "Tickets go on sale next week, and children under twelve will be admitted free on the festival's opening day.",
]


def test_a_dateline_after_the_article_opens_another_story_that_goes() -> None:
    lines, removed = run("\n".join([*HEAD_BLOCK, *ARTICLE, *NEXT_STORY]), enabled=ONLY)
    assert not set(NEXT_STORY) & lines
    assert set(HEAD_BLOCK) | set(ARTICLE) <= lines
    assert {r.rule for r in removed} == {"HEU014"}


def test_an_attribution_under_an_embedded_post_is_no_dateline() -> None:
    # "— Name (@handle) date" closes a quoted tweet inside the article; the article's text goes on under it.
    tweet = [
        "The council's vote is a relief for everyone who crosses the harbour each day.",
        "— Ellen Hart (@hart) March 3, 2021",
    ]
    text = "\n".join([*HEAD_BLOCK, *ARTICLE, *tweet, *NEXT_STORY[2:]])
    assert {*tweet, *NEXT_STORY[2:]} <= run(text, enabled=ONLY)[0]


def test_a_month_name_with_no_number_next_to_it_is_no_date() -> None:
    # "Mai" is in the month tables; with the only number far from it, the line is no dateline.
    label = "Sport: Mai Tran wins 3 titles"
    text = "\n".join([*HEAD_BLOCK, *ARTICLE, label, *NEXT_STORY[2:]])
    assert {label, *NEXT_STORY[2:]} <= run(text, enabled=ONLY)[0]


def test_a_dateline_with_no_prose_under_it_stays() -> None:
    # A last date line (an update note, a copyright year) with only short lines after it opens no story.
    tail = ["Updated 14.02.2020", "Share this article"]
    assert set(tail) <= run("\n".join([*HEAD_BLOCK, *ARTICLE, *tail]), enabled=ONLY)[0]


def test_a_dateline_inside_the_article_stays() -> None:
    # Before the core's last paragraph a date line is the article's own (a live ticker's stamp, an update).
    text = "\n".join([*HEAD_BLOCK, *ARTICLE[:4], NEXT_STORY[0], *ARTICLE[4:]])
    assert {NEXT_STORY[0], *ARTICLE} <= run(text, enabled=ONLY)[0]


def test_where_the_learned_stage_reads_the_next_story_is_left_to_it() -> None:
    # Ten short fragments (a menu) make the stage read the page: a cut there changed what it is trained on.
    text = "\n".join([*MENU, *HEAD_BLOCK, *ARTICLE, *NEXT_STORY])
    assert set(NEXT_STORY) <= run(text, enabled=ONLY)[0]


def test_a_dateline_over_a_thread_another_cut_took_goes_with_it() -> None:
    # A blog post's footer over its comments: the comment header's cut (HEU007) takes the thread, and its prose still
    # stands under the dateline.
    footer = "By Anna Berg | 10:58 AM ET, 09/16/2011"
    thread = [
        "Comments",
        "I walk across that bridge every morning and the council took far too long to act on it.",
        "Good to hear that the ferry will run more often while the work goes on, it is badly needed.",
    ]
    lines, removed = run("\n".join([*HEAD_BLOCK, *ARTICLE, footer, *thread]), enabled=ONLY | {"HEU007"})
    assert footer not in lines
    assert not set(thread) & lines
    assert {"HEU007", "HEU014"} <= {r.rule for r in removed}


# An author box after the article (HEU015): its "About <name>" header over the author's bio.
ABOUT = [
    "About Anna Berg",
    "Anna Berg has covered the city council and its transport plans for the paper since 2012, from the harbour office.",
]


def test_an_about_header_after_the_article_opens_an_author_box_that_goes() -> None:
    lines, removed = run("\n".join([*HEAD_BLOCK, *ARTICLE, *ABOUT, *NEXT_STORY[1:]]), enabled={"HEU015"})
    assert not {*ABOUT, *NEXT_STORY[1:]} & lines
    assert set(HEAD_BLOCK) | set(ARTICLE) <= lines
    assert {r.rule for r in removed} == {"HEU015"}


def test_a_sentence_that_opens_with_about_is_no_author_box() -> None:
    about = "About twenty people came."
    text = "\n".join([*HEAD_BLOCK, *ARTICLE, about, *NEXT_STORY[2:]])
    assert {about, *NEXT_STORY[2:]} <= run(text, enabled={"HEU015"})[0]


def test_where_the_learned_stage_reads_the_author_box_is_left_to_it() -> None:
    text = "\n".join([*MENU, *HEAD_BLOCK, *ARTICLE, *ABOUT])
    assert set(ABOUT) <= run(text, enabled={"HEU015"})[0]


def test_the_remembered_core_end_is_the_computed_one_for_each_stoplist() -> None:
    """HEU014 and HEU015 read `cohesion.core_end` through a memo (`datelines._core_end`): the same lines under another
    stoplist have another core."""
    page = ("", *HEAD_BLOCK, *ARTICLE, *NEXT_STORY)
    text = tuple(s for s in page if s)
    _, stop = lang.stoplist_for(list(text))
    every = frozenset(w.lower() for s in text for w in s.split())  # no content word left: no core
    datelines._core_end.cache_clear()
    answers = [(datelines._core_end(text, s), cohesion.core_end(list(text), s)) for s in (stop, every, stop, every)]
    assert all(kept == computed for kept, computed in answers)
    assert answers[0][1] is not None and answers[0][1] != answers[1][1]
    nonblank = [i for i, s in enumerate(page) if s]
    assert datelines.after_article(nonblank, page, stop) == nonblank[len(HEAD_BLOCK) + len(ARTICLE) :]
