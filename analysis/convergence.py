"""Have the sensitivity indices settled? The same estimators on nested subsamples of one design.

The first n base samples of a Saltelli design (blocks of D + 2 rows, 2D + 2 with second
order; SALib 1.6 `sample.sobol`) are themselves a Saltelli design, and so are the first
r trajectories of a Morris design (blocks of D + 1 rows), so the indices at n ≤ N cost
no new runs. Indices that still move between N/2 and N, or whose intervals are wide,
need a larger N (Sarrazin, Pianosi & Wagener 2016, convergence of GSA) [S].
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from hsbp.analysis.results import AnalysisError, Results
from hsbp.analysis.sensitivity import morris_table, sobol_table

FRACTIONS = (1 / 8, 1 / 4, 1 / 2, 1)
WIDE = 0.1  # an interval half-width above this (on the 0–1 scale of the indices) is wide [A]
MOVING = 0.05  # a change between N/2 and N above this and above the interval is still moving [A]
SOBOL_COLUMNS = ["outcome", "factor", "n", "S1", "S1_conf", "ST", "ST_conf"]
MORRIS_COLUMNS = ["outcome", "factor", "n", "mu_star", "mu_star_conf", "sigma"]


def sobol_convergence(results: Results, outcome: str, fractions: Sequence[float] = FRACTIONS) -> pd.DataFrame:
    """Sobol S1 and ST (with intervals) on the first n base samples, n = fraction × N, one row per factor and n."""
    return _nested(results, outcome, fractions, "sobol", lambda n: sobol_table(results, outcome, base_samples=n))[
        SOBOL_COLUMNS
    ]


def morris_convergence(results: Results, outcome: str, fractions: Sequence[float] = FRACTIONS) -> pd.DataFrame:
    """Morris μ* (with its interval) and σ on the first n trajectories, n = fraction × r."""
    return _nested(results, outcome, fractions, "morris", lambda n: morris_table(results, outcome, trajectories=n))[
        MORRIS_COLUMNS
    ]


def convergence_warnings(table: pd.DataFrame) -> list[str]:
    """Plain sentences for indices that are not settled at the largest n of a convergence table.

    Wide: the 95% interval's half-width at full n exceeds WIDE. Still moving: the index
    changed between the largest n ≤ N/2 and N by more than both MOVING and its interval
    at N. Morris μ* is first divided by the largest μ* of its outcome at N, so both
    rules read on the 0–1 scale of Sobol indices [A].
    """
    method, indices = ("sobol", ("S1", "ST")) if "ST" in table else ("morris", ("mu_star",))
    sentences = []
    for (outcome, factor), rows in table.groupby(["outcome", "factor"], sort=False):
        rows = rows.sort_values("n")
        full = rows.iloc[-1]
        halves = rows[rows["n"] <= full["n"] / 2]
        half = halves.iloc[-1] if len(halves) else None
        scale = _scale(table, outcome, full["n"]) if method == "morris" else 1.0
        for index in indices:
            value, conf = full[index], full[f"{index}_conf"]
            if not (np.isfinite(value) and np.isfinite(conf) and scale > 0):
                continue
            name = f"{method} {index} of {factor} for {outcome}"
            if conf / scale > WIDE:
                sentences.append(f"the 95% interval of {name} is wide (±{_fmt(conf)} at n = {full['n']})")
            if half is not None and abs(value - half[index]) / scale > max(MOVING, conf / scale):
                sentences.append(
                    f"{name} is still moving: {_fmt(half[index])} at n = {half['n']}, {_fmt(value)} at "
                    f"n = {full['n']} (a change larger than both {_fmt(MOVING * scale)} and its interval "
                    f"±{_fmt(conf)})"
                )
    return sentences


def _nested(
    results: Results,
    outcome: str,
    fractions: Sequence[float],
    sampler: str,
    table_at: Callable[[int], pd.DataFrame],
) -> pd.DataFrame:
    """The estimator's table at each subsample size, stacked with `outcome` and `n`."""
    experiment = results.experiment
    if experiment.sampler != sampler:
        raise AnalysisError(
            f"{results.root}: {sampler} convergence needs a sweep with sampler = {sampler}, not {experiment.sampler}"
        )
    if outcome not in experiment.outcomes:
        raise AnalysisError(f"{results.root}: no outcome {outcome!r}; allowed: {', '.join(experiment.outcomes)}")
    tables = [table_at(n).assign(outcome=outcome, n=n) for n in _sizes(experiment.samples, fractions)]
    return pd.concat(tables, ignore_index=True)


def _sizes(total: int, fractions: Sequence[float]) -> list[int]:
    """Distinct subsample sizes round(fraction × total), at least 2 (a bootstrap needs two) [A]."""
    if not fractions or not all(0 < f <= 1 for f in fractions):
        raise ValueError(f"fractions = {tuple(fractions)} are not allowed; allowed shares in (0, 1]")
    return sorted({min(total, max(2, round(f * total))) for f in fractions})


def _scale(table: pd.DataFrame, outcome: str, n: int) -> float:
    """The largest μ* of an outcome at n, the unit Morris effects are judged in."""
    rows = table[(table["outcome"] == outcome) & (table["n"] == n)]
    return float(rows["mu_star"].max())


def _fmt(value: float) -> str:
    return f"{value:.2f}" if abs(value) >= 0.01 or value == 0 else f"{value:.2g}"
