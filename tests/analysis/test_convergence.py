"""Indices on nested subsamples: Ishigami (analytical indices) and a linear model (exact Morris effects)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from experiment_texts import ishigami_text

from hsbp.analysis.convergence import convergence_warnings, morris_convergence, sobol_convergence
from hsbp.analysis.results import AnalysisError, Results
from hsbp.analysis.sensitivity import sobol_table
from hsbp.experiments.reference_models import ishigami_indices

LINEAR_MORRIS = """
    name = "linear_morris"
    model = "hsbp.experiments.reference_models:noisy_linear"
    sampler = "morris"
    samples = 16
    seed = 3
    outcomes = ["y"]
    [factors]
    x1 = [0.0, 1.0]
    x2 = [0.0, 1.0]
    x3 = [0.0, 1.0]
    """


@pytest.fixture(scope="module")
def ishigami_1024(sweep_once) -> Results:
    return sweep_once("ishigami_1024", ishigami_text(1024))


@pytest.fixture(scope="module")
def ishigami_table(ishigami_1024) -> pd.DataFrame:
    return sobol_convergence(ishigami_1024, "y")


@pytest.fixture(scope="module")
def ishigami_32(sweep_once) -> Results:
    return sweep_once("ishigami_32", ishigami_text(32))


def test_sobol_table_has_a_row_per_factor_and_subsample(ishigami_table) -> None:
    table = ishigami_table
    assert list(table.columns) == ["outcome", "factor", "n", "S1", "S1_conf", "ST", "ST_conf"]
    assert len(table) == 4 * 3
    assert sorted(table["n"].unique()) == [128, 256, 512, 1024]
    assert (table["outcome"] == "y").all()


def test_sobol_at_full_n_is_the_sensitivity_table(ishigami_1024, ishigami_table) -> None:
    table = ishigami_table
    full = table[table["n"] == 1024].drop(columns=["outcome", "n"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(full, sobol_table(ishigami_1024, "y"))  # same rows, same bootstrap seed


def test_sobol_converges_to_the_analytical_ishigami_indices(ishigami_table) -> None:
    table = ishigami_table.set_index(["factor", "n"])
    for factor, (_, st) in ishigami_indices().items():
        assert table.loc[(factor, 1024), "ST"] == pytest.approx(st, abs=0.1), factor
        assert table.loc[(factor, 128), "ST_conf"] > table.loc[(factor, 1024), "ST_conf"], factor
    warnings = convergence_warnings(ishigami_table)
    assert not [w for w in warnings if "of x2 " in w and "still moving" in w]


def test_a_small_sobol_sample_is_flagged(ishigami_32) -> None:
    table = sobol_convergence(ishigami_32, "y")
    assert sorted(table["n"].unique()) == [4, 8, 16, 32]
    warnings = convergence_warnings(table)
    assert any("wide" in w for w in warnings)
    # with 32 base samples the ST intervals of Ishigami exceed ±0.1 for x1 and x2 (ST ≈ 0.56, 0.44)
    assert any(w.startswith("the 95% interval of sobol ST of x1 for y is wide") for w in warnings)


def test_morris_effects_of_a_linear_model_are_exact_at_every_n(sweep_once) -> None:
    results = sweep_once("linear_morris", LINEAR_MORRIS)
    table = morris_convergence(results, "y")
    assert list(table.columns) == ["outcome", "factor", "n", "mu_star", "mu_star_conf", "sigma"]
    assert sorted(table["n"].unique()) == [2, 4, 8, 16]
    for _, rows in table.groupby("n"):
        np.testing.assert_allclose(rows["mu_star"].to_numpy(), [1.0, 2.0, 4.0], rtol=1e-9)
        np.testing.assert_allclose(rows["sigma"].to_numpy(), 0.0, atol=1e-9)
    assert convergence_warnings(table) == []  # every effect is exact: nothing moves, no interval is wide
    with pytest.raises(AnalysisError, match="sampler = sobol"):
        sobol_convergence(results, "y")


def test_warning_rules_follow_the_documented_thresholds() -> None:
    def table(st_half: float, st_full: float, conf_full: float) -> pd.DataFrame:
        rows = [(512, st_half, 0.05), (1024, st_full, conf_full)]
        return pd.DataFrame(
            [
                {"outcome": "y", "factor": "x3", "n": n, "S1": 0.0, "S1_conf": 0.0, "ST": st, "ST_conf": c}
                for n, st, c in rows
            ]
        )

    moving = convergence_warnings(table(0.21, 0.27, 0.04))
    assert moving == [
        "sobol ST of x3 for y is still moving: 0.21 at n = 512, 0.27 at n = 1024 "
        "(a change larger than both 0.05 and its interval ±0.04)"
    ]
    assert convergence_warnings(table(0.21, 0.24, 0.04)) == []  # a change of 0.03 < 0.05
    assert convergence_warnings(table(0.21, 0.27, 0.07)) == []  # a change inside its interval
    wide = convergence_warnings(table(0.20, 0.21, 0.18))
    assert wide == ["the 95% interval of sobol ST of x3 for y is wide (±0.18 at n = 1024)"]


def test_fractions_must_be_shares(ishigami_32) -> None:
    with pytest.raises(ValueError, match="fractions"):
        sobol_convergence(ishigami_32, "y", fractions=(0.5, 2.0))
    with pytest.raises(ValueError, match="out of range"):
        sobol_table(ishigami_32, "y", base_samples=33)  # only 32 base samples were run
