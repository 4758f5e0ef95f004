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
# The same 150 examples on every run (the suite's hypothesis profile, tests/conftest.py). One random run (CI,
# forty-third round) drew a page that broke idempotence
# (`test_a_title_over_a_short_run_is_settled_by_the_first_cleaning`).
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


def test_a_title_over_a_short_run_is_settled_by_the_first_cleaning() -> None:
    # Drawn by a random run of the property above and shrunk by hand to the lines that broke it: the title, a menu item
    # by its shape, made the lowercase line under it a wrapped continuation, which spared the run below as a spec
    # sheet; once the top matter had moved the title out, a second cleaning cut the run (HEU001, `regions._nav_cut`).
    text = (
        "Housing and roads\nc\n\U000d0d90Ø\n\U00079e76\U000c81b9\x12-\x8b\nÝ\x0c\x11\x86àÉ\U0003259a\n~\x8a\x7f\n"
        "riý\U0008822d\n\U00068c99\U000b0f71\U00056429>\U00089368\n\x00\U000b56b9{\U0006e5c2ï\x96\nSport"
    )
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
