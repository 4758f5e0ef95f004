"""Multi-line behaviours of the generic rule sets that a single drop/keep example cannot show.

Each test cleans a short article with only the generic rules (no site rules, no heuristics), so a
failure points at one rule file, and checks both what goes and what must stay.
"""

from __future__ import annotations

import pytest

from cleaner.model import Article
from cleaner.pipeline import Cleaner
from cleaner.rules import load_rules
from tests.conftest import SHARED


@pytest.fixture(scope="module")
def generic_cleaner() -> Cleaner:
    rules = load_rules()
    site_keys = sorted({r.site for r in rules.rules if r.site})
    only_generic = rules.select(None, site_keys) if site_keys else rules
    return Cleaner(only_generic, heuristics_mode="off")


HEADLINE = "Council approves new cycle lanes after two-year row"
PARA_1 = "The city council voted 31 to 12 on Tuesday to build 14km of protected cycle lanes across the centre."
PARA_2 = "Shopkeepers on the main street said they feared losing parking spaces, and some plan to appeal."


def _body_lines(article: Article) -> list[str]:
    return [line for line in article.body.split("\n") if line.strip()]


def test_donation_epic_ends_at_its_call_to_action(generic_cleaner: Cleaner) -> None:
    text = "\n\n".join(
        [
            HEADLINE,
            PARA_1,
            "Before you move on…",
            "We have no shareholders and no billionaire owner, so our reporting stays free for everyone.",
            "If you can, please consider supporting us today.",
            "Support the Guardian",
            PARA_2,
        ]
    )
    article = generic_cleaner.clean(text)
    assert _body_lines(article) == [PARA_1, PARA_2]
    assert {r.category for r in article.removed} == {"donation"}


def test_before_you_go_without_a_call_to_action_is_kept(generic_cleaner: Cleaner) -> None:
    guide = [
        "Before you go",
        "Check the ferry timetable: the last boat leaves at 6pm in winter.",
        "The island has no cash machine, so bring enough money for the weekend.",
        "Most guesthouses close from November to March.",
    ]
    article = generic_cleaner.clean("\n\n".join([HEADLINE, PARA_1, *guide, PARA_2]))
    assert article.removed == ()
    assert _body_lines(article) == [PARA_1, *guide, PARA_2]


def test_topic_block_stops_at_the_first_sentence(generic_cleaner: Cleaner) -> None:
    text = "\n".join(
        [
            HEADLINE,
            PARA_1,
            PARA_2,
            "Explore more on these topics",
            "Cycling",
            "Local government",
            "Share",
            "Reuse this content",
            "This article was amended on 3 May to correct the length of the lanes.",
        ]
    )
    article = generic_cleaner.clean(text)
    assert _body_lines(article) == [
        PARA_1,
        PARA_2,
        "This article was amended on 3 May to correct the length of the lanes.",
    ]


def test_single_network_name_is_kept_but_a_share_bar_goes(generic_cleaner: Cleaner) -> None:
    text = "\n".join([HEADLINE, PARA_1, "Facebook", PARA_2, "Facebook", "Twitter"])
    article = generic_cleaner.clean(text)
    assert _body_lines(article) == [PARA_1, "Facebook", PARA_2]


def test_caption_and_credit_become_an_image_not_a_deletion(generic_cleaner: Cleaner) -> None:
    caption_line = "Cyclists ride past the town hall on Tuesday. Photograph: Jane Doe/Getty Images"
    article = generic_cleaner.clean("\n\n".join([HEADLINE, PARA_1, caption_line, PARA_2]))
    assert _body_lines(article) == [PARA_1, PARA_2]
    assert len(article.images) == 1
    image = article.images[0]
    assert image.caption is not None and image.caption.startswith("Cyclists ride past the town hall")
    assert image.credit is not None and "Getty Images" in image.credit


def test_inline_related_link_mid_article_removes_one_line_only(generic_cleaner: Cleaner) -> None:
    text = "\n\n".join([HEADLINE, PARA_1, "Read more: City budget faces £40m gap", PARA_2])
    article = generic_cleaner.clean(text)
    assert _body_lines(article) == [PARA_1, PARA_2]


def test_seeds_without_site_rules(generic_cleaner: Cleaner) -> None:
    """Seed 003's chrome must go even when its site is not recognised; seed 000 is clean already."""
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"needs the seeds at {seeds}")
    dirty = generic_cleaner.clean((seeds / "003_0f6c405588e05927.txt").read_text(encoding="utf-8"))
    leftovers = [
        line
        for line in _body_lines(dirty)
        if "Alamy Stock Photo" in line
        or line in {"We need your help now", "Close", "News in 60 seconds"}
        or line.startswith(("LAST UPDATE", "If you’ve seen value", "in-this-"))
    ]
    assert leftovers == []
    clean = generic_cleaner.clean((seeds / "000_98d9d8f7edc6f999.txt").read_text(encoding="utf-8"))
    assert clean.removed == ()


DE_HEADLINE = "Stadtrat beschließt neue Radwege nach zwei Jahren Streit"
DE_PARA_1 = "Der Stadtrat hat am Dienstag mit 31 zu 12 Stimmen beschlossen, 14 Kilometer geschützte Radwege zu bauen."
DE_PARA_2 = "Ladenbesitzer in der Hauptstraße fürchten um Parkplätze; einige wollen Widerspruch einlegen."


def test_german_wordpress_comment_block_goes_entirely(generic_cleaner: Cleaner) -> None:
    text = "\n\n".join(
        [
            DE_HEADLINE,
            DE_PARA_1,
            DE_PARA_2,
            "2 Kommentare zu „Stadtrat beschließt neue Radwege“",
            "Hinterlasse eine Antwort",
            "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert.",
            "Sie müssen sich einloggen, um einen Kommentar abzugeben.",
        ]
    )
    article = generic_cleaner.clean(text)
    assert _body_lines(article) == [DE_PARA_1, DE_PARA_2]
    assert {r.category for r in article.removed} == {"comments"}


def test_pager_headline_and_tag_list_go_but_prose_about_the_next_article_stays(generic_cleaner: Cleaner) -> None:
    prose = "Der nächste Artikel des Gesetzes regelt die Haftung der Betreiber."
    text = "\n\n".join(
        [
            DE_HEADLINE,
            DE_PARA_1,
            prose,
            DE_PARA_2,
            "Schlagwörter: Radverkehr, Stadtrat, Verkehrswende",
            "Nächster Artikel Neue Buslinie verbindet Nordstadt und Hafen",
        ]
    )
    article = generic_cleaner.clean(text)
    assert _body_lines(article) == [DE_PARA_1, prose, DE_PARA_2]
    assert {r.rule for r in article.removed} == {"NAV005", "NAV006"}


def test_orphaned_parenthesised_credit_goes_and_the_caption_above_stays(generic_cleaner: Cleaner) -> None:
    """The credit line is dropped alone; the sentence above it has no credit of its own and is kept."""
    text = "\n\n".join([HEADLINE, PARA_1, "(Credit: Jane Doe / City Press)", PARA_2])
    article = generic_cleaner.clean(text)
    assert _body_lines(article) == [PARA_1, PARA_2]
    assert [r.rule for r in article.removed] == ["CAP010"]


def test_bracket_tagged_teasers_go_between_paragraphs(generic_cleaner: Cleaner) -> None:
    teasers = ["Council leader quits after budget row [INSIGHT]", "Watch: cyclists block the ring road [VIDEO]"]
    article = generic_cleaner.clean("\n\n".join([HEADLINE, PARA_1, *teasers, PARA_2]))
    assert _body_lines(article) == [PARA_1, PARA_2]
    assert {r.rule for r in article.removed} == {"REL005"}


def test_wordpress_comment_thread_chrome_goes_and_the_replies_text_is_left(generic_cleaner: Cleaner) -> None:
    """Header, entry-meta and login lines go by shape; the reply text under a header is left alone."""
    reply = "Any update on how the follow-up paper will affect the recommendation?"
    text = "\n\n".join(
        [
            HEADLINE,
            PARA_1,
            PARA_2,
            "Posted in Transport | Permalink | 2 Comments",
            "Jane Doe on September 12, 2018 at 4:47 pm said:",
            reply,
            "You must be logged in to post a comment.",
        ]
    )
    article = generic_cleaner.clean(text)
    assert _body_lines(article) == [PARA_1, PARA_2, reply]
    assert {r.rule for r in article.removed} == {"NAV013", "CMT006", "CMT005"}


def test_labelled_dateline_goes_but_a_dated_event_list_stays(generic_cleaner: Cleaner) -> None:
    """A dateline with a label or time zone goes; bare 'date time' event rows are kept for the heuristics."""
    events = ["27. November 2016 15:00", "Weihnachtsmarkt", "10. Dezember 2016 17:00", "Konzert bei Kerzenschein"]
    text = "\n\n".join(
        [
            HEADLINE,
            "PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019",
            PARA_1,
            PARA_2,
            *events,
        ]
    )
    article = generic_cleaner.clean(text)
    assert _body_lines(article) == [PARA_1, PARA_2, *events]
    assert [r.rule for r in article.removed] == ["MET007"]


def test_closing_author_bio_goes_but_a_sentence_about_a_reporter_stays(generic_cleaner: Cleaner) -> None:
    prose = "Jones was a reporter for the Herald when she uncovered the fraud in 2009, and later became its editor."
    text = "\n\n".join([HEADLINE, PARA_1, prose, PARA_2, "Phil Helsel is a reporter for NBC News."])
    article = generic_cleaner.clean(text)
    assert _body_lines(article) == [PARA_1, prose, PARA_2]
    assert [r.rule for r in article.removed] == ["MET010"]
