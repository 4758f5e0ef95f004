"""The tail cut (HEU004) and the comment header (HEU007) on bare paragraph text: a page's <p>/<h> text with too little
chrome for auto mode's edge cuts, no list item and no table row."""

from __future__ import annotations

from cleaner import heuristics
from cleaner.pipeline import split_lines
from tests.test_heuristics import ALL, ARTICLE, PARAGRAPHS, run

# After the article: two teaser headlines (HEU006 takes those) and menu-item lines only the tail cut takes.
TEASERS = ["Sign up for the morning briefing today", "Meet the people behind the city desk"]
ITEMS = ["Contact the newsroom", "Our team", "Jobs"]
# The one line just after the article stays whatever its shape (regions.TAIL_KEEP): a sign-off, a last short line.
CLOSING = "That is all."


def test_tail_after_the_article_of_bare_text_goes_to_the_tail_cut() -> None:
    lines, removed = run("\n\n".join([ARTICLE, CLOSING, *TEASERS, *ITEMS]), "auto")
    assert not lines & {*TEASERS, *ITEMS}
    assert set(PARAGRAPHS) <= lines
    rules = {r.rule for r in removed}
    assert "HEU004" in rules
    assert "HEU006" in rules  # the teaser cut's lines keep its id


def test_a_text_with_a_list_item_keeps_its_tail_lines() -> None:
    # An extractor that writes lists keeps the article's own lists and fact boxes after its prose: no bare tail cut.
    listed = ARTICLE.replace(PARAGRAPHS[2], f"- the ferry\n\n{PARAGRAPHS[2]}")
    assert listed != ARTICLE
    lines, removed = run("\n\n".join([listed, *TEASERS, *ITEMS]), "auto")
    assert set(ITEMS) <= lines
    assert "HEU004" not in {r.rule for r in removed}


def test_data_like_lines_in_a_bare_tail_stay() -> None:
    data = ["Price: twelve euros", "x Franzi", "Berlin, Potsdam and Leipzig", "Opening in 2022"]
    # Without the trailing-link cut (HEU005), which takes the menu items and all after them as one run.
    lines, removed = run("\n\n".join([ARTICLE, CLOSING, *TEASERS, *ITEMS, *data]), "auto", ALL - {"HEU005"})
    assert {*data, CLOSING} <= lines
    assert not lines & set(ITEMS)
    assert "HEU004" in {r.rule for r in removed}


def test_comment_thread_of_bare_text_goes_from_its_header() -> None:
    comment = "Great article, I drive over that bridge every day and I am glad they are finally fixing it."
    text = "\n\n".join([ARTICLE, CLOSING, *TEASERS, "12 Comments", comment, comment.replace("Great", "Good")])
    lines, removed = run(text, "auto")
    assert comment not in lines
    assert "HEU007" in {r.rule for r in removed}
    assert set(PARAGRAPHS) <= lines


def test_a_tail_of_items_and_short_sentences_is_read_though_the_text_has_no_short_line() -> None:
    # No SHORT line (5+ words without a sentence end) and no chrome run: auto mode stopped here before reading it.
    tail = ["Our team", "Jobs", "Thanks for reading!", "Contact the newsroom"]
    lines, removed = run("\n\n".join([ARTICLE, CLOSING, *tail]), "auto")
    assert {"Our team", "Jobs", "Contact the newsroom"}.isdisjoint(lines)
    assert "Thanks for reading!" in lines
    assert "HEU004" in {r.rule for r in removed}
    assert heuristics.may_act(split_lines("\n\n".join([ARTICLE, CLOSING, *tail])), mode="auto", enabled=ALL)


def test_short_sentences_in_a_bare_tail_stay() -> None:
    sentences = ["Bergeron called it “a lovely gesture.”", "Originally published on Live Science."]
    lines, _ = run("\n\n".join([ARTICLE, CLOSING, *TEASERS, *ITEMS, *sentences]), "auto", ALL - {"HEU005"})
    assert set(sentences) <= lines
    assert not lines & set(ITEMS)


def test_arrow_list_items_in_a_bare_tail_stay() -> None:
    # "=> Was ist gelungen?" closes a post as a list does: the tail cut leaves it as it leaves data-like lines.
    arrows = ["=> How did you plan it?", "-> What went well?"]
    lines, removed = run("\n\n".join([ARTICLE, CLOSING, *TEASERS, *ITEMS, *arrows]), "auto", ALL - {"HEU005"})
    assert set(arrows) <= lines
    assert not lines & set(ITEMS)
    assert "HEU004" in {r.rule for r in removed}


# A readers' thread longer than the article above it: its header stands in the page's first half.
THREAD = [
    f"Comment {n}: I cross that bridge every day, and I think the council should have fixed it years ago."
    for n in range(1, 13)
]


def test_a_comment_header_in_the_first_half_of_bare_text_starts_the_thread() -> None:
    lines, removed = run("\n\n".join([ARTICLE, CLOSING, "12 Comments", *THREAD]), "auto")
    assert not lines & set(THREAD)
    assert set(PARAGRAPHS) <= lines
    assert "HEU007" in {r.rule for r in removed}


def test_a_thread_sort_order_header_starts_the_thread() -> None:
    lines, removed = run("\n\n".join([ARTICLE, CLOSING, "Top Rated Comments", *THREAD]), "auto")
    assert not lines & set(THREAD)
    assert "HEU007" in {r.rule for r in removed}


def test_where_the_learned_stage_reads_what_the_cuts_leave_a_first_half_header_is_left_to_it() -> None:
    # Short fragments the cuts leave (a lowercase start and a number are data-like) make the stage read the page: the
    # earlier reach there changed what the stage is trained on. (A header that counts the thread, "12 Comments", is
    # read early there too: test_heuristics_thread_headers.)
    thread = [f"i cross that bridge {n} times a week" for n in range(1, 25)]
    lines = run("\n\n".join([ARTICLE, CLOSING, "Comments", *thread]), "auto")[0]
    assert set(thread) <= lines


def test_after_the_learned_stages_removals_a_first_half_header_starts_the_thread_on_a_page_it_reads() -> None:
    # The stage's re-run of the heuristics trains nothing: the reach runs there on the pages the stage reads too.
    thread = [f"i cross that bridge {n} times a week" for n in range(1, 25)]
    kept = list(split_lines("\n\n".join([ARTICLE, CLOSING, "12 Comments", *thread])))
    blocks, _ = heuristics.propose(kept, mode="auto", enabled=ALL, after_stage=True)
    taken = {(kept[i] or "").strip() for b in blocks for i in b.lines}
    assert set(thread) <= taken
    assert "HEU007" in {b.removal.rule for b in blocks}
    assert not taken & set(PARAGRAPHS)


def test_where_the_cuts_leave_nothing_the_learned_stage_reads_a_first_half_header_starts_the_thread() -> None:
    # Ten short fragments (a menu) make the stage's gate read the page as it stands, but the cuts leave too few of them:
    # what the stage is handed, and what a second cleaning reads, it does not read.
    menu = ["Home", "News", "Sport", "Weather", "Business", "Culture", "Travel", "Video", "Podcasts", "Contact"]
    thread = [*THREAD, *(c.replace("Comment", "Reply") for c in THREAD)]  # the header stays in the first half
    lines, removed = run("\n\n".join([*menu, ARTICLE, CLOSING, "12 Comments", *thread]), "auto")
    assert not lines & set(thread)
    assert set(PARAGRAPHS) <= lines
    assert "HEU007" in {r.rule for r in removed}


def test_a_comment_header_right_under_a_one_paragraph_article_starts_the_thread() -> None:
    # An open thread's short post: one paragraph, then its readers' comments (COMMENT_AFTER_START).
    post = " ".join(PARAGRAPHS[:3])
    head = ["September open thread", "Posted by the editors"]
    lines, removed = run("\n\n".join([*head, post, "Comments", *THREAD]), "auto")
    assert post in lines
    assert not lines & set(THREAD)
    assert "HEU007" in {r.rule for r in removed}
