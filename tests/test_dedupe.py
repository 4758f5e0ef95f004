"""Exact repeated lines within one document (DUP001): the second copy goes, the first stays."""

from __future__ import annotations

from cleaner import dedupe
from cleaner.pipeline import Cleaner

ARTICLE = (
    "The council voted on Tuesday to close the old harbour bridge to cars for at least two years.",
    "Residents said the closure would add an hour to their daily commute across the river.",
)


def test_second_copy_of_a_line_is_found_and_the_first_kept() -> None:
    kept = ["Share this article", ARTICLE[0], "", "Share this article", ARTICLE[1], "  Share this article  "]
    assert dedupe.repeated_lines(kept) == [3, 5]


def test_blank_and_already_removed_lines_are_not_repeats() -> None:
    assert dedupe.repeated_lines(["", None, "", None, ARTICLE[0]]) == []


def test_removed_copy_does_not_count_as_the_first() -> None:
    # The first copy was removed by an earlier stage: the remaining one is now the first and stays.
    assert dedupe.repeated_lines([None, ARTICLE[0], "Advertisement"]) == []


def test_pipeline_records_repeats_with_rule_category_and_why() -> None:
    text = "\n".join(["Advertisement", ARTICLE[0], "Advertisement x", ARTICLE[1], ARTICLE[0]])
    art = Cleaner(learned=False, heuristics_mode="off").clean(text)
    dups = [r for r in art.removed if r.rule == dedupe.RULE_ID]
    assert [(r.line, r.text, r.category) for r in dups] == [(5, ARTICLE[0], dedupe.CATEGORY)]
    assert dups[0].why == dedupe.WHY
    assert art.body.count(ARTICLE[0]) == 1


def test_ignore_duplicate_keeps_repeats() -> None:
    text = "\n".join([ARTICLE[0], ARTICLE[1], ARTICLE[0]])
    art = Cleaner(learned=False, heuristics_mode="off", ignore=["duplicate"]).clean(text)
    assert art.body.count(ARTICLE[0]) == 2


def test_share_bar_split_by_a_repeated_separator_is_taken_on_the_first_cleaning() -> None:
    # "E-mail" / "|" / "Twitter": once the repeated "|" goes, the two buttons are a share bar (SOC004), as
    # a second cleaning reads them; the first must take the bar too, so the second takes nothing.
    cleaner = Cleaner(learned=False)
    text = "\n\n".join([*ARTICLE, "RSS Feed\n|\nE-mail\n|\nTwitter"])
    once = cleaner.clean(text)
    assert "SOC004" in {r.rule for r in once.removed}
    again = cleaner.clean(once.body)
    assert (again.removed, again.body) == ((), once.body)


def test_tail_marker_that_the_repeats_move_down_the_page_is_taken_on_the_first_cleaning() -> None:
    # A drop-tail rule (BBC003, from half the page on) places its marker by its share of the lines: the
    # repeats below "Elsewhere on the BBC" keep it above half until DUP001 removes them, and a second cleaning
    # reads the page without them; the first must cut the tail too. (A marker no generic rule knows: a
    # generic heading rule takes "Top stories" itself while it sits above half, which is idempotent too.)
    cleaner, url = Cleaner(learned=False), "https://www.bbc.co.uk/news/uk-1"
    text = "\n\n".join(
        ["Harbour bridge to close for two years", *ARTICLE, "Elsewhere on the BBC", *ARTICLE, "Ferry to restart"]
    )
    once = cleaner.clean(text, url=url)
    assert "BBC003" in {r.rule for r in once.removed}
    again = cleaner.clean(once.body, url=url)
    assert (again.removed, again.extracted, again.body) == ((), (), once.body)
