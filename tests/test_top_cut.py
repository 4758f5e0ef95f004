"""The top-matter stage's label cut (cleaner/stages/top_cut.py): short labels above a headline over an article."""

from __future__ import annotations

from cleaner.pipeline import Cleaner
from cleaner.stages.top_cut import labels_above

# Three paragraphs that share their subject's words (the river, the bridge, the council), as an article's do.
ARTICLE = [
    "The city council voted on Tuesday to close the old river bridge after engineers found cracks in its pillars.",
    "Engineers told the council that the river bridge could not carry buses until its pillars were repaired.",
    "The council said repairs to the bridge pillars would start in spring and the river crossing would reopen.",
    "Residents who cross the river bridge each day asked the council for a ferry while the pillars are mended.",
]
HEAD = "Council closes the old river bridge"


def test_labels_above_the_headline_go_and_the_headline_moves_to_its_field() -> None:
    text = "\n".join(["World", "Follow Our News", HEAD, *ARTICLE])
    art = Cleaner(learned=False).clean(text)
    assert [r.text for r in art.removed if r.rule == "TOP-label"] == ["World", "Follow Our News"]
    assert art.headline == HEAD
    assert art.body.splitlines() == ARTICLE
    assert Cleaner(learned=False).clean(art.body).body == art.body


def test_a_label_with_a_digit_stays() -> None:
    view = ("für 12 Stück", "Supported by", HEAD, *ARTICLE)
    assert labels_above(view) == [1]


def test_a_text_with_a_list_item_keeps_its_top() -> None:
    view = ("World", HEAD, *ARTICLE, "- a list item")
    assert labels_above(view) == []


def test_without_a_cohesive_core_nothing_is_cut() -> None:
    unrelated = [
        "A baker in the north sold more bread this winter than in any year since the shop first opened.",
        "Scientists counted the penguins on the southern islands and found their colonies grew over the decade.",
        "The orchestra will tour six countries next summer with a programme of music written for strings alone.",
    ]
    view = ("World", HEAD, *unrelated)
    assert labels_above(view) == []


def test_without_a_headline_right_above_the_article_nothing_is_cut() -> None:
    view = ("World", HEAD, "Read the latest stories from our newsroom every single morning", "x", "y", *ARTICLE)
    assert labels_above(view) == []


def test_labels_under_a_prose_line_above_the_headline_stay() -> None:
    intro = "What is it? The story of a town and its river, told by the people who live beside its bridge."
    view = ("World", intro, "Developer Some Studio", "Publisher Other House", "Platform Home Computer", HEAD, *ARTICLE)
    assert labels_above(view) == [0]


def test_the_learned_stages_gate_is_read_without_the_lines_top_matter_moves() -> None:
    # Ten short fragments with the headline, nine without it: the learned stage reads the page with its headline
    # but not its body, which a second cleaning hands it; the cut follows the body's reading.
    labels = ("World", "Sport", "Culture", "Travel", "Money", "Science", "Health", "Opinion", "Weather")
    view = (*labels, HEAD, *ARTICLE)
    assert labels_above(view) == []
    assert labels_above(view, {len(labels)}) == list(range(len(labels)))


def test_no_cut_when_a_second_cleaning_would_take_more() -> None:
    # Labels, a headline and standfirst, then another label and headline over the article: cutting the first labels
    # lets top matter move the first headline, and a second cleaning would then cut "Comment(s)" and move the second.
    standfirst = "Our channel on rivers and bridges is sponsored by the city council and the river bridge society."
    text = "\n".join(["World", "Sport", "Our Channel On Rivers", standfirst, "Comment(s)", HEAD, *ARTICLE])
    once = Cleaner(learned=False).clean(text)
    again = Cleaner(learned=False).clean(once.body)
    assert not again.removed and not again.extracted
