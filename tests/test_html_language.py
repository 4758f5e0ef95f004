"""The HTML path's `language`: the page's declaration (`<html lang>`, Content-Language), else the guess."""

from __future__ import annotations

import lxml.html
import pytest

from cleaner.html.language import declared_language
from cleaner.pipeline import Cleaner
from tests.test_html import PARAGRAPHS, page


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<html lang="en-GB"><body><p>x</p></body></html>', "en"),
        ('<html lang="pt_BR"><body><p>x</p></body></html>', "pt"),
        ('<html xml:lang="de"><body><p>x</p></body></html>', "de"),
        ('<html><head><meta http-equiv="Content-Language" content="fr, en"></head><body><p>x</p></body></html>', "fr"),
        ('<html lang=""><head><meta http-equiv="content-language" content="nl"></head><body></body></html>', "nl"),
        ('<html lang="x-default"><body><p>x</p></body></html>', None),
        ('<html lang="und"><body><p>x</p></body></html>', None),
        ("<html><body><p>x</p></body></html>", None),
    ],
)
def test_declared_language_is_the_primary_two_letter_subtag(markup: str, expected: str | None) -> None:
    assert declared_language(lxml.html.fromstring(markup)) == expected


def test_record_language_is_the_pages_declaration_over_the_stopword_guess() -> None:
    # English prose on a page declared German: the page's word stands (the guess would say "en").
    declared = page().replace('<html lang="en">', '<html lang="de-AT">')
    assert Cleaner().clean(html=declared).language == "de"


def test_record_language_falls_back_to_the_guess_without_a_declaration() -> None:
    undeclared = page(paragraphs=PARAGRAPHS).replace('<html lang="en">', "<html>")
    assert Cleaner().clean(html=undeclared).language == "en"
