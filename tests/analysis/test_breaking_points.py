"""Breaking points recover the toy partnership's known tipping levels.

With noise σ the toy survives the horizon with probability Φ((tolerance − fragility)/σ): one half
at fragility = tolerance. It lasts 42 months when z ≥ ln(42/120)/5, so P(survived_42) is one
half at fragility = tolerance + ln(120/42)/5. Distraction has no effect.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from experiment_texts import TOY_DESIGNS

from hsbp.analysis.breaking_points import (
    CROSSES,
    FAILS,
    FALLS,
    FLAT,
    HOLDS,
    Fit,
    breaking_curves,
    breaking_points,
    fit_logistic,
    newton_logistic,
)
from hsbp.analysis.results import AnalysisError
from hsbp.analysis.robustness import NOTES

TOLERANCE = {"fragile": 0.3, "middling": 0.5, "robust": 0.8}
COUNTERFACTUAL = "[designs.none]\npartnership = false\ntolerance = 0.0\n"  # the toy ignores the switch
SHIFT_42 = math.log(120 / 42) / 5  # how much further fragility may go before the 42-month mark fails
SURVIVES = "hsi_change>=0"  # the toy's hsi_change is non-negative exactly when it survives the horizon


@pytest.fixture(scope="module")
def noisy(toy_designs):
    return breaking_points(toy_designs, SURVIVES).set_index(["design", "factor"])


@pytest.fixture(scope="module")
def exact(toy_designs_exact):
    return breaking_points(toy_designs_exact, SURVIVES, factors=["fragility"]).set_index("design")


def test_columns_and_one_row_per_design_and_factor(toy_designs) -> None:
    table = breaking_points(toy_designs, "survived_42", factors=["fragility"], resamples=50)
    assert list(table.columns) == [
        "design",
        "factor",
        "direction",
        "breaking_point",
        "ci_low",
        "ci_high",
        "p_at_low",
        "p_at_high",
        "status",
    ]
    assert list(table["design"]) == ["fragile", "middling", "robust"]


def test_the_breaking_point_on_fragility_is_the_tolerance(noisy) -> None:
    for design, tolerance in TOLERANCE.items():
        row = noisy.loc[(design, "fragility")]
        assert row["status"] == CROSSES and row["direction"] == FALLS
        assert row["breaking_point"] == pytest.approx(tolerance, abs=0.03)
        assert row["ci_low"] <= tolerance <= row["ci_high"]
        assert row["ci_high"] - row["ci_low"] < 0.1
        assert row["p_at_low"] > 0.99 and row["p_at_high"] < 0.01


def test_distraction_breaks_nothing(noisy) -> None:
    for design, tolerance in TOLERANCE.items():
        row = noisy.loc[(design, "distraction")]
        assert abs(row["p_at_high"] - row["p_at_low"]) < 0.3  # a flat curve, not fragility's 1 → 0
        # only a design whose chance is one half everywhere may "cross", and then nowhere in particular
        assert row["status"] != CROSSES or row["ci_high"] - row["ci_low"] > 0.5
        if tolerance != 0.5:
            assert row["status"] == (HOLDS if tolerance > 0.5 else FAILS)


def test_the_42_month_mark_breaks_further_out(toy_designs) -> None:
    table = breaking_points(toy_designs, "survived_42", factors=["fragility"], resamples=200).set_index("design")
    for design in ("fragile", "middling"):
        expected = TOLERANCE[design] + SHIFT_42
        assert table.loc[design, "breaking_point"] == pytest.approx(expected, abs=0.03)
        assert table.loc[design, "ci_low"] <= expected <= table.loc[design, "ci_high"]
    robust = table.loc["robust"]  # its point, 1.01, lies just past the sampled range
    assert robust["status"] == HOLDS or robust["breaking_point"] > 0.95


def test_separated_data_give_a_sharp_finite_breaking_point(exact) -> None:
    for design, tolerance in TOLERANCE.items():
        row = exact.loc[design]
        assert row["status"] == CROSSES
        assert row["breaking_point"] == pytest.approx(tolerance, abs=0.01)
        assert np.isfinite([row["ci_low"], row["ci_high"]]).all()
        assert row["ci_low"] <= tolerance <= row["ci_high"] and row["ci_high"] - row["ci_low"] < 0.05


def test_a_constant_outcome_holds_throughout_without_a_fit(toy_designs_exact) -> None:
    # fragility ≤ 1 < 0.8 + ln(120/42)/5: the robust design always reaches 42 months
    row = breaking_points(toy_designs_exact, "survived_42", factors=["fragility"]).set_index("design").loc["robust"]
    assert row["status"] == HOLDS and row["direction"] == FLAT
    assert row["p_at_low"] == 1 and row["p_at_high"] == 1 and np.isnan(row["breaking_point"])


def test_the_bootstrap_is_reproducible_row_by_row(toy_designs, noisy) -> None:
    alone = breaking_points(toy_designs, SURVIVES, factors=["fragility"]).set_index(["design", "factor"])
    pd.testing.assert_frame_equal(alone, noisy.loc[alone.index])


def test_newton_refit_agrees_with_sklearn() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 1, 150)
    trials = np.full(150, 4.0)
    successes = rng.binomial(4, 1 / (1 + np.exp(12 * (x - 0.4)))).astype(float)
    fit = fit_logistic(x, successes, trials)
    assert fit.converged and fit.direction == FALLS
    (b0, b1) = newton_logistic(Fit(0.0, 0.0, fit.centre, fit.scale), x, successes, trials, np.ones((1, 150)))[0]
    assert b0 == pytest.approx(fit.b0, rel=1e-4) and b1 == pytest.approx(fit.b1, rel=1e-4)
    assert fit.breaking_point == pytest.approx(0.4, abs=0.05)


def test_the_outcome_must_be_zero_or_one(toy_designs) -> None:
    with pytest.raises(AnalysisError, match="durability_months is not a 0/1 outcome"):
        breaking_points(toy_designs, "durability_months")
    with pytest.raises(AnalysisError, match="'armed_events' was not recorded"):
        breaking_points(toy_designs, "armed_events")
    with pytest.raises(AnalysisError, match="'tolerance' is not a context factor"):
        breaking_points(toy_designs, factors=["tolerance"])


def test_designs_without_a_partnership_are_skipped(sweep_once) -> None:
    text = TOY_DESIGNS.format(samples=40, replicates=2, noise=0.05)
    results = sweep_once("toy_counterfactual", text + COUNTERFACTUAL)
    table = breaking_points(results, factors=["fragility"], resamples=20)
    assert "none" not in set(table["design"]) and len(table) == 3
    assert any("none" in note and "no partnership" in note for note in table.attrs[NOTES])


def test_curves_cross_one_half_at_the_breaking_point_and_follow_the_data(toy_designs, noisy) -> None:
    fitted, observed = breaking_curves(toy_designs, SURVIVES, "fragility", points=50, bins=10)
    assert list(fitted.columns) == ["design", "level", "probability"]
    assert list(observed.columns) == ["design", "bin_mid", "bin_low", "bin_high", "observed", "runs"]
    for design, tolerance in TOLERANCE.items():
        curve = fitted[fitted["design"] == design]
        assert len(curve) == 50 and (np.diff(curve["probability"]) <= 0).all()
        point = noisy.loc[(design, "fragility"), "breaking_point"]
        above = curve.loc[curve["probability"] > 0.5, "level"]
        below = curve.loc[curve["probability"] < 0.5, "level"]
        assert above.max() <= point <= below.min()
        shares = observed[observed["design"] == design]
        assert (shares.loc[shares["bin_high"] < tolerance - 0.15, "observed"] > 0.95).all()
        assert (shares.loc[shares["bin_low"] > tolerance + 0.15, "observed"] < 0.05).all()
        assert shares["runs"].sum() == 800
