"""The public Python API: clean(), Cleaner, Article.to_dict(), as a pipeline author uses them."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import cleaner
from tests.conftest import FIXTURES

SEED = (FIXTURES / "seeds" / "003_0f6c405588e05927.txt").read_text(encoding="utf-8")
RECORD_KEYS = {
    "url",
    "source",
    "headline",
    "description",
    "author",
    "datePublished",
    "dateModified",
    "publisher",
    "inLanguage",
    "articleBody",
    "image",
    "removed",
    "extracted",
    "warnings",
    "stats",
}


def test_record_has_the_schema_org_fields() -> None:
    assert set(cleaner.clean(SEED).to_dict()) >= RECORD_KEYS


def test_removed_entries_carry_rule_category_text_and_line() -> None:
    entry = cleaner.clean(SEED).to_dict()["removed"][0]
    assert set(entry) >= {"rule", "category", "text", "line"} and entry["line"] == 1


def test_cleaner_survives_pickling_with_identical_output() -> None:
    c = cleaner.Cleaner()
    clone = pickle.loads(pickle.dumps(c))
    assert clone.clean(SEED).to_dict() == c.clean(SEED).to_dict()


def test_clean_accepts_extra_rule_files(tmp_path: Path) -> None:
    extra = tmp_path / "house.toml"
    extra.write_text(
        "[[rule]]\nid = 'HSE001'\nname = 'house-promo'\naction = 'drop-line'\npattern = 'Get the app'\n"
        "why = 'Our own promo line.'\nexamples.drop = ['Get the app']\nexamples.keep = ['Get the apples.']\n",
        encoding="utf-8",
    )
    art = cleaner.clean("The council met on Tuesday.\n\nGet the app", rules=[extra])
    assert [r.rule for r in art.removed] == ["HSE001"]


def test_clean_accepts_a_ruleset() -> None:
    only_ads = cleaner.load_rules(select=["ads"])
    art = cleaner.clean("Advertisement\n\nJane Doe/Getty Images\n\nThe council met.", rules=only_ads)
    assert {r.category for r in art.removed} == {"ads"}


def test_reference_date_accepts_iso_string() -> None:
    text = "The council met on Tuesday to agree the budget.\n\nUpdated: 16 Dec"
    art = cleaner.clean(text, reference_date="2026-01-05")
    assert art.date_modified is not None and art.date_modified.iso == "2025-12-16"


def test_url_is_kept_and_picks_the_site() -> None:
    art = cleaner.clean("Body text of the article.", url="https://www.thejournal.ie/some-story")
    assert art.url == "https://www.thejournal.ie/some-story" and art.publisher == "The Journal"


def test_language_is_guessed_for_plain_text() -> None:
    german = "Die Stadt hat am Dienstag beschlossen, dass die Brücke im Sommer wieder geöffnet wird und dass sie"
    assert cleaner.clean(f"{german} für den Verkehr frei ist.").language == "de"
    assert cleaner.clean(SEED).language == "en"


@pytest.mark.parametrize("value", [b"Advertisement\n\nThe council met.", 123, ["The council met."]])
def test_wrong_input_type_is_a_type_error_naming_str(value: object) -> None:
    with pytest.raises(TypeError, match=rf"text must be a str or None, not {type(value).__name__}"):
        cleaner.clean(value)  # type: ignore[arg-type]


def test_lone_surrogate_is_replaced_with_a_warning_and_the_record_encodes() -> None:
    record = cleaner.clean("a\ud800b").to_dict()
    encoded = json.dumps(record, ensure_ascii=False).encode("utf-8")
    assert json.loads(encoded)["articleBody"] == "a\ufffdb"
    assert any("surrogate" in w for w in record["warnings"])


def test_a_url_urllib_refuses_is_treated_as_no_url() -> None:
    # Found by the fuzzer: a JSON record's "url": [] reached urllib as "[]", which raised ValueError.
    art = cleaner.clean("The council met on Tuesday to agree the budget.", url="[]")
    assert art.body == "The council met on Tuesday to agree the budget." and art.site is None
