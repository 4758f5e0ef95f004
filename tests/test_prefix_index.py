"""The prefix index takes in rules compiled after it was filled: same candidates as one built afresh."""

from __future__ import annotations

from cleaner.rules import load_rules
from cleaner.rules.prefilter import Prefilter

LINES = ["Advertisement", "Read more", "Photo: AP", "By Jane Doe", "Share this", "Related", "The council met"]


def test_index_caught_up_on_late_rules_matches_a_fresh_one() -> None:
    rules = [r for r in load_rules().rules if r.site is None]
    late = Prefilter(rules, {}).generic
    fresh = Prefilter(rules, {}).generic
    half = late.pending[::2]
    for c in half:
        c.trigger  # noqa: B018 - compiles it
    late.index.add_live(half)
    asked = {s: [c.order for c in late.index.candidates(s, len(s.split()))] for s in LINES}
    assert any(asked.values())
    rest = [c for c in late.pending if c.rx is None]
    for c in rest:
        c.trigger  # noqa: B018
    late.index.add_live(rest)
    for c in fresh.pending:
        c.trigger  # noqa: B018
    fresh.index.add_live(fresh.pending)
    grew = False
    for s in LINES:
        got = [c.order for c in late.index.candidates(s, len(s.split()))]
        assert got == [c.order for c in fresh.index.candidates(s, len(s.split()))], s
        assert set(asked[s]) <= set(got), s
        grew |= len(got) > len(asked[s])
    assert grew  # the late rules were candidates somewhere, so catching up was tested
