"""The block classifier's memos, single-pass helpers and deferred searches answer as what they stand for (issue 13)."""

from __future__ import annotations

import pytest

from cleaner import heuristics
from cleaner.heuristics import comments, features, regions
from cleaner.heuristics.copies import nested_copies
from cleaner.pipeline import split_lines
from cleaner.stages import heuristics as heuristics_stage
from tests.test_heuristics_cohesion import ARTICLE, HEAD_BLOCK, MENU
from tests.test_heuristics_quote_copies import LETTER, TWEET, TWEET_TEXT

PAGE = [
    "Home | News | Sport | Weather",
    "",
    "Politics",
    "The council will meet again on Friday to decide what happens to the old bridge over the river Wear.",
    "  Reply  ",
    None,
    "Read more about the bridge...",
    "Share this article",
    "The council will meet again on Friday to decide what happens to the old bridge over the river Wear.",
    "正是有了英勇的你们才有这座英雄的城",
    "| a | table | row |",
    "- a list item",
    "Reply",
    "[Reply]",
]


def test_remembered_shapes_are_the_computed_ones_across_pages_and_a_memo_that_starts_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Shapes are kept across pages (a site's menus recur): a text classified on one page is read from the memo on the
    # next, and every answer equals `shape` on the line, also after the memo fills and starts over mid-page.
    monkeypatch.setattr(features, "_SHAPES", {None: features.BLANK, "": features.BLANK})
    want = [features.BLANK if s is None else features.shape(s) for s in PAGE]
    assert features.classify(PAGE) == want
    other = ["Weather", *PAGE[::-1], "A line no page above holds"]
    assert features.classify(other) == [features.BLANK if s is None else features.shape(s) for s in other]
    assert features.classify(PAGE) == want  # read from the memo
    monkeypatch.setattr(features, "MAX_SHAPES", 4)
    assert features.classify(other) == [features.BLANK if s is None else features.shape(s) for s in other]
    assert len(features._SHAPES) <= len(other) + 2


def test_a_wrong_remembered_shape_would_be_read(monkeypatch: pytest.MonkeyPatch) -> None:
    # The memo is what classify answers from (so the test above checks the memo, not a recomputation).
    monkeypatch.setattr(features, "_SHAPES", {None: features.BLANK, "": features.BLANK, "Politics": features.GOOD})
    assert features.classify(["Politics"]) == [features.GOOD]


def test_repeats_gone_are_the_dedupe_stages_second_copies() -> None:
    view = tuple(PAGE)
    got = heuristics_stage._without_repeats(view)
    seen: set[str] = set()
    want: list[str | None] = []
    for s in view:
        t = (s or "").strip()
        if s is not None and t and t in seen:
            want.append(None)
            continue
        if s is not None and t:
            seen.add(t)
        want.append(s)
    assert list(got) == want
    assert heuristics_stage._without_repeats(tuple(PAGE[:4])) == tuple(PAGE[:4])


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        (PAGE, True),
        (["No ellipsis here", None, "", "Nor here."], False),
        (["A headline cut short…  ", None], True),
        ([None, "Dots inside... the line"], False),
    ],
)
def test_a_line_cut_short_is_found_as_any_line_ending_in_an_ellipsis(lines: list[str | None], want: bool) -> None:
    nonblank = list(range(len(lines)))
    assert regions._any_cut_short(nonblank, lines) is want
    assert want is any((lines[i] or "").rstrip().endswith(("...", "…")) for i in nonblank)


def test_reply_links_count_the_short_lines_that_are_reply_links_alone() -> None:
    texts = [s or "" for s in PAGE]
    assert comments.reply_links(texts) == sum(1 for s in texts if len(s) <= 48 and comments.is_reply(s.strip())) == 3


COPY_PAGES = [
    [*HEAD_BLOCK, *ARTICLE[:3], TWEET, TWEET_TEXT, *ARTICLE[3:]],
    [*HEAD_BLOCK, *ARTICLE[:3], *LETTER, *ARTICLE[3:]],
    [*MENU, *HEAD_BLOCK, *ARTICLE[:3], *LETTER, *ARTICLE[3:], *MENU, *MENU],
    [*MENU, "", *HEAD_BLOCK, *ARTICLE[:3], TWEET, TWEET_TEXT, *ARTICLE[3:], "- a list item", *MENU],
    [*HEAD_BLOCK, *ARTICLE, TWEET, TWEET_TEXT],
]


@pytest.mark.parametrize("page", COPY_PAGES)
@pytest.mark.parametrize("mode", ["auto", "on"])
@pytest.mark.parametrize("enabled", [{"HEU017"}, None])
def test_the_quote_box_copies_looked_for_inside_decide_are_those_found_before_it(
    page: list[str], mode: str, enabled: set[str] | None
) -> None:
    # `propose` lets `decide` look for the copies only where it can take them (not on a page dump): the decisions
    # equal those made with the copies found up front, as `propose` found them before.
    kept: list[str | None] = list(split_lines("\n".join(page)))
    ids = frozenset(h.id for h in heuristics.HEURISTICS) if enabled is None else frozenset(enabled)
    cls = features.classify(kept)
    if heuristics._idle(cls, kept, mode) is True:
        pytest.skip("no chrome: the copies are found up front, as before")
    words: dict[int, list[str]] = {}
    _lang, stop = heuristics.stoplist_for_lines(kept, words)
    features.refine(cls, kept, stop, words)
    eager = nested_copies(kept) if regions.NESTED_COPY in ids else []
    common = {"auto": mode == "auto", "stop": stop}
    assert regions.decide(cls, kept, ids, copies=None, **common) == regions.decide(
        cls, kept, ids, copies=eager, **common
    )


def test_some_copy_page_has_its_copies_taken_by_decide() -> None:
    # So the comparison above is not only between empty answers.
    kept: list[str | None] = list(split_lines("\n".join(COPY_PAGES[1])))
    blocks, _ = heuristics.propose(kept, mode="auto", enabled={"HEU017"})
    assert [b.removal.rule for b in blocks] == ["HEU017"]
