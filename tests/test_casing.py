"""cleaner.casing.lower is CPython's str.lower, in the compiled build too (the compiled CI venv runs this file)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import casing

# A capital sigma at a word's end lowers to the final form "ς", inside a word to "σ".
FINAL_SIGMA = [
    ("ΟΔΟΣ", "οδος"),
    ("ΑΣ Α", "ας α"),
    ("ΑΣΑ", "ασα"),
    ("ΟΔΟΣ.", "οδος."),
    ("Σ", "σ"),
    ("Η ΑΘΗΝΑ ΕΙΝΑΙ ΠΟΛΙΣ", "η αθηνα ειναι πολις"),
]


@pytest.mark.parametrize(("text", "lowered"), FINAL_SIGMA)
def test_lower_keeps_the_final_sigma_rule(text: str, lowered: str) -> None:
    assert casing.lower(text) == lowered


@pytest.mark.parametrize(("text", "lowered"), FINAL_SIGMA)
def test_the_detour_a_compiled_build_takes_keeps_the_rule_too(text: str, lowered: str) -> None:
    assert casing._lower_keeping_final_sigma(text) == lowered


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.text(alphabet="ΑΣΟΔ σς aB İ", max_size=12))
def test_lower_is_str_lower_on_any_text(text: str) -> None:
    assert casing.lower(text) == text.lower()
    assert casing._lower_keeping_final_sigma(text) == text.lower()
