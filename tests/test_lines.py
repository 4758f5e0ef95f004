"""cleaner.lines: the one definition of a line, its number, and the body built from kept lines."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.lines import Lines, join_body, split_lines


def test_split_normalises_newlines_and_drops_a_bom() -> None:
    assert split_lines("\ufeffa\r\nb\rc\nd") == ["a", "b", "c", "d"]


def test_join_body_folds_removed_lines_and_blank_runs_into_one_paragraph_break() -> None:
    assert join_body(["One ", None, "", "", "  Two", None, "Three"]) == "One\n\nTwo\nThree"


def test_lines_cannot_be_edited_by_a_stage() -> None:
    lines = Lines.from_text("a\nb")
    with pytest.raises(dataclasses.FrozenInstanceError):
        lines.items = ("x",)  # type: ignore[misc]
    assert lines.view() == ("a", "b") and isinstance(lines.view(), tuple)


def _join_body_line_by_line(lines: list[str | None]) -> str:
    """The body as the line-by-line loop before the C-level join built it: the reference."""
    out: list[str] = []
    blank = False
    for line in lines:
        if line is None:
            continue
        s = line.strip()
        if not s:
            blank = True
            continue
        if out and blank:
            out.append("")
        out.append(s)
        blank = False
    return "\n".join(out)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.sampled_from(["", " ", "\t", "A", " b ", "c\u2028d", "\x0c", "e f"])), max_size=25)
)
def test_join_body_folds_as_the_line_by_line_reference_does(lines: list[str | None]) -> None:
    assert join_body(lines) == _join_body_line_by_line(lines)
