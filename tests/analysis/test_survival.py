"""Kaplan–Meier survival matches hand-computed values and the toy partnership's survival function.

Without noise the toy dissolves at month ⌊120·e^{5z}⌋ with z = tolerance − fragility, fragility ~ U(0, 1),
so P(durability > m) = tolerance − ln((m + 1)/120)/5 for m < 120 (capped at 1), which the toy's
docstring writes as S(m) = min(1, tolerance − ln(m/120)/5) up to the flooring.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from experiment_texts import TOY_DESIGNS

from hsbp.analysis.results import AnalysisError
from hsbp.analysis.robustness import NOTES
from hsbp.analysis.survival import kaplan_meier, median_survival, survival_curve

TOLERANCE = {"fragile": 0.3, "middling": 0.5, "robust": 0.8}
COUNTERFACTUAL = "[designs.none]\npartnership = false\ntolerance = 0.0\n"  # the toy ignores the switch
HORIZON = 120


def at(curve: pd.DataFrame, month: float) -> float:
    """The step function's value at `month`."""
    return float(curve.loc[curve["month"] <= month, "survival"].iloc[-1])


@pytest.fixture(scope="module")
def curves(toy_designs_exact) -> pd.DataFrame:
    return kaplan_meier(toy_designs_exact)


def test_a_hand_computed_curve() -> None:
    # durations 2, 3, 3 (censored), 5: S(2) = 3/4, S(3) = 3/4·(1 − 1/3) = 1/2, S(5) = 1/2·(1 − 1/1) = 0
    curve = survival_curve(np.array([2, 3, 3, 5]), np.array([True, True, False, True]))
    assert list(curve.columns) == ["month", "survival", "ci_low", "ci_high", "at_risk", "events"]
    assert curve["month"].tolist() == [0, 2, 3, 5]
    assert curve["survival"].tolist() == pytest.approx([1, 0.75, 0.5, 0])
    assert curve["at_risk"].tolist() == [4, 4, 3, 1]
    assert curve["events"].tolist() == [0, 1, 1, 1]
    # Greenwood's variance on the log-log scale at month 2: V = d/(n(n − d)) = 1/12,
    # interval S^exp(±1.96·√V/|ln S|)
    spread = 1.959964 * math.sqrt(1 / 12) / abs(math.log(0.75))
    assert curve["ci_low"].iloc[1] == pytest.approx(0.75 ** math.exp(spread), rel=1e-4)
    assert curve["ci_high"].iloc[1] == pytest.approx(0.75 ** math.exp(-spread), rel=1e-4)
    assert curve["ci_low"].iloc[-1] == 0 and curve["ci_high"].iloc[-1] == 0  # undefined at S = 0: the estimate


def test_kaplan_meier_reads_hand_made_runs_from_a_results_store(toy_designs_exact) -> None:
    samples = toy_designs_exact.samples
    points = samples.loc[(samples["design"] == "middling") & (samples["context"] < 4), "point"].to_numpy()
    runs = pd.DataFrame(
        {
            "point": points,
            "replicate": 0,
            "seed": 0,
            "status": "ok",
            "error": "",
            "duration_s": 0.0,
            "durability_months": [2.0, 3.0, 3.0, 5.0],
            "dissolved": [1.0, 1.0, 0.0, 1.0],
            "survived_42": 0.0,
            "hsi_change": -0.1,
            "blockade_months": 0.0,
        }
    )
    table = kaplan_meier(dataclasses.replace(toy_designs_exact, runs=runs))
    assert set(table["design"]) == {"middling"}
    assert table["survival"].tolist() == pytest.approx([1, 0.75, 0.5, 0])
    assert sum("no successful run" in note for note in table.attrs[NOTES]) == 2


def test_the_toy_survival_function_is_recovered(curves) -> None:
    assert list(curves.columns) == ["design", "month", "survival", "ci_low", "ci_high", "at_risk", "events"]
    for design, tolerance in TOLERANCE.items():
        curve = curves[curves["design"] == design]
        for month in (10, 42, 100):
            found = at(curve, month)
            assert found == pytest.approx(min(1, tolerance - math.log(month / HORIZON) / 5), abs=0.03)
            assert found == pytest.approx(min(1, tolerance - math.log((month + 1) / HORIZON) / 5), abs=0.005)


def test_survival_at_the_horizon_is_the_censored_share(toy_designs_exact, curves) -> None:
    runs = toy_designs_exact.runs.merge(toy_designs_exact.samples[["point", "design"]], on="point")
    for design, tolerance in TOLERANCE.items():
        censored = (runs.loc[runs["design"] == design, "dissolved"] == 0).mean()
        final = curves.loc[curves["design"] == design, "survival"].iloc[-1]
        assert final == pytest.approx(censored, abs=1e-12)
        assert final == pytest.approx(tolerance, abs=1 / 400)


def test_curves_start_at_one_and_never_rise(curves) -> None:
    assert set(curves["design"]) == set(TOLERANCE)  # the loop below checks every design's curve
    for _, curve in curves.groupby("design"):
        assert curve["month"].iloc[0] == 0 and curve["survival"].iloc[0] == 1
        assert (np.diff(curve["survival"]) <= 0).all() and (np.diff(curve["month"]) > 0).all()
        assert (curve["ci_low"] <= curve["survival"] + 1e-12).all()
        assert (curve["survival"] <= curve["ci_high"] + 1e-12).all()
        assert curve["ci_low"].between(0, 1).all() and curve["ci_high"].between(0, 1).all()


def test_median_and_landmarks(toy_designs_exact) -> None:
    table = median_survival(toy_designs_exact).set_index("design")
    assert list(table.columns) == ["runs", "dissolved", "median_months", "median", "survival_42", "survival_60"]
    # fragile: S(m) ≤ 1/2 once (m + 1) ≥ 120/e
    assert table.loc["fragile", "median_months"] == pytest.approx(HORIZON / math.e - 1, abs=1.5)
    assert table.loc["fragile", "median"] == f"{table.loc['fragile', 'median_months']:g}"
    assert np.isnan(table.loc["robust", "median_months"]) and table.loc["robust", "median"] == "not reached"
    for design, tolerance in TOLERANCE.items():
        for month in (42, 60):
            expected = min(1, tolerance - math.log((month + 1) / HORIZON) / 5)
            assert table.loc[design, f"survival_{month}"] == pytest.approx(expected, abs=0.005)
        assert table.loc[design, "dissolved"] == pytest.approx(400 * (1 - tolerance), abs=1)


def test_one_design_or_an_error(toy_designs_exact) -> None:
    assert set(kaplan_meier(toy_designs_exact, "robust")["design"]) == {"robust"}
    with pytest.raises(AnalysisError, match="no design 'sturdy'; allowed: fragile, middling, robust"):
        kaplan_meier(toy_designs_exact, "sturdy")


def test_censoring_is_inferred_when_dissolved_was_not_recorded(toy_designs_exact, curves) -> None:
    outcomes = tuple(o for o in toy_designs_exact.experiment.outcomes if o != "dissolved")
    experiment = dataclasses.replace(toy_designs_exact.experiment, outcomes=outcomes)
    without = dataclasses.replace(
        toy_designs_exact, experiment=experiment, runs=toy_designs_exact.runs.drop(columns="dissolved")
    )
    inferred = kaplan_meier(without)
    pd.testing.assert_frame_equal(inferred, curves)
    assert any("dissolved was not recorded" in note for note in inferred.attrs[NOTES])


def test_designs_without_a_partnership_are_skipped(sweep_once) -> None:
    text = TOY_DESIGNS.format(samples=40, replicates=2, noise=0.05)
    results = sweep_once("toy_counterfactual", text + COUNTERFACTUAL)
    table = median_survival(results)
    assert list(table["design"]) == ["fragile", "middling", "robust"]
    assert any("none" in note and "no partnership" in note for note in table.attrs[NOTES])
