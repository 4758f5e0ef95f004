"""cleaner.inputs: the surrogate check at the door answers as the pattern it screens for."""

from __future__ import annotations

import pytest

from cleaner.inputs import _SURROGATE, _has_surrogate

# The surrogate block's edges and their neighbours, in strings of each width CPython stores (Latin-1, UCS-2, UCS-4).
_EDGES = ("\ud7ff", "\ud800", "\udbff", "\udc00", "\udfff", "\ue000", "\ud83d\ude00", "\U0001f600", "\x00", "")


@pytest.mark.parametrize("mark", _EDGES)
@pytest.mark.parametrize("around", ["Straße", "„Zitat“", "emoji \U0001f600"])
def test_the_encoder_check_finds_a_surrogate_where_the_pattern_does(mark: str, around: str) -> None:
    text = f"{around} {mark} {around}"
    assert _has_surrogate(text) == (_SURROGATE.search(text) is not None)
