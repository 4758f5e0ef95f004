"""Properties that must hold for any text: no crash, idempotence, nothing silently lost."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from tests.conftest import FIXTURES

# Lines drawn from real chrome and prose, mixed with arbitrary text, so that rules actually fire.
SAMPLE_LINES = [
    "Advertisement",
    "We need your help now",
    "Close",
    "JournalTv",
    "News in 60 seconds",
    "LAST UPDATE | 16 Jan",
    "By Jane Smith",
    "Alamy Stock Photo",
    "Share this article",
    "Zelenskyy pictured during a conference. Alamy Stock Photo",
    "Read more: Other story",
    "The council met on Tuesday to agree the budget for next year.",
    "Skip to main content",
    "in-this-image-made-from-video-provided-by-the-ministry Soldiers at a drill. Alamy Stock Photo",
    "",
    "",
    "Home",
    "News",
    "Sport",
    "© 2024 Example Media. All rights reserved.",
    # Title-shaped lines, so that the top-matter stage has headlines, kickers and questions to take.
    "Council agrees budget after long debate",
    "Housing and roads",
    "Is the new budget fair to everyone?",
    "Councillors backed the plan by a narrow margin after a night of argument",
    "Published: 3 March 2024",
]
line = st.one_of(st.sampled_from(SAMPLE_LINES), st.text(max_size=120))
documents = st.lists(line, max_size=40).map("\n".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _tokens(text: str) -> Counter[str]:
    return Counter(text.split())


@SETTINGS
@given(documents)
def test_never_crashes(text: str) -> None:
    record = cleaner.clean(text).to_dict()
    assert isinstance(record["articleBody"], str)


@SETTINGS
@given(documents)
def test_cleaning_the_output_again_removes_and_extracts_nothing(text: str) -> None:
    once = cleaner.clean(text)
    twice = cleaner.clean(once.body)
    assert (twice.removed, twice.extracted) == ((), ())


@SETTINGS
@given(documents)
def test_kept_plus_removed_loses_nothing(text: str) -> None:
    art = cleaner.clean(text)
    parts = [art.body, *(r.text for r in art.removed), *(r.text for r in art.extracted)]
    assert _tokens("\n".join(parts)) == _tokens(text)


def test_seed_loses_nothing() -> None:
    text = (FIXTURES / "seeds" / "003_0f6c405588e05927.txt").read_text(encoding="utf-8")
    art = cleaner.clean(text)
    parts = [art.body, *(r.text for r in art.removed), *(r.text for r in art.extracted)]
    assert _tokens("\n".join(parts)) == _tokens(text)
