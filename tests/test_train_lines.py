"""The training script's threshold rule: the stage's loss budget is what the issue's cap leaves it."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import threshold_spread as S
import train_lines as T


def doc(rendering: str, src: str, keep: float, raw_lost: int, cleaner_lost: int, cost: float) -> T.DocRows:
    """One page of one row whose removal would cost `cost` must-keep snippets (tf) or gold tokens (sh)."""
    one = np.ones(1)
    return T.DocRows(
        "k",
        rendering,
        src,
        np.zeros((1, 1)),
        one,
        one,
        np.array([cost]),
        keep,
        np.zeros(1, bool),
        raw_lost,
        cleaner_lost,
    )


def test_the_stage_gets_what_the_cap_leaves_after_the_cleaners_own_loss() -> None:
    # 1,000 must-keep snippets: the cap is raw's 20 + 10. The cleaner already loses 28, so 2 are left, and the
    # stage gets its share of them.
    budget = T.caps([doc("fulltext", "tf", 1000, 20, 28, 0)])
    assert budget["fulltext"]["tf"] == 0.002 * T.STAGE_SHARE_OF_LEFT
    # A cleaner already over the cap leaves the stage nothing, and the stage never gets more than LOSS_CAP_TF.
    assert T.caps([doc("fulltext", "tf", 1000, 20, 40, 0)])["fulltext"]["tf"] == 0.0
    assert T.caps([doc("fulltext", "tf", 1000, 20, 0, 0)])["fulltext"]["tf"] == T.LOSS_CAP_TF


def test_pages_the_stage_does_not_read_count_in_the_caps_denominator() -> None:
    # The issue's cap is over every page of a rendering: 500 read snippets where the cleaner lost 8 beyond raw,
    # and 500 on pages the stage never reads, which raise the 1% allowance from 5 to 10.
    read = doc("fulltext", "tf", 500, 10, 18, 0)
    unread = T.unread_doc("tf/u", "fulltext", "tf", {"with": ["s"] * 500})
    unread.raw_lost, unread.cleaner_lost = 0, 0
    assert T.caps([read])["fulltext"]["tf"] == 0.0
    assert T.caps([read, unread])["fulltext"]["tf"] == 0.002 * T.STAGE_SHARE_OF_LEFT
    assert T.choose_threshold([read, unread], [[np.zeros(1), np.zeros(0)]]) == T.THRESHOLDS[0]


def test_threshold_is_the_lowest_within_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(T, "SMOOTH_WIDTH", None)
    # Two rows costing 3 of 1,000 snippets where the budget is 2: only a threshold above their probability keeps
    # them (the first row is never removed, as in the stage, and a removal needs a run of two).
    docs = [doc("fulltext", "tf", 1000, 20, 28, 3)]
    docs[0].x = np.zeros((3, 1))
    docs[0].keep_cost = np.array([0.0, 3.0, 3.0])
    docs[0].protected = np.zeros(3, bool)
    assert T.choose_threshold(docs, [[np.array([0.99, 0.7, 0.7])]]) == 0.71


def test_a_snippet_is_lost_only_when_every_line_holding_it_goes() -> None:
    # Must-keep snippets: "ferry terminal" held by rows 1, 3 and 4, "opens in spring" by row 2 alone, and one split
    # over rows 3 and 4 (each line lies inside it).
    lines = [
        "Harbour news",
        "The ferry terminal",
        "It opens in spring",
        "The ferry terminal and the new quay",
        "The ferry terminal and the new quay were built",
    ]
    keep = ["ferry terminal", "opens in spring", "The ferry terminal and the new quay were built by the city"]
    d = doc("fulltext", "tf", 3, 0, 0, 0)
    d.snippets = T._snippet_rows(keep, lines)
    removed = np.array([False, True, False, False, False])
    assert T.removal_cost(d, removed) == 0  # the copies in rows 3 and 4 keep "ferry terminal"
    removed[2] = True
    assert T.removal_cost(d, removed) == 1
    removed[3] = True  # one part of the split snippet is enough to lose it
    assert T.removal_cost(d, removed) == 2


def test_the_simulated_stage_leaves_a_page_it_would_mostly_remove() -> None:
    # The stage keeps a page whole where it would take over MAX_REMOVED_SHARE of its characters.
    d = doc("fulltext", "tf", 1, 0, 0, 0)
    d.protected = np.zeros(4, bool)
    d.chars = np.array([10.0, 10.0, 10.0, 100.0])
    assert T.stage_removes(d, np.array([0.9, 0.9, 0.9, 0.1]), 0.5).tolist() == [False, True, True, False]
    d.chars = np.array([10.0, 100.0, 100.0, 10.0])
    assert not T.stage_removes(d, np.array([0.9, 0.9, 0.9, 0.1]), 0.5).any()


def test_cv_gate_holds_the_text_renderings_cross_validated_figures_to_the_floors(tmp_path: Path) -> None:
    import crossval
    import quality

    gold = {"with": ["The new ferry terminal would open in spring"], "without": ["Sign up for our newsletter"]}
    page = quality.Page("tf", "p1", tmp_path, gold)
    kept = crossval.Run("", "", "The new ferry terminal would open in spring, two years late.", None, [])
    lost = crossval.Run("", "", "Two years late.", None, [])
    floors = {
        "rows": {
            "article": {"tf_dropped_content_max": 0, "tf_f1_floor": 0.5},
            "html": {"tf_dropped_content_max": 0},
        }
    }
    cv = {(page.key, r): kept for r in crossval.RENDERINGS}
    checks = crossval.cv_checks([page], cv, floors)
    assert [c.name for c in checks] == ["article tf_dropped_content <= 0", "article tf_f1 >= 0.5000"]
    assert all(c.ok for c in checks)
    cv[(page.key, "article")] = lost
    assert [c.ok for c in crossval.cv_checks([page], cv, floors)] == [False, False]


def test_ignored_ids_key_the_cached_runs() -> None:
    # A run with a heuristic ignored must not reuse the runs collected with it on, nor the other way round.
    import crossval

    plain = crossval.code_hash()
    crossval.set_ignore(["HEU004"])
    try:
        assert crossval.code_hash() != plain
    finally:
        crossval.set_ignore([])
    assert crossval.code_hash() == plain


def test_the_cached_runs_are_keyed_by_the_imported_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A base side imported through PYTHONPATH from another tree must not reuse this checkout's cached runs.
    import crossval

    import cleaner

    here = crossval.code_hash()
    other = tmp_path / "cleaner"
    other.mkdir()
    (other / "__init__.py").write_text("# another tree's cleaner\n")
    monkeypatch.setattr(cleaner, "__file__", str(other / "__init__.py"))
    assert crossval.code_hash() != here


def test_the_threshold_reads_the_loss_averaged_over_the_inner_repeats(monkeypatch: pytest.MonkeyPatch) -> None:
    # Budget: 1 of 1,000 snippets. Rows 1 and 2 hold one each; one inner split puts them at 0.7, another at 0.6.
    # Alone, the first split's curve allows 0.71, the second's 0.61; their mean loses 1 snippet from 0.61 on.
    monkeypatch.setattr(T, "LOSS_QUANTILE", None)
    monkeypatch.setattr(T, "SMOOTH_WIDTH", None)
    docs = [doc("fulltext", "tf", 1000, 20, 28, 0)]
    docs[0].x = np.zeros((3, 1))
    docs[0].keep_cost = np.array([0.0, 1.0, 1.0])
    docs[0].protected = np.zeros(3, bool)
    first, second = [np.array([0.99, 0.7, 0.7])], [np.array([0.99, 0.6, 0.6])]
    assert T.choose_threshold(docs, [first]) == 0.71
    assert T.choose_threshold(docs, [second]) == 0.61
    assert T.choose_threshold(docs, [first, second]) == 0.61


def test_the_threshold_is_where_the_loss_stays_within_budget_above_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # Under 0.56 the stage would take most of the page, so its page guard leaves the page whole and nothing is lost;
    # from 0.56 to 0.70 it takes the two content rows, over the budget of 1 snippet. The lowest point within budget
    # (0.50) sits below a band over it; the envelope is the lowest threshold with no such band above (0.71).
    d = doc("fulltext", "tf", 1000, 20, 28, 0)
    d.x = np.zeros((5, 1))
    d.keep_cost = np.array([0.0, 1.0, 1.0, 0.0, 0.0])
    d.protected = np.zeros(5, bool)
    d.chars = np.array([10.0, 10.0, 10.0, 100.0, 100.0])
    probs = [[np.array([0.99, 0.7, 0.7, 0.55, 0.55])]]
    monkeypatch.setattr(T, "LOSS_QUANTILE", None)
    monkeypatch.setattr(T, "ENVELOPE", False)
    assert T.choose_threshold([d], probs) == 0.50
    monkeypatch.setattr(T, "ENVELOPE", True)
    assert T.choose_threshold([d], probs) == 0.71


def test_a_loss_quantile_keeps_a_margin_under_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two sites of 500 snippets each, a budget of 1 in 1,000: below 0.71 the stage loses 1 snippet on the first site.
    # The mean (1 in 1,000) is within the budget, but in the resamples that weigh the first site more than the
    # second (about a third of them) the loss is over it, so a 0.75 quantile keeps the threshold above the loss.
    lossy = doc("fulltext", "tf", 500, 10, 14, 0)
    lossy.key, lossy.x, lossy.protected = "tf/a", np.zeros((3, 1)), np.zeros(3, bool)
    lossy.keep_cost = np.array([0.0, 0.5, 0.5])
    clean = doc("fulltext", "tf", 500, 10, 14, 0)
    clean.key = "tf/b"
    probs = [[np.array([0.99, 0.7, 0.7]), np.zeros(1)]]
    monkeypatch.setattr(T, "LOSS_QUANTILE", None)
    assert T.choose_threshold([lossy, clean], probs) == 0.50
    monkeypatch.setattr(T, "LOSS_QUANTILE", 0.75)
    assert T.choose_threshold([lossy, clean], probs) == 0.71


def test_a_pages_bag_counts_do_not_move_when_another_page_leaves_training() -> None:
    # Three pages' rows (seeds 11, 12, 13); page 12 left out of training must leave pages 11 and 13 in the same bags,
    # or a rule fix that changes one page would resample every other.
    groups = np.array([11, 11, 12, 13, 13, 13])
    kept = groups != 12
    for bag in range(4):
        assert (T._bag_weights(groups, bag)[kept] == T._bag_weights(groups[kept], bag)).all()


def test_bagged_ensembles_are_averaged_in_log_odds(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 3))
    y = (x[:, 0] + 0.5 * rng.normal(size=400) > 0).astype(np.float64)
    w = np.ones(400)
    groups = np.arange(400) // 10
    monkeypatch.setattr(T, "BAGS", 3)
    monkeypatch.setattr(T, "BAG_ROUNDS", 4)
    bagged = T.fit(x, y, w, groups)
    cuts = T._cuts(x)
    bags = [T._boost(x, y, w * T._bag_weights(groups, b), cuts, 4, T.BAG_LEARNING_RATE) for b in range(3)]
    assert bagged.feature.shape[0] == 12
    expected = np.mean([m.log_odds(x) for m in bags], axis=0)
    assert np.allclose(bagged.log_odds(x), expected)
    # Without page groups, one ensemble of ROUNDS rounds, as before bagging.
    assert T.fit(x, y, w).feature.shape[0] == T.ROUNDS


def test_the_shipped_threshold_is_the_median_of_the_inner_splits_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    # Three inner splits choose 0.75, 0.90 and 0.80: one low draw must not set the threshold alone.
    by_seed = {T.SEED: 0.75, T.SEED + T.CHOICE_SEED_STEP: 0.90, T.SEED + 2 * T.CHOICE_SEED_STEP: 0.80}
    x = np.array([[0.0], [1.0], [0.0], [1.0]] * 5)
    model = T.fit(x, np.array([0.0, 1.0, 0.0, 1.0] * 5), np.ones(20))
    monkeypatch.setattr(T, "inner_predictions", lambda docs, seed: seed)
    # Each split's "curve" is its choice, so that the pooled choice (the mean curve's) reads as their mean.
    monkeypatch.setattr(T, "cost_curves", lambda docs, seed: np.full(1, by_seed[seed]))
    monkeypatch.setattr(T, "choose_from_curves", lambda docs, curve: float(curve[0]))
    monkeypatch.setattr(T, "_fit_docs", lambda docs: model)
    monkeypatch.setattr(T, "POOL_CHOICES", False)
    monkeypatch.setattr(T, "CHOICE_SEEDS", 3)
    assert T.fit_with_threshold([], 5).cutoff == 0.80
    monkeypatch.setattr(T, "CHOICE_SEEDS", 1)
    assert T.fit_with_threshold([], 5).cutoff == 0.75
    # Pooled: one choice on the splits' mean curve.
    monkeypatch.setattr(T, "POOL_CHOICES", True)
    monkeypatch.setattr(T, "CHOICE_SEEDS", 3)
    assert T.fit_with_threshold([], 5).cutoff == 0.82


def test_a_smoothed_curve_counts_a_removal_by_its_distance_from_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    # One snippet lost from 0.70 down: on the step curve it counts 1 up to 0.70 and 0 from 0.71; smoothed, it counts
    # about sigmoid((0.70 - t) / width): near 1 well below, a half around 0.70, near 0 well above, never a jump.
    monkeypatch.setattr(T, "SMOOTH_WIDTH", 0.02)
    step = (T.CURVE <= 0.70).astype(np.float64)[None, :]
    at = {round(float(t), 2): v for t, v in zip(T.CURVE, T.smoothed(step)[0], strict=True)}
    assert at[0.60] > 0.98 and at[0.80] < 0.02
    assert 0.4 < (at[0.70] + at[0.71]) / 2 < 0.6
    assert np.abs(np.diff(T.smoothed(step)[0])).max() < 0.15
    assert np.isclose(T.smoothed(step).sum(), step.sum(), atol=0.05)
    monkeypatch.setattr(T, "SMOOTH_WIDTH", None)
    assert (T.smoothed(step) == step).all()


def test_a_page_left_out_moves_no_other_domain_in_the_stable_split(monkeypatch: pytest.MonkeyPatch) -> None:
    # Forty pages of twenty domains; leaving two pages out must leave every other page in its inner fold and its
    # domain's bootstrap counts where they were (the shuffled split reassigns them).
    urls = {f"tf/{i}": f"https://site{i // 2}.org/{i}" for i in range(40)}
    monkeypatch.setattr(T, "_URLS", urls)
    monkeypatch.setattr(T, "STABLE_SPLIT", True)
    keys = sorted(urls)
    kept = [k for k in keys if k not in {"tf/3", "tf/10"}]
    everything, fewer = T.stable_folds(keys, 5, 7), T.stable_folds(kept, 5, 7)
    assert all(fewer[k] == everything[k] for k in kept)
    assert len(set(everything.values())) == 5
    docs = [T.unread_doc(k, "fulltext", "tf", {"with": ["s"]}) for k in keys]
    all_w = T._bootstrap_weights(docs)
    kept_w = T._bootstrap_weights([d for d in docs if d.key in kept])
    assert (kept_w == all_w[:, [keys.index(k) for k in kept]]).all()


def test_a_row_perturbed_retrain_unlabels_rows_and_keeps_every_page_and_line() -> None:
    rows = [
        T.DocRows(
            f"sh/{i}",
            "fulltext",
            "sh",
            np.zeros((4, 1)),
            np.ones(4),
            np.array([1.0, 1.0, 0.0, 1.0]),
            np.zeros(4),
            4.0,
            np.zeros(4, bool),
        )
        for i in range(3)
    ]
    out = S.unlabelled(rows, 5, seed=1)
    # The page list, hence the inner domain split, is untouched; only weights change, and never an unlabelled row's.
    assert [d.key for d in out] == [d.key for d in rows] and all(len(d.w) == 4 for d in out)
    assert sum(int((d.w > 0).sum()) for d in out) == 9 - 5
    assert all(d.w[2] == 0 for d in out) and all((r.w == [1.0, 1.0, 0.0, 1.0]).all() for r in rows)
    assert [d.w.tolist() for d in S.unlabelled(rows, 5, seed=1)] == [d.w.tolist() for d in out]
