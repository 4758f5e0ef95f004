"""The two documents the project came from: what 'done' means for the core cleaner."""

from __future__ import annotations

import re

import pytest

import cleaner
from tests.conftest import FIXTURES

SEED_003 = FIXTURES / "seeds" / "003_0f6c405588e05927.txt"
SEED_000 = FIXTURES / "seeds" / "000_98d9d8f7edc6f999.txt"

SUBHEADINGS = ["Air defence depleted", "Russia advances along the front line"]
CHROME = [
    "We need your help now",
    "Support from readers like you keeps The Journal open",
    "please contribute what you can",
    "Alamy Stock Photo",
    "in-this-image-made-from-video",
    "pictured during a conference in Paris",
    "Russian soldiers pictured firing",
    "JournalTv",
    "News in 60 seconds",
    "LAST UPDATE",
]


@pytest.fixture(scope="module")
def seed003() -> cleaner.Article:
    return cleaner.clean(SEED_003.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed000() -> cleaner.Article:
    return cleaner.clean(SEED_000.read_text(encoding="utf-8"))


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_seed003_headline(seed003: cleaner.Article) -> None:
    assert seed003.headline == (
        "Ukraine and US officials to meet in Miami tomorrow for peace talks as Russian attacks continue"
    )


def test_seed003_standfirst_is_description(seed003: cleaner.Article) -> None:
    assert seed003.description is not None
    assert seed003.description.startswith("Kyiv hopes to sign peace agreements next week")


def test_seed003_date_modified_year_inferred_from_text(seed003: cleaner.Article) -> None:
    assert seed003.date_modified is not None
    assert seed003.date_modified.iso == "2026-01-16"
    assert seed003.date_modified.year_inferred
    assert seed003.date_modified.raw == "16 Jan"


def test_seed003_publisher(seed003: cleaner.Article) -> None:
    assert seed003.publisher == "The Journal"


def test_seed003_captions_become_images_with_credit(seed003: cleaner.Article) -> None:
    captions = {img.caption: img.credit for img in seed003.images}
    assert captions["Zelenskyy pictured during a conference in Paris earlier this month."] == "Alamy Stock Photo"
    assert captions["Ukrainian forces pictured with a Javelin anti-tank missile system."] == "Alamy Stock Photo"
    assert all(credit == "Alamy Stock Photo" for credit in captions.values())


@pytest.mark.parametrize("chrome", CHROME)
def test_seed003_body_has_no_chrome(seed003: cleaner.Article, chrome: str) -> None:
    assert chrome not in seed003.body


def test_seed003_body_keeps_every_paragraph_in_order(seed003: cleaner.Article) -> None:
    source = _paragraphs(SEED_003.read_text(encoding="utf-8"))
    first = source.index(next(p for p in source if p.startswith("UKRAINE AND THE United States")))
    last = source.index(next(p for p in source if p.startswith("Shmygal ordered state companies")))
    expected = [p for p in source[first : last + 1] if not any(c in p for c in CHROME)]
    assert _paragraphs(seed003.body) == expected
    for heading in SUBHEADINGS:
        assert heading in expected


def test_seed000_nothing_removed(seed000: cleaner.Article) -> None:
    assert seed000.removed == ()


def test_seed000_body_is_input_minus_headline(seed000: cleaner.Article) -> None:
    text = SEED_000.read_text(encoding="utf-8")
    headline, rest = text.split("\n", 1)
    assert seed000.headline == headline.strip()
    assert seed000.body == rest.strip()
