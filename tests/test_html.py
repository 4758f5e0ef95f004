"""HTML path: trafilatura's article and metadata, our rules over its text, the text fallback."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cleaner.html import captions as captions_mod
from cleaner.html import extract as html_mod
from cleaner.html import extract_html, figure_captions, html_to_text, looks_like_html
from cleaner.pipeline import Cleaner

PARAGRAPHS = [
    "The city council voted on Tuesday to approve a new budget for the coming year after weeks of debate.",
    "Councillors said the plan would fund road repairs, two new libraries and longer opening hours at pools.",
    "Opposition members argued that the spending would force a rise in local taxes within two years.",
    "The mayor said the budget balanced the needs of residents with the limits of the city's finances.",
    "A final vote on the tax rate is expected next month, when the council meets again in the town hall.",
]


def page(body_extra: str = "", head_extra: str = "", paragraphs: list[str] | None = None) -> str:
    """A news page shaped like the ones trafilatura is built for: head metadata, nav, article, footer."""
    paras = "\n".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Council approves budget | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Smith">
<meta property="article:published_time" content="2024-03-12T09:00:00Z">
{head_extra}
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article>
<h1>Council approves budget</h1>
{paras}
{body_extra}
</article>
<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer>
</body></html>"""


def test_page_is_sniffed_as_html() -> None:
    assert looks_like_html(page())


def test_scraped_text_is_not_sniffed_as_html() -> None:
    assert not looks_like_html("Council approves budget\n\n" + "\n\n".join(PARAGRAPHS) + "\n\nUse <b> for bold.")


def test_extraction_keeps_article_and_drops_navigation() -> None:
    got = extract_html(page())
    assert got is not None
    assert PARAGRAPHS[1] in got.text
    assert "Home" not in got.text.splitlines()


def test_extraction_reads_page_metadata() -> None:
    got = extract_html(page())
    assert got is not None
    assert (got.author, got.sitename, got.date_published) == (
        ("Jane Smith",),
        "Example News",
        "2024-03-12T09:00:00+00:00",
    )


def test_modified_date_is_the_declared_one_and_published_stays_original() -> None:
    got = extract_html(page(head_extra='<meta property="article:modified_time" content="2024-03-13T10:00:00Z">'))
    assert got is not None
    assert (got.date_published, got.date_modified) == ("2024-03-12T09:00:00+00:00", "2024-03-13T10:00:00+00:00")


def test_record_carries_html_modified_date() -> None:
    art = Cleaner().clean(html=page(head_extra='<meta property="article:modified_time" content="2024-03-13">'))
    assert art.to_dict()["dateModified"] == "2024-03-13"


def test_figure_caption_becomes_image_with_credit() -> None:
    fig = (
        '<figure><img src="a.jpg" alt="Councillors in the chamber">'
        '<figcaption>Councillors debate the plan. <span class="credit">Photo: J. Doe</span></figcaption></figure>'
    )
    got = extract_html(page(body_extra=fig))
    assert got is not None
    assert [i.to_dict() for i in got.images] == [
        {"caption": "Councillors debate the plan.", "credit": "Photo: J. Doe", "alt": "Councillors in the chamber"}
    ]


def test_figure_caption_stays_out_of_body() -> None:
    fig = '<figure><img src="a.jpg"><figcaption>Councillors debate the plan in the chamber.</figcaption></figure>'
    art = Cleaner().clean(html=page(body_extra=fig))
    assert "Councillors debate the plan" not in art.body
    assert [i.caption for i in art.images] == ["Councillors debate the plan in the chamber."]


def test_captions_outside_the_article_are_ignored() -> None:
    from trafilatura.utils import load_html

    html = page().replace(
        "</article>", "</article><aside><figure><figcaption>Read: other story</figcaption></figure></aside>"
    )
    assert figure_captions(load_html(html)) == ()


def test_our_rules_run_over_trafilatura_text_with_the_same_ids() -> None:
    paras = [*PARAGRAPHS[:2], "Advertisement", *PARAGRAPHS[2:]]
    text_ids = {r.rule for r in Cleaner().clean("\n\n".join(paras)).removed}
    html_art = Cleaner().clean(html=page(paragraphs=paras))
    assert "ADS001" in text_ids
    assert {r.rule for r in html_art.removed} >= text_ids
    assert "Advertisement" not in html_art.body.splitlines()


def test_failed_extraction_falls_back_to_visible_text_with_warning() -> None:
    html = "<html><head><title>Gallery</title></head><body><script>var x = 1;</script><img src='a.jpg'></body></html>"
    art = Cleaner().clean(html)
    assert any("html extraction" in w for w in art.warnings)
    assert "var x" not in art.body and "<" not in art.body


def test_html_to_text_breaks_lines_at_blocks() -> None:
    assert html_to_text("<html><body><h1>Title</h1><p>One <b>two</b></p><div>Three</div></body></html>") == (
        "Title\nOne two\nThree"
    )


def test_caches_are_reset_every_n_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_mod, "RESET_CACHES_EVERY", 2)
    monkeypatch.setattr(html_mod, "_documents_since_reset", 0)
    extract_html(page())
    assert html_mod._documents_since_reset == 1
    extract_html(page())
    assert html_mod._documents_since_reset == 0


def test_page_published_date_wins_over_text_date_line() -> None:
    art = Cleaner().clean(html=page(paragraphs=["Published: 5 March 2024", *PARAGRAPHS]))
    assert art.to_dict()["datePublished"] == "2024-03-12T09:00:00+00:00"


def test_declared_modified_date_wins_over_visible_updated_line() -> None:
    """The page's declaration is what the publisher states; the visible line is read when it declares none."""
    art = Cleaner().clean(
        html=page(
            paragraphs=[*PARAGRAPHS, "Updated: 14 March 2024"],
            head_extra='<meta property="article:modified_time" content="2024-03-13">',
        )
    )
    assert art.to_dict()["dateModified"] == "2024-03-13"


def test_captions_are_capped_per_page() -> None:
    from trafilatura.utils import load_html

    figures = "".join(
        f"<figure><figcaption>Photo {n} of the gallery</figcaption></figure>"
        for n in range(captions_mod.MAX_CAPTIONS + 5)
    )
    assert len(figure_captions(load_html(page(body_extra=figures)))) == captions_mod.MAX_CAPTIONS


def _deep_page() -> str:
    para = "<p>" + " ".join(PARAGRAPHS) + "</p>"
    return (
        "<html><head><title>T</title></head><body>" + "<div>" * 100_000 + para + "</div>" * 100_000 + "</body></html>"
    )


def _huge_attribute_page() -> str:
    para = "<p>" + " ".join(PARAGRAPHS) + "</p>"
    return (
        f'<html><head><title>T</title></head><body><div data-x="{"a" * (20 * 1024 * 1024)}">{para}</div></body></html>'
    )


@pytest.mark.parametrize("make", [_deep_page, _huge_attribute_page], ids=["100k-nested", "20MB-attribute"])
def test_pathological_page_falls_back_to_visible_text_and_is_partial(make: Callable[[], str]) -> None:
    from cleaner.io.decode import is_partial_warning

    art = Cleaner().clean(html=make())
    assert PARAGRAPHS[2] in art.body
    assert any(is_partial_warning(w) for w in art.warnings)


def test_body_removed_and_extracted_cover_the_visible_text() -> None:
    from cleaner.html import parse_page
    from cleaner.html.visible import visible_blocks

    html = page(paragraphs=[*PARAGRAPHS, "Advertisement"]).replace(
        "</article>",
        "</article><aside><h2>Most read</h2><ul><li>Other story one</li><li>Other story two</li></ul></aside>",
    )
    art = Cleaner().clean(html=html)
    tree, _ = parse_page(html)
    assert tree is not None
    covered = " ".join([art.body, *(r.text for r in art.removed), *(r.text for r in art.extracted), art.headline or ""])
    covered = " ".join(covered.split())
    missing = [b for b in visible_blocks(tree) if b not in covered]
    assert not missing
    assert any(r.category == "extraction" and "Most read" in r.text for r in art.removed)


def test_every_removal_of_an_html_page_says_why() -> None:
    html = page().replace(
        "</article>", "</article><aside><ul><li>Other story one</li><li>Other story two</li></ul></aside>"
    )
    art = Cleaner().clean(html=html)
    assert any(r.category == "extraction" for r in art.removed)
    assert [r.rule for r in art.removed if not (r.rule and r.why)] == []


def test_dropped_blocks_are_capped_per_page() -> None:
    from cleaner.html import dropped_blocks
    from cleaner.html.audit import MAX_DROPPED_GROUPS

    blocks = [f"link {i}" if i % 2 else f"kept {i}" for i in range(2 * MAX_DROPPED_GROUPS + 10)]
    kept = " ".join(b for b in blocks if b.startswith("kept"))
    got = dropped_blocks(blocks, kept)
    assert len(got) == MAX_DROPPED_GROUPS + 1
    assert "more blocks" in got[-1].text


def test_a_page_that_extracts_never_builds_the_text_paths_rules() -> None:
    # `cleaner clean page.html` pays only for the rules it runs: the text engine is built on the first text.
    cleaner = Cleaner()
    assert cleaner.clean(html=page()).body
    assert cleaner._engine is None and cleaner._html_engine is not None
    cleaner.clean("Council approves budget\n\n" + "\n\n".join(PARAGRAPHS))
    assert cleaner._engine is not None


def test_markup_left_in_extracted_text_is_removed_with_a_why() -> None:
    from cleaner.html.extract import MARKUP_RULE, strip_markup

    text, removed = strip_markup("The council met on Tuesday.<div class='x'> It voted.</div>")
    assert "<div" not in text
    assert [(r.rule, bool(r.why)) for r in removed] == [(MARKUP_RULE, True)]
