"""The learned line stage reads the page as a second cleaning will, so cleaning its output again changes nothing.

These hold for any model: the models here are single stumps built to sit on the edge that a second
cleaning used to cross (the page one line shorter once the headline has moved out; a language guessed on
the raw page that differs from the guess on the body). The corpus-wide check is
tests/test_idempotence_corpus.py (the stage is on by default).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from cleaner import learned
from cleaner.heuristics.lang import stoplist_named
from cleaner.learned import features as F
from cleaner.learned import stage as S
from cleaner.learned.model import LineModel
from cleaner.lines import Lines
from cleaner.model import Removal
from cleaner.pipeline import Cleaner
from cleaner.stages import apply
from cleaner.stages import heuristics as heuristics_stage
from cleaner.stages import learned as adapter
from cleaner.stages.base import Context, Proposal, Settings, StageOutput
from tests.test_learned import MENU, PROSE, certain_model

HEADLINE = "Harbour bridge closes to cars for two years"
SUBHEADINGS = [
    "Engineers found corrosion",
    "Residents want a ferry",
    "What the mayor said",
    "Next steps for the council",
    "A bridge from 1911",
    "Traffic on the ring road",
    "Buses every ten minutes",
    "When the work begins",
    "Shops on the quay",
    "A ferry timetable",
]


def page() -> list[str]:
    """A headline, a menu, then prose with a subheading after each paragraph: worth the stage's reading
    (enough short fragments) even once the menu is gone, and the subheadings never form a run."""
    body = [line for pair in zip(PROSE * 4, SUBHEADINGS, strict=False) for line in pair]
    return [HEADLINE, *MENU, *body, PROSE[0]]


def stump_on_page_length(lines: int) -> LineModel:
    """Scores every line as chrome (p ~ 1) on a page of at most `lines` non-blank lines, as text (p ~ 0) on a
    longer one: the model's decision flips when one line leaves the page."""
    col = F.FEATURES.index("log_doc_lines")
    split = float(np.log1p(lines + 0.5))
    return LineModel(0.0, 1, np.array([[col]]), np.array([[split]]), np.array([[0.0, 10.0, -10.0]]), 0.5, {})


def test_a_page_one_line_shorter_after_the_headline_moves_is_read_that_way_the_first_time() -> None:
    # Before, the stage read the page with its headline (one line too long for the stump: nothing removed),
    # the top-matter stage then moved the headline out, and the second cleaning, one line shorter, removed
    # the menu. Now the first cleaning reads the page without the lines later stages take.
    text = page()
    cleaner = Cleaner(select=["LRN001"], learned=S.LearnedStage(stump_on_page_length(len(text) - 1)))
    once = cleaner.clean("\n".join(text))
    again = cleaner.clean(once.body)
    assert (again.removed, again.extracted) == ((), ())
    assert [r.text for r in once.extracted] == [HEADLINE]
    assert {r.text for r in once.removed if r.rule == S.RULE_ID} == set(MENU[1:])  # the first line is kept
    # The second cleaning's stage reads the page (it is worth reading): the check is not empty.
    assert learned.worth_reading(once.body.splitlines())


def settings(stage: S.LearnedStage) -> Settings:
    cleaner = Cleaner(learned=stage)
    return Settings(cleaner.engine, cleaner.heuristics_mode, cleaner.heuristic_ids, None, cleaner.learned)


def test_the_stage_reads_with_the_language_guessed_on_what_it_leaves() -> None:
    # The heuristics guess the language on the page before their cuts; a second cleaning guesses on the body.
    # Here an earlier stage guessed German on a page that opened with a German menu, then took the menu: the
    # stage reads the English that is left with the list the body's guess names, as a second cleaning will.
    german = ["Über uns und die Redaktion", "Kontakt und Impressum", "Die Zeitung für die Stadt und das Land"]
    lines = Lines.from_text("\n".join([*german, *MENU, *PROSE]))
    taken = StageOutput(
        proposals=tuple(Proposal(Removal("HEU001", "heuristic", g, i + 1), drop=(i,)) for i, g in enumerate(german)),
        stoplist_language="German",
    )
    ctx = Context(settings(S.LearnedStage(certain_model())), (), None, (taken,))
    out = adapter.propose(lines, apply.step(lines.view(), taken), ctx)
    plain = Lines.from_text("\n".join([*MENU, *PROSE]))
    alone = adapter.propose(plain, plain.view(), Context(ctx.settings, (), None))
    assert out.proposals and [p.removal.text for p in out.proposals] == [p.removal.text for p in alone.proposals]
    assert out.stoplist_language == alone.stoplist_language == "English"
    # Read with the German list the English prose has almost no stopwords: the stage would step back.
    assert S.LearnedStage(certain_model())(plain.view(), stoplist_named("German")) == ([], [])


def test_the_stage_runs_by_default_on_text_and_is_switched_off_by_name() -> None:
    assert isinstance(Cleaner().learned, learned.Shipped)
    assert Cleaner(learned=False).learned is None
    assert Cleaner(ignore=["learned"]).learned is None
    assert Cleaner(ignore=["LRN001"]).learned is None


def test_the_html_path_does_not_run_the_stage() -> None:
    html = "<html><body>" + "".join(f"<p>{s}</p>" for s in [*MENU, *PROSE, *MENU]) + "</body></html>"
    art = Cleaner(learned=S.LearnedStage(certain_model())).clean(html=html)
    assert not [r for r in art.removed if r.rule == S.RULE_ID]
    text = Cleaner(learned=S.LearnedStage(certain_model()), heuristics_mode="off").clean("\n".join([*MENU, *PROSE]))
    assert [r for r in text.removed if r.rule == S.RULE_ID]  # the same stage acts on text


class _Toggling(S.LearnedStage):
    """Takes line 5 while line 0 is on the page and line 6 once it is gone."""

    def __call__(
        self, kept: Sequence[str | None], stop: frozenset[str] | None = None
    ) -> tuple[list[S.Proposal], list[str]]:
        target = 5 if kept[0] is not None else 6
        if kept[target] is None:
            return [], []
        return [S.Proposal(target, S.RULE_ID, S.CATEGORY, 0.99, "stub")], []


def test_attempts_that_cycle_keep_one_with_what_the_stage_still_takes_from_its_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A later stage takes line 0 (the headline) once line 5 is gone. Attempt 1 reads line 0 and takes 5, so
    # line 0 goes; attempt 2 reads without it and takes 6, so line 0 stays: the attempts cycle, and from neither
    # body would the stage take nothing (a dn blog page did this). A second cleaning takes the other line, so
    # the first keeps both: on that body the stage takes nothing more.
    monkeypatch.setattr(learned, "worth_reading", lambda view: True)
    monkeypatch.setattr(adapter, "_guesser", lambda *a: lambda view: "English")
    monkeypatch.setattr(adapter.heuristics_stage, "propose", lambda *a: StageOutput())
    monkeypatch.setattr(adapter, "_later", lambda lines, view, ctx, own: ({0: None} if view[5] is None else {}, {}))
    lines = Lines.from_text("\n".join(f"Line {k} of the page" for k in range(10)))
    stage = _Toggling(certain_model())
    out = adapter.propose(lines, lines.view(), Context(settings(stage), (), None))
    assert sorted(i for p in out.proposals for i in p.drop) == [5, 6]


class _WhileFirstLine(S.LearnedStage):
    """Takes line 5 while line 0 is on the page, nothing once it is gone."""

    def __call__(
        self, kept: Sequence[str | None], stop: frozenset[str] | None = None
    ) -> tuple[list[S.Proposal], list[str]]:
        if kept[0] is None or kept[5] is None:
            return [], []
        return [S.Proposal(5, S.RULE_ID, S.CATEGORY, 0.99, "stub")], []


def test_an_attempt_that_removes_nothing_has_the_later_stages_run_again_on_the_view_it_leaves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A later stage takes line 0 only once line 5 is gone (top matter cuts the block above the article's start only
    # once the page no longer reads as one the stage reads). Attempt 1 takes 5, so line 0 goes; attempt 2, without
    # line 0, takes nothing, and the page it leaves is the handed one, where the later stage takes nothing: not the
    # run ahead of attempt 1. Taken as settled, the stage kept line 5 (a sites page kept 5 lines so, its block
    # uncut); run again, the attempts cycle, and attempt 1's body is one the stage leaves alone.
    monkeypatch.setattr(learned, "worth_reading", lambda view: True)
    monkeypatch.setattr(adapter, "_guesser", lambda *a: lambda view: "English")
    monkeypatch.setattr(adapter.heuristics_stage, "propose", lambda *a: StageOutput())
    monkeypatch.setattr(adapter, "_later", lambda lines, view, ctx, own: ({0: None} if view[5] is None else {}, {}))
    lines = Lines.from_text("\n".join(f"Line {k} of the page" for k in range(10)))
    out = adapter.propose(lines, lines.view(), Context(settings(_WhileFirstLine(certain_model())), (), None))
    assert sorted(i for p in out.proposals for i in p.drop) == [5]


def test_heu016s_gate_counts_the_stages_re_run_without_the_headline_as_a_second_cleaning_does() -> None:
    # Seven short subheadings and the headline: the stage reads the page with PLAIN_MOVES lines to spare only while
    # the headline counts. The top-matter stage moves it after the learned stage's re-run of the heuristics, so a
    # second cleaning never sees it; the re-run must not count it either, or HEU016 waits for the second cleaning.
    body = [line for pair in zip(PROSE * 3, SUBHEADINGS[:7], strict=False) for line in pair]
    stage_settings = settings(S.LearnedStage(certain_model()))
    re_run = Context(stage_settings, (), None, (StageOutput(), StageOutput(), StageOutput()))
    second = Context(stage_settings, (), None, (StageOutput(),))
    assert heuristics_stage.settle_top_matter([HEADLINE, *body], set()).moved() == {0}
    assert heuristics_stage._read_wide((HEADLINE, *body), True, re_run, []) is False
    assert heuristics_stage._read_wide(tuple(body), True, second, []) is False
