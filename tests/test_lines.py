"""cleaner.lines: the one definition of a line, its number, and the body built from kept lines."""

from __future__ import annotations

import dataclasses

import pytest

from cleaner.lines import Lines, join_body, split_lines


@pytest.mark.parametrize("text", ["\ufeffa\r\nb\rc\nd", "\ufeffa\nb\nc\nd"])
def test_split_normalises_newlines_and_drops_a_bom(text: str) -> None:
    assert split_lines(text) == ["a", "b", "c", "d"]


def test_join_body_folds_removed_lines_and_blank_runs_into_one_paragraph_break() -> None:
    assert join_body(["One ", None, "", "", "  Two", None, "Three"]) == "One\n\nTwo\nThree"


def test_lines_cannot_be_edited_by_a_stage() -> None:
    lines = Lines.from_text("a\nb")
    with pytest.raises(dataclasses.FrozenInstanceError):
        lines.items = ("x",)  # type: ignore[misc]
    assert lines.view() == ("a", "b") and isinstance(lines.view(), tuple)
