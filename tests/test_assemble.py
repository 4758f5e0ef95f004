"""metadata.assemble: the precedence table, one field per behaviour that depends on it."""

from __future__ import annotations

from cleaner.html import HtmlExtraction
from cleaner.metadata.assemble import assemble, furniture_lines
from cleaner.model import Removal
from cleaner.stages.base import Capture


def _fields(captures: list[Capture], page: HtmlExtraction | None):  # type: ignore[no-untyped-def]
    return assemble(
        captures=captures,
        images=(),
        kept=("Body.",),
        text="Body.",
        url=None,
        page=page,
        sites=(),
        reference=None,
        mtime=None,
    )


def _cap(name: str, value: str, kind: str = "text") -> Capture:
    return Capture(name, value, Removal("X", "metadata", value, 1), kind=kind)


def test_page_author_beats_the_text_byline() -> None:
    assert _fields([_cap("author", "Text Byline")], HtmlExtraction("t", author=("Page Author",))).author.names == (
        "Page Author",
    )


def test_text_updated_line_beats_the_page_modified_date() -> None:
    page = HtmlExtraction("t", date_modified="2024-01-02")
    got = _fields([_cap("date_modified", "2024-03-04")], page).date_modified
    assert got is not None and got.iso == "2024-03-04"


def test_top_matter_headline_only_fills_a_missing_title() -> None:
    top = [_cap("headline", "Shaped Like A Title", kind="top")]
    assert _fields(top, HtmlExtraction("t", title="Page Title")).headline == "Page Title"
    assert _fields(top, None).headline == "Shaped Like A Title"


def test_furniture_is_what_rules_removed_not_the_title_moves_or_the_statistical_stages() -> None:
    removed = [
        Removal("CAP010", "captions", "(Foto: Agentur Nord)", 3),
        Removal("TOP-label", "navigation", "Die Brücke bleibt zu", 1),
        Removal("DUP001", "duplicate", "Die Brücke bleibt zu", 9),
        Removal("HEU004", "heuristic", "Mehr aus der Stadt", 12),
    ]
    assert furniture_lines(removed) == {2}
