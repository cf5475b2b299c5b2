"""The engine plus SALib recovers known sensitivity indices (Ishigami, a linear model)."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest
from experiment_texts import ishigami_text

from hsbp.analysis.analyze import analyze
from hsbp.analysis.results import load_results
from hsbp.analysis.sensitivity import fast_table, morris_table, sobol_table
from hsbp.experiments.engine import sweep
from hsbp.experiments.reference_models import ishigami_indices
from hsbp.experiments.spec import parse_experiment


@pytest.fixture(scope="module")
def ishigami_sobol(tmp_path_factory):
    out = tmp_path_factory.mktemp("ishigami") / "results"
    experiment = parse_experiment(textwrap.dedent(ishigami_text(4096)), "ishigami.toml")
    sweep(experiment, out, workers=2, quiet=True)
    return load_results(out)


def test_sobol_recovers_the_analytical_ishigami_indices(ishigami_sobol) -> None:
    table = sobol_table(ishigami_sobol, "y").set_index("factor")
    for factor, (s1, st) in ishigami_indices().items():
        assert table.loc[factor, "S1"] == pytest.approx(s1, abs=0.04), factor
        assert table.loc[factor, "ST"] == pytest.approx(st, abs=0.04), factor
        # the bootstrap interval is informative: narrower than the spread of the indices
        assert table.loc[factor, "ST_conf"] < 0.1


def test_sobol_design_has_n_times_d_plus_2_points(ishigami_sobol) -> None:
    assert len(ishigami_sobol.samples) == 4096 * (3 + 2)
    assert (ishigami_sobol.runs["status"] == "ok").all()


def test_fast_recovers_the_analytical_first_order_indices(write_experiment, tmp_path) -> None:
    _, experiment = write_experiment(ishigami_text(2000, sampler="fast"))
    sweep(experiment, tmp_path / "fast", workers=1, quiet=True)
    table = fast_table(load_results(tmp_path / "fast"), "y").set_index("factor")
    for factor, (s1, st) in ishigami_indices().items():
        assert table.loc[factor, "S1"] == pytest.approx(s1, abs=0.05), factor
        assert table.loc[factor, "ST"] == pytest.approx(st, abs=0.08), factor


def linear_text(sampler: str, samples: int, replicates: int, noise: float) -> str:
    """An experiment over y = x1 + 2·x2 + 4·x3 (+ noise)."""
    return f"""
        name = "linear"
        model = "hsbp.experiments.reference_models:noisy_linear"
        sampler = "{sampler}"
        samples = {samples}
        replicates = {replicates}
        seed = 5
        outcomes = ["y"]
        [fixed]
        noise = {noise}
        [factors]
        x1 = [0.0, 1.0]
        x2 = [0.0, 1.0]
        x3 = [0.0, 1.0]
        """


def test_morris_mu_star_equals_the_linear_coefficients(write_experiment, tmp_path) -> None:
    _, experiment = write_experiment(linear_text("morris", samples=30, replicates=3, noise=0.0))
    sweep(experiment, tmp_path / "morris", workers=2, quiet=True)
    table = morris_table(load_results(tmp_path / "morris"), "y").set_index("factor")
    np.testing.assert_allclose(table["mu_star"].to_numpy(), [1.0, 2.0, 4.0], rtol=1e-9)
    np.testing.assert_allclose(table["sigma"].to_numpy(), 0.0, atol=1e-9)  # linear: no interactions


def test_replicates_are_averaged_per_point_and_seeded_apart(write_experiment, tmp_path) -> None:
    _, experiment = write_experiment(linear_text("lhs", samples=20, replicates=4, noise=1.0))
    sweep(experiment, tmp_path / "noisy", workers=1, quiet=True)
    results = load_results(tmp_path / "noisy")
    assert results.runs["seed"].nunique() == 80  # every run its own seed
    means = results.point_means("y")
    by_hand = results.runs.groupby("point")["y"].mean()
    np.testing.assert_allclose(means.to_numpy(), by_hand.to_numpy())
    assert results.runs.groupby("point")["y"].std().min() > 0  # replicates differ


def test_analyze_writes_the_sobol_csv_with_the_documented_columns(ishigami_sobol) -> None:
    analysis = analyze(ishigami_sobol.root)
    table = (ishigami_sobol.root / "analysis" / "sobol_y.csv").read_text().splitlines()
    assert table[0] == "factor,S1,S1_conf,ST,ST_conf"
    assert len(table) == 4
    assert "replicate(s) averaged per point" in analysis.text
    assert "x1" in analysis.text and "x2" in analysis.text


def test_second_order_sobol_finds_the_ishigami_x1_x3_interaction(write_experiment, tmp_path) -> None:
    """Ishigami's only interaction is x1·x3: S2(x1, x3) = ST1 − S1 analytically, the other pairs 0."""
    _, experiment = write_experiment(ishigami_text(2048, extra="second_order = true"))
    sweep(experiment, tmp_path / "s2", workers=2, quiet=True)
    analysis = analyze(tmp_path / "s2")
    pairs = pd.read_csv(analysis.folder / "sobol2_y.csv").set_index(["factor_i", "factor_j"])
    s1, st = ishigami_indices()["x1"]
    assert pairs.loc[("x1", "x3"), "S2"] == pytest.approx(st - s1, abs=0.08)
    assert abs(pairs.loc[("x1", "x2"), "S2"]) < 0.08 and abs(pairs.loc[("x2", "x3"), "S2"]) < 0.08
    assert (pairs["S2_conf"] > 0).all()
