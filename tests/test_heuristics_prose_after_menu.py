"""Prose after a menu run below a page dump's article that shares nothing with it (HEU018)."""

from __future__ import annotations

from cleaner import heuristics
from cleaner.model import Removal
from cleaner.pipeline import split_lines
from tests.test_heuristics import ALL
from tests.test_heuristics_cohesion import ARTICLE, FOREIGN, HEAD_BLOCK, MENU

# A share bar and a tag list under the article: the menu run that parts it from what follows.
SHARE_BAR = ["Share", "Tweet", "Email", "Print", "Tags", "Dunmore", "Transport"]
FOOTER = ["About us", "Contact", "Careers", "Advertise", "Privacy Policy", "Terms of Use", "Cookie Settings"]
# Two unrelated paragraphs: too few for the cohesion cut's bottom run on a page the learned stage reads (HEU013), as
# it reads every page dump.
BIO = FOREIGN[:2]
# A reader's reply under the article: about what the article is about (it names the bridge's engineers).
REPLY = "I drive over that bridge every day, and Kessler Engineering should have warned the council years ago."


def run(text: str, enabled: set[str] = ALL) -> tuple[set[str], list[Removal]]:
    """The classifier alone on raw lines in auto mode, on a page the learned stage reads before and after the cuts."""
    kept: list[str | None] = list(split_lines(text))
    blocks, _ = heuristics.propose(
        kept, mode="auto", enabled=enabled, read_by_stage=lambda: True, read_after=lambda _cut: True
    )
    for b in blocks:
        for i in b.lines:
            kept[i] = None
    return {k.strip() for k in kept if k}, [b.removal for b in blocks]


def _dump(*tail: str) -> str:
    """A page dump: a menu, the article, a share bar, then `tail`, then a footer menu."""
    return "\n".join([*MENU, "", *HEAD_BLOCK, "", *ARTICLE, "", *SHARE_BAR, "", *tail, "", *FOOTER])


def test_unrelated_prose_after_the_menu_under_the_article_goes() -> None:
    lines, removed = run(_dump(*BIO))
    assert not set(BIO) & lines
    assert set(ARTICLE) <= lines
    assert "HEU018" in {r.rule for r in removed}


def test_without_it_the_tail_cut_keeps_that_prose() -> None:
    # The tail cut (HEU004) spares prose lines: HEU018 is what takes them.
    lines, _ = run(_dump(*BIO), enabled=ALL - {"HEU018"})
    assert set(BIO) <= lines


def test_a_reply_that_shares_the_articles_subject_stays() -> None:
    lines, _ = run(_dump(REPLY, *BIO))
    assert REPLY in lines
    assert not set(BIO) & lines


def test_prose_right_under_the_article_with_no_menu_between_stays() -> None:
    # With no menu run between the article and a short unrelated sentence under it, nothing tells where the article
    # ends: the sentence may be its own last line.
    aside = "Tickets for the autumn festival go on sale next week."
    lines, _ = run("\n".join([*MENU, "", *HEAD_BLOCK, "", *ARTICLE, "", aside, "", *SHARE_BAR, "", *FOOTER]))
    assert aside in lines


def test_prose_above_a_line_that_shares_the_subject_stays() -> None:
    # The article went on past an inline box: a paragraph that names none of the core's names, over one that does.
    lines, _ = run(_dump(BIO[0], REPLY, BIO[1]))
    assert {BIO[0], REPLY} <= lines
    assert BIO[1] not in lines


def test_a_line_sharing_the_subject_past_another_menu_run_keeps_nothing_above_that_run() -> None:
    # A teaser for a story on the same subject under the next menu does not make an author box above it the article's.
    follow = ["Follow us", "Facebook", "Twitter", "Instagram"]
    lines, _ = run(_dump(BIO[0], *follow, REPLY))
    assert REPLY in lines
    assert BIO[0] not in lines


def test_one_shared_name_does_not_make_a_line_share_the_subject() -> None:
    # A newsletter box naming the town the article is about: one name is not its subject (in German every noun is
    # capitalised, and one shared noun or year kept most bios and promos), so it goes.
    promo = "Sign up for the Dunmore newsletter to receive recipes, gardening tips and offers from our partners."
    lines, _ = run(_dump(promo))
    assert promo not in lines
