"""Articles *about* donations, cookies, photos, video, shares and the like must come through untouched.

These fixtures are the guard against generic rules that match a topic word instead of chrome: every
line of them is real article text (the first line is the headline, which goes to `extracted`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cleaner

NEGATIVE = Path(__file__).resolve().parent.parent / "fixtures" / "negative"
FILES = sorted(NEGATIVE.glob("*.txt"))


def test_negative_fixture_set_is_large_enough() -> None:
    # The design asks for a broad set of topics; a shrinking folder would silently weaken the guard.
    assert len(FILES) >= 12


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_negative_fixture_keeps_every_line(path: Path) -> None:
    article = cleaner.clean(path.read_text(encoding="utf-8"))
    removed = [(r.rule, r.text) for r in article.removed]
    assert removed == []
