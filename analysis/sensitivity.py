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

from hsbp.analysis.results import Results
from hsbp.experiments.sampling import unit_matrix
from hsbp.experiments.spec import Experiment

RESAMPLES = 1000  # bootstrap resamples for confidence intervals
CONFIDENCE = 0.95


def sobol_indices(
    results: Results, outcome: str, *, base_samples: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """First-order and total Sobol indices with bootstrap 95% intervals (Saltelli/Jansen estimators),
    and the second-order indices of every pair when the experiment sampled them (else None).

    `base_samples` keeps only the first n base samples (their Saltelli blocks), for convergence checks.
    """
    experiment = results.experiment
    y = results.complete_means(outcome)[: _rows(base_samples, experiment.samples, sobol_block(experiment))]
    found = sobol_estimator.analyze(
        experiment.problem,
        y,
        calc_second_order=experiment.second_order,
        num_resamples=RESAMPLES,
        conf_level=CONFIDENCE,
        seed=results.analysis_seed,
    )
    names = experiment.problem["names"]
    return _first_and_total(names, found), (_pairs(names, found) if experiment.second_order else None)


def sobol_table(results: Results, outcome: str, *, base_samples: int | None = None) -> pd.DataFrame:
    """The S1/ST table of `sobol_indices`."""
    return sobol_indices(results, outcome, base_samples=base_samples)[0]


def _pairs(names: list[str], found: dict) -> pd.DataFrame:
    """Second-order indices S2 of every pair of factors, with their bootstrap intervals."""
    rows = [
        {"factor_i": a, "factor_j": b, "S2": float(found["S2"][i, j]), "S2_conf": float(found["S2_conf"][i, j])}
        for i, a in enumerate(names)
        for j, b in enumerate(names)
        if j > i
    ]
    return pd.DataFrame(rows, columns=["factor_i", "factor_j", "S2", "S2_conf"])


def morris_table(results: Results, outcome: str, *, trajectories: int | None = None) -> pd.DataFrame:
    """Morris elementary effects: μ* with its bootstrap interval, and σ.

    `trajectories` keeps only the first r trajectories (blocks of D + 1 rows), for convergence checks.
    """
    experiment = results.experiment
    rows = _rows(trajectories, experiment.samples, len(experiment.factors) + 1)
    found = morris.analyze(
        experiment.problem,
        unit_matrix(results.samples, experiment)[:rows],
        results.complete_means(outcome)[:rows],
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


def sobol_block(experiment: Experiment) -> int:
    """Rows per base sample in SALib's Saltelli design: A, D rows of AB (and D of BA with second order), B."""
    d = len(experiment.factors)
    return 2 * d + 2 if experiment.second_order else d + 2


def _rows(blocks: int | None, available: int, size: int) -> int | None:
    """Rows of the first `blocks` blocks of `size` rows (None: all), or an error if out of range."""
    if blocks is None:
        return None
    if not 1 <= blocks <= available:
        raise ValueError(
            f"a subsample of {blocks} is out of range; allowed 1 to the experiment's samples = {available}"
        )
    return blocks * size


def _first_and_total(names: list[str], found: dict) -> pd.DataFrame:
    """The S1/ST table both variance-based estimators give."""
    columns = ("S1", "S1_conf", "ST", "ST_conf")
    return pd.DataFrame({"factor": names} | {c: np.asarray(found[c], dtype=float) for c in columns})


ESTIMATORS: dict[str, tuple[str, Callable[[Results, str], pd.DataFrame]]] = {
    "sobol": ("sobol", sobol_table),
    "morris": ("morris", morris_table),
    "fast": ("fast", fast_table),
}
