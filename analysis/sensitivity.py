"""Sensitivity indices from a results store, with SALib's estimators (never hand-written ones).

Replicates are averaged per point first: the indices describe the expected outcome's
response to the factors (the stochasticity report of the analysis issue adds the
share of variance between replicates).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from SALib.analyze import fast, morris
from SALib.analyze import sobol as sobol_estimator

from analysis.results import Results
from experiments.sampling import unit_matrix

RESAMPLES = 1000  # bootstrap resamples for confidence intervals
CONFIDENCE = 0.95


def sobol_table(results: Results, outcome: str) -> pd.DataFrame:
    """First-order and total Sobol indices with bootstrap 95% intervals (Saltelli/Jansen estimators)."""
    experiment = results.experiment
    y = results.complete_means(outcome)
    found = sobol_estimator.analyze(
        experiment.problem,
        y,
        calc_second_order=experiment.second_order,
        num_resamples=RESAMPLES,
        conf_level=CONFIDENCE,
        seed=results.analysis_seed,
    )
    return _first_and_total(experiment.problem["names"], found)


def morris_table(results: Results, outcome: str) -> pd.DataFrame:
    """Morris elementary effects: μ* with its bootstrap interval, and σ."""
    experiment = results.experiment
    found = morris.analyze(
        experiment.problem,
        unit_matrix(results.samples, experiment),
        results.complete_means(outcome),
        num_resamples=RESAMPLES,
        conf_level=CONFIDENCE,
        num_levels=experiment.morris_levels,
        seed=results.analysis_seed,
    )
    return pd.DataFrame(
        {
            "factor": experiment.problem["names"],
            "mu_star": np.asarray(found["mu_star"], dtype=float),
            "mu_star_conf": np.asarray(found["mu_star_conf"], dtype=float),
            "sigma": np.asarray(found["sigma"], dtype=float),
        }
    )


def fast_table(results: Results, outcome: str) -> pd.DataFrame:
    """Extended FAST first-order and total indices with bootstrap intervals."""
    experiment = results.experiment
    found = fast.analyze(
        experiment.problem,
        results.complete_means(outcome),
        M=experiment.fast_m,
        num_resamples=RESAMPLES,
        conf_level=CONFIDENCE,
        seed=results.analysis_seed,
    )
    return _first_and_total(experiment.problem["names"], found)


def _first_and_total(names: list[str], found: dict) -> pd.DataFrame:
    """The S1/ST table both variance-based estimators give."""
    columns = ("S1", "S1_conf", "ST", "ST_conf")
    return pd.DataFrame({"factor": names} | {c: np.asarray(found[c], dtype=float) for c in columns})


ESTIMATORS: dict[str, tuple[str, Callable[[Results, str], pd.DataFrame]]] = {
    "sobol": ("sobol", sobol_table),
    "morris": ("morris", morris_table),
    "fast": ("fast", fast_table),
}
