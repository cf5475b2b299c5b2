"""The noise share of y = x1 + 2·x2 + 4·x3 + noise·ε is known: noise² / (21/12 + noise²).

With x_i ~ U(0, 1) the signal's variance is (1 + 4 + 16)/12 = 21/12; ε ~ N(0, 1) adds noise²
within every point. `seed_draw` depends on the run's seed only: it is all noise.
"""

from __future__ import annotations

import math

import pytest

from hsbp.analysis.results import AnalysisError, Results
from hsbp.analysis.stochasticity import noise_table

SIGNAL_VARIANCE = 21 / 12


def linear_text(name: str, points: int, replicates: int, noise: float) -> str:
    return f"""
        name = "{name}"
        model = "hsbp.experiments.reference_models:noisy_linear"
        sampler = "lhs"
        samples = {points}
        replicates = {replicates}
        seed = 9
        outcomes = ["y", "seed_draw"]
        [fixed]
        noise = {noise}
        [factors]
        x1 = [0.0, 1.0]
        x2 = [0.0, 1.0]
        x3 = [0.0, 1.0]
        """


@pytest.fixture(scope="module")
def noisy(sweep_once) -> Results:
    return sweep_once("linear_noise_1", linear_text("linear_noise_1", 200, 10, 1.0))


def test_noise_share_is_the_noise_over_the_total_variance(noisy) -> None:
    table = noise_table(noisy).set_index("outcome")
    assert list(table.reset_index().columns) == [
        "outcome",
        "replicates",
        "points",
        "total_variance",
        "within_variance",
        "noise_share",
        "mean_replicate_se",
        "note",
    ]
    y = table.loc["y"]
    assert (y.replicates, y.points) == (10, 200)
    assert y.noise_share == pytest.approx(1 / (1 + SIGNAL_VARIANCE), abs=0.05)  # 0.364
    assert y.within_variance == pytest.approx(1.0, abs=0.1)  # noise² with 1800 degrees of freedom
    assert y.total_variance == pytest.approx(SIGNAL_VARIANCE + 1.0, abs=0.3)
    assert y.mean_replicate_se == pytest.approx(math.sqrt(1.0 / 10), abs=0.02)
    assert table.loc["seed_draw", "noise_share"] == pytest.approx(1.0, abs=0.05)  # nothing but noise


def test_a_deterministic_outcome_has_no_noise(sweep_once) -> None:
    results = sweep_once("linear_noise_0", linear_text("linear_noise_0", 50, 3, 0.0))
    y = noise_table(results, ["y"]).set_index("outcome").loc["y"]
    assert (y.noise_share, y.within_variance) == (0.0, 0.0)
    assert y.total_variance == pytest.approx(SIGNAL_VARIANCE, rel=0.2)


def test_one_replicate_gives_nan_and_a_note(sweep_once) -> None:
    results = sweep_once("linear_single", linear_text("linear_single", 20, 1, 1.0))
    row = noise_table(results).iloc[0]
    assert math.isnan(row.noise_share) and math.isnan(row.within_variance)
    assert "≥ 2" in row.note


def test_unknown_outcomes_are_refused(noisy) -> None:
    with pytest.raises(AnalysisError, match="no outcome 'z'"):
        noise_table(noisy, ["z"])
