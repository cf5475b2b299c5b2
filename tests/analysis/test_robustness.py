"""Satisficing, regret and binned robustness recover the toy partnership's known answers.

In the toy, a run meets both default thresholds exactly when fragility ≤ tolerance, with
fragility ~ U(0, 1): the satisficing share of a design is its tolerance
(experiments/reference_models.py:partnership_toy).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from experiment_texts import TOY_DESIGNS

from hsbp.analysis.results import AnalysisError
from hsbp.analysis.robustness import (
    DEFAULT_THRESHOLDS,
    NOTES,
    Threshold,
    parse_threshold,
    regret,
    robustness_table,
    satisficing,
    satisficing_by_bins,
)

TOLERANCE = {"fragile": 0.3, "middling": 0.5, "robust": 0.8}
COUNTERFACTUAL = "[designs.none]\npartnership = false\ntolerance = 0.0\n"


@pytest.fixture(scope="module")
def with_counterfactual(sweep_once):
    """The toy designs plus a design that switches the partnership off (the toy ignores the switch)."""
    text = TOY_DESIGNS.format(samples=40, replicates=2, noise=0.05) + COUNTERFACTUAL
    return sweep_once("toy_counterfactual", text)


@pytest.fixture(scope="module")
def table(toy_designs_exact):
    return robustness_table(toy_designs_exact)


def test_parse_threshold_reads_outcome_operator_and_value() -> None:
    assert parse_threshold("durability_months>=42") == Threshold("durability_months", ">=", 42.0)
    assert parse_threshold("  hsi_change <  -0.5 ") == Threshold("hsi_change", "<", -0.5)
    assert parse_threshold("blockade_months<=1e2") == Threshold("blockade_months", "<=", 100.0)


@pytest.mark.parametrize("text", ["durability_months=42", "durability_months >= many", ">= 42", "", "a >= 1 2"])
def test_parse_threshold_names_the_text_and_what_is_allowed(text: str) -> None:
    with pytest.raises(AnalysisError, match="allowed OUTCOME OP VALUE") as caught:
        parse_threshold(text)
    assert repr(text) in str(caught.value)


def test_threshold_rejects_an_unknown_operator() -> None:
    with pytest.raises(AnalysisError, match="allowed: >=, <=, >, <"):
        Threshold("hsi_change", "==", 0.0)


def test_threshold_direction_and_test() -> None:
    at_least = parse_threshold("y>=1")
    at_most = parse_threshold("y<1")
    assert at_least.higher_is_better and not at_most.higher_is_better
    assert at_least.met(np.array([0.5, 1.0, np.nan])).tolist() == [False, True, False]
    assert at_most.met(np.array([0.5, 1.0])).tolist() == [True, False]


def test_a_context_meets_the_defaults_exactly_when_fragility_is_within_tolerance(toy_designs_exact) -> None:
    sat = satisficing(toy_designs_exact)
    assert list(sat.columns) == ["design", "context", "fragility", "distraction", "met_share", "runs_ok"]
    assert len(sat) == 3 * 400 and (sat["runs_ok"] == 1).all()
    expected = (sat["fragility"] <= sat["design"].map(TOLERANCE)).astype(float)
    assert (sat["met_share"] == expected).all()


def test_satisficing_share_is_the_tolerance_and_ranks_robust_first(table) -> None:
    assert list(table["design"]) == ["robust", "middling", "fragile"]
    for row in table.itertuples():
        assert row.satisficing_share == pytest.approx(TOLERANCE[row.design], abs=0.02)
        assert row.satisficing_low <= TOLERANCE[row.design] <= row.satisficing_high
        assert row.satisficing_high - row.satisficing_low < 0.15


def test_outcome_quantiles_follow_the_uniform_fragility(table) -> None:
    # hsi_change = (tolerance − fragility)/10 with fragility ~ U(0, 1): its q-quantile is (tolerance − (1 − q))/10
    for row in table.itertuples():
        tolerance = TOLERANCE[row.design]
        assert row.hsi_change_q10 == pytest.approx((tolerance - 0.9) / 10, abs=0.002)
        assert row.hsi_change_q50 == pytest.approx((tolerance - 0.5) / 10, abs=0.002)
        assert row.hsi_change_q90 == pytest.approx((tolerance - 0.1) / 10, abs=0.002)
    assert {"durability_months_q10", "blockade_months_q90"} <= set(table.columns)


def test_the_dominant_design_has_no_regret_in_any_context(toy_designs_exact, table) -> None:
    gaps = regret(toy_designs_exact, "durability_months>=42")
    assert (gaps.loc[gaps["design"] == "robust", "regret"] == 0).all()
    assert (gaps["regret"] >= 0).all()
    by_design = table.set_index("design")
    assert by_design.loc["robust", "regret_mean"] == 0 and by_design.loc["robust", "regret_p90"] == 0
    assert 0 < by_design.loc["middling", "regret_mean"] < by_design.loc["fragile", "regret_mean"]


def test_lower_is_better_thresholds_flip_the_regret(toy_designs_exact) -> None:
    # blockade = 100·max(0, fragility − tolerance): met (≤ 10) when fragility ≤ tolerance + 0.1, and the
    # regret against the robust design averages 100·((1 − t)²/2 − 0.2²/2) over fragility ~ U(0, 1)
    found = robustness_table(toy_designs_exact, ["blockade_months<=10"], outcomes=["blockade_months"])
    found = found.set_index("design")
    for design, tolerance in TOLERANCE.items():
        assert found.loc[design, "satisficing_share"] == pytest.approx(min(1.0, tolerance + 0.1), abs=0.02)
        expected = 100 * ((1 - tolerance) ** 2 / 2 - 0.2**2 / 2)
        assert found.loc[design, "regret_mean"] == pytest.approx(expected, abs=0.5)
    assert list(found.columns[-3:]) == ["blockade_months_q10", "blockade_months_q50", "blockade_months_q90"]


def test_bins_below_the_tolerance_all_satisfice_and_bins_above_none(toy_designs_exact) -> None:
    bins = satisficing_by_bins(toy_designs_exact, DEFAULT_THRESHOLDS, "fragility", bins=5)
    contexts = toy_designs_exact.samples.drop_duplicates("context")["fragility"].to_numpy()
    assert list(bins.columns) == ["design", "bin", "bin_low", "bin_high", "met_share", "contexts"]
    assert (bins.groupby("design")["contexts"].sum() == 400).all()
    assert (bins["contexts"] == 80).all()  # equal-count bins
    assert bins["bin"].iloc[0] == f"{bins['bin_low'].iloc[0]:.2f}–{bins['bin_high'].iloc[0]:.2f}"
    checked = 0
    for row in bins.itertuples():
        tolerance = TOLERANCE[row.design]
        if row.bin_high < tolerance:
            assert row.met_share == 1.0, row
            checked += 1
        elif row.bin_low > tolerance:
            assert row.met_share == 0.0, row
            checked += 1
        else:  # the bin straddles the tolerance: the share of its contexts below it
            inside = contexts[(contexts >= row.bin_low) & (contexts <= row.bin_high)]
            assert row.met_share == pytest.approx(np.mean(inside <= tolerance)), row
    assert checked >= 12


def test_bins_need_a_context_factor(toy_designs_exact) -> None:
    with pytest.raises(AnalysisError, match="'tolerance' is not a context factor; allowed: fragility, distraction"):
        satisficing_by_bins(toy_designs_exact, DEFAULT_THRESHOLDS, "tolerance")


def test_unknown_outcomes_are_skipped_with_a_note_or_refused(toy_designs_exact) -> None:
    found = robustness_table(toy_designs_exact, ["hsi_change>=0", "armed_events<=3"], outcomes=["hsi_change"])
    assert any("armed_events" in note and "skipped" in note for note in found.attrs[NOTES])
    for row in found.itertuples():
        assert row.satisficing_share == pytest.approx(TOLERANCE[row.design], abs=0.02)
    with pytest.raises(AnalysisError, match="no threshold names a recorded outcome"):
        satisficing(toy_designs_exact, ["armed_events<=3"])
    with pytest.raises(AnalysisError, match="'armed_events' was not recorded"):
        robustness_table(toy_designs_exact, outcomes=["armed_events"])


def test_designs_are_required(toy_designs_exact) -> None:
    experiment = dataclasses.replace(toy_designs_exact.experiment, sampler="lhs")
    with pytest.raises(AnalysisError, match="needs sampler = designs"):
        satisficing(dataclasses.replace(toy_designs_exact, experiment=experiment))


def test_the_counterfactual_is_judged_only_where_the_thresholds_apply(with_counterfactual) -> None:
    default = robustness_table(with_counterfactual)
    assert "none" not in set(default["design"])
    assert any("none" in note and "no partnership" in note for note in default.attrs[NOTES])
    human_security = robustness_table(with_counterfactual, ["hsi_change>=0"])
    assert set(human_security["design"]) == {"fragile", "middling", "robust", "none"}
    none = human_security.set_index("design").loc["none"]
    assert np.isnan(none["durability_months_q50"]) and np.isfinite(none["hsi_change_q50"])
    assert human_security["design"].iloc[-1] == "none"  # tolerance 0: it never satisfices
