"""Breaking points: the level of a context factor where a design's chance of success falls to one half.

P(success | x) is a one-factor logistic regression on the run-level 0/1 outcome of a
design's successful runs; the breaking point is x* = −b₀/b₁, where the fitted probability
is 0.5: past it the design more likely fails than holds [A]. One factor at a time, the
others averaged over their sampled range (scenario discovery's boxes look at several).

The point fit is scikit-learn's `LogisticRegression` (lbfgs). Its penalty is kept but made
negligible (C = 1e4 on the standardised factor) rather than removed, so noise-free data that
separate perfectly still give a finite slope and a breaking point inside the gap between
successes and failures [A]. The bootstrap over contexts (every replicate of a resampled
context comes along) refits the same penalised likelihood by Newton's method for all
resamples at once, started from the point fit (500 sklearn fits took about 10 s per
design × factor on a laptop; this takes a fraction of one); a test checks both solvers agree.
"""

from __future__ import annotations

import math
import warnings
import zlib
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy.special import expit
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from hsbp.analysis.results import AnalysisError, Results
from hsbp.analysis.robustness import (
    NOTES,
    Threshold,
    design_runs,
    equal_count_bins,
    no_partnership_designs,
    parse_threshold,
)

RESAMPLES = 500  # bootstrap resamples over contexts
CONFIDENCE = 0.95
C = 1e4  # inverse penalty on the standardised slope: as good as none, yet finite under separation [A]
MAX_ITER = 1000
TOL = 1e-8  # sklearn's default 1e-4 stops short of the optimum on nearly separated data
CROSSES, HOLDS, FAILS = "crosses", "holds throughout", "fails throughout"
FALLS, RISES, FLAT = "falls as it rises", "rises as it rises", "flat"
COLUMNS = ["design", "factor", "direction", "breaking_point", "ci_low", "ci_high", "p_at_low", "p_at_high", "status"]


@dataclass(frozen=True)
class Fit:
    """P(success | x) = expit(b0 + b1·(x − centre)/scale); b1 = 0 with b0 = ±inf when the outcome is constant."""

    b0: float
    b1: float
    centre: float
    scale: float
    converged: bool = True

    def probability(self, x: np.ndarray | float) -> np.ndarray:
        """The fitted probability of success at factor level(s) x."""
        z = (np.asarray(x, dtype=float) - self.centre) / self.scale
        return expit(self.b0 + self.b1 * z)

    @property
    def breaking_point(self) -> float:
        """The level where the fitted probability is one half (NaN for a flat fit)."""
        return self.centre - self.scale * self.b0 / self.b1 if self.b1 != 0 and math.isfinite(self.b0) else math.nan

    @property
    def direction(self) -> str:
        """How the chance of success moves as the factor rises."""
        return FALLS if self.b1 < 0 else RISES if self.b1 > 0 else FLAT


class Curves(NamedTuple):
    """What a breaking-point figure plots: the fitted curves and the observed shares they summarise.

    fitted: design, level, probability (`points` levels evenly over the sampled range).
    observed: design, bin_mid, bin_low, bin_high, observed (share of runs that succeeded), runs.
    """

    fitted: pd.DataFrame
    observed: pd.DataFrame


def breaking_points(
    results: Results,
    outcome: str | Threshold = "survived_42",
    factors: list[str] | None = None,
    resamples: int = RESAMPLES,
) -> pd.DataFrame:
    """Each design's breaking point on each context factor, with a 95% bootstrap interval.

    `outcome` is a 0/1 outcome or a threshold ("durability_months>=42") that makes one.
    Columns: design, factor, direction, breaking_point, ci_low, ci_high, p_at_low,
    p_at_high, status ("crosses", "holds throughout", "fails throughout"). breaking_point
    and its interval are NaN unless the fitted curve crosses one half inside the sampled
    range; an interval end is ±inf when over 2.5% of resamples put the crossing beyond it.
    """
    runs, designs, notes = _success_runs(results, outcome)
    factors = _numeric_factors(results, factors, notes)
    rows = []
    for design in designs:
        mine = runs[runs["design"] == design]
        for factor in factors:
            x, successes, trials = _by_context(mine, factor)
            if not len(x):
                notes.append(f"design {design} skipped on {factor}: no successful run")
                continue
            low, high = _sampled_range(results, factor)
            fit = fit_logistic(x, successes, trials)
            if not fit.converged:
                notes.append(f"{design} on {factor}: the logistic fit stopped after {MAX_ITER} iterations")
            p_low, p_high = (float(p) for p in fit.probability([low, high]))
            status = _status(p_low, p_high)
            point = ci_low = ci_high = math.nan
            if status == CROSSES:
                point = fit.breaking_point
                rng = np.random.default_rng([results.analysis_seed, _key(design), _key(factor)])
                draws = rng.multinomial(len(x), np.full(len(x), 1 / len(x)), size=resamples)
                ci_low, ci_high = _interval(_bootstrap_points(fit, x, successes, trials, draws), low, high)
            rows.append(
                {
                    "design": design,
                    "factor": factor,
                    "direction": fit.direction,
                    "breaking_point": point,
                    "ci_low": ci_low,
                    "ci_high": ci_high,
                    "p_at_low": p_low,
                    "p_at_high": p_high,
                    "status": status,
                }
            )
    table = pd.DataFrame(rows, columns=COLUMNS)
    table.attrs[NOTES] = notes
    return table


def breaking_curves(
    results: Results, outcome: str | Threshold, factor: str, points: int = 50, bins: int = 10
) -> Curves:
    """Fitted P(success | factor) per design over the sampled range, and observed shares in equal-count bins."""
    runs, designs, notes = _success_runs(results, outcome)
    (factor,) = _numeric_factors(results, [factor], notes)
    low, high = _sampled_range(results, factor)
    levels = np.linspace(low, high, points)
    fitted, observed = [], []
    for design in designs:
        mine = runs[runs["design"] == design]
        x, successes, trials = _by_context(mine, factor)
        if not len(x):
            notes.append(f"design {design} skipped: no successful run")
            continue
        fit = fit_logistic(x, successes, trials)
        fitted.append(pd.DataFrame({"design": design, "level": levels, "probability": fit.probability(levels)}))
        edges, index = equal_count_bins(x, bins)
        for i in np.unique(index):
            inside = index == i
            observed.append(
                {
                    "design": design,
                    "bin_mid": (edges[i] + edges[i + 1]) / 2,
                    "bin_low": edges[i],
                    "bin_high": edges[i + 1],
                    "observed": successes[inside].sum() / trials[inside].sum(),
                    "runs": int(trials[inside].sum()),
                }
            )
    curves = Curves(pd.concat(fitted, ignore_index=True), pd.DataFrame(observed))
    curves.fitted.attrs[NOTES] = curves.observed.attrs[NOTES] = notes
    return curves


def fit_logistic(x: np.ndarray, successes: np.ndarray, trials: np.ndarray) -> Fit:
    """Logistic regression of successes out of trials at levels x (sklearn, near-unpenalised)."""
    centre, scale = float(np.mean(x)), float(np.std(x)) or 1.0
    total, won = trials.sum(), successes.sum()
    if won in (0, total):  # nothing to fit: the chance is 0 or 1 throughout
        return Fit(math.inf if won else -math.inf, 0.0, centre, scale)
    z = np.concatenate([x, x])[:, None]
    z = (z - centre) / scale
    y = np.concatenate([np.ones(len(x)), np.zeros(len(x))])
    weight = np.concatenate([successes, trials - successes]).astype(float)
    keep = weight > 0
    model = LogisticRegression(C=C, solver="lbfgs", max_iter=MAX_ITER, tol=TOL)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(z[keep], y[keep], sample_weight=weight[keep])
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    return Fit(float(model.intercept_[0]), float(model.coef_[0, 0]), centre, scale, converged)


def newton_logistic(
    fit: Fit, x: np.ndarray, successes: np.ndarray, trials: np.ndarray, counts: np.ndarray, steps: int = 100
) -> np.ndarray:
    """Refit sklearn's objective for many context resamples at once; returns (b0, b1) per resample.

    Minimises −Σ m·[s·log p + (n − s)·log(1 − p)] + b1²/(2C) over the standardised factor,
    where m counts how often each context was drawn; damped Newton steps from `fit`.
    """
    z = (x - fit.centre) / fit.scale
    m, s, n = counts.astype(float), successes.astype(float), trials.astype(float)
    beta = np.tile([fit.b0, fit.b1], (len(m), 1))

    def objective(b: np.ndarray) -> np.ndarray:
        eta = b[:, :1] + b[:, 1:] * z
        loss = s * np.logaddexp(0, -eta) + (n - s) * np.logaddexp(0, eta)
        return (m * loss).sum(axis=1) + b[:, 1] ** 2 / (2 * C)

    value = objective(beta)
    for _ in range(steps):
        p = expit(beta[:, :1] + beta[:, 1:] * z)
        residual = m * (s - n * p)
        g0, g1 = residual.sum(axis=1), (residual * z).sum(axis=1) - beta[:, 1] / C
        w = m * n * p * (1 - p)
        h00, h01, h11 = w.sum(axis=1), (w * z).sum(axis=1), (w * z * z).sum(axis=1) + 1 / C
        det = np.maximum(h00 * h11 - h01**2, 1e-300)
        step = np.column_stack([(h11 * g0 - h01 * g1) / det, (h00 * g1 - h01 * g0) / det])
        shrink = np.ones(len(m))
        for _ in range(40):  # halve each resample's step until its objective does not rise
            trial = beta + shrink[:, None] * step
            new = objective(trial)
            worse = ~(new <= value + 1e-9 * np.abs(value))
            if not worse.any():
                break
            shrink[worse] /= 2
        beta, value = trial, new
        if np.nanmax(np.abs(shrink[:, None] * step)) < 1e-8:
            break
    return beta


def _bootstrap_points(
    fit: Fit, x: np.ndarray, successes: np.ndarray, trials: np.ndarray, counts: np.ndarray
) -> np.ndarray:
    """Breaking points of the resampled data; NaN where a resample's outcome is constant."""
    won, total = counts @ successes, counts @ trials
    beta = newton_logistic(fit, x, successes, trials, counts)
    with np.errstate(divide="ignore", invalid="ignore"):
        points = fit.centre - fit.scale * beta[:, 0] / beta[:, 1]
    points[(won == 0) | (won == total)] = math.nan
    return points


def _interval(points: np.ndarray, low: float, high: float) -> tuple[float, float]:
    """Percentile interval; crossings beyond the sampled range count as ±inf (the data cannot place them)."""
    points = points[~np.isnan(points)]
    if not len(points):
        return math.nan, math.nan
    points = np.where(points < low, -math.inf, np.where(points > high, math.inf, points))
    tail = (1 - CONFIDENCE) / 2
    return float(np.quantile(points, tail, method="lower")), float(np.quantile(points, 1 - tail, method="higher"))


def _key(name: str) -> int:
    """A stable number for a name: each row's bootstrap does not depend on which others were asked for."""
    return zlib.crc32(name.encode("utf-8"))


def _status(p_low: float, p_high: float) -> str:
    if (p_low - 0.5) * (p_high - 0.5) < 0:
        return CROSSES
    return HOLDS if min(p_low, p_high) >= 0.5 else FAILS


def _success_runs(results: Results, outcome: str | Threshold) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Successful runs with a 0/1 `success` column, the partnership designs, and notes."""
    runs = design_runs(results)
    recorded = [o for o in results.experiment.outcomes if o in runs.columns]
    if isinstance(outcome, str) and any(op in outcome for op in "<>"):
        outcome = parse_threshold(outcome)
    name = outcome.outcome if isinstance(outcome, Threshold) else outcome
    if name not in recorded:
        raise AnalysisError(f"{results.root}: outcome {name!r} was not recorded; allowed: {', '.join(recorded)}")
    values = runs[name].to_numpy(dtype=float)
    if isinstance(outcome, Threshold):
        success = outcome.met(values)
    else:
        if not np.isin(values, (0.0, 1.0)).all():
            raise AnalysisError(
                f"{results.root}: {name} is not a 0/1 outcome; name one (e.g. survived_42) "
                f"or a threshold such as '{name}>=42'"
            )
        success = values == 1.0
    runs = runs.assign(success=success.astype(float))
    off = no_partnership_designs(results)
    designs = [d for d in results.experiment.designs if d not in off]
    notes = [f"design(s) {', '.join(off)} skipped: no partnership, so nothing to break"] if off else []
    if not designs:
        raise AnalysisError(f"{results.root}: every design switches the partnership off; nothing can break")
    return runs, designs, notes


def _numeric_factors(results: Results, factors: list[str] | None, notes: list[str]) -> list[str]:
    known = {f.name: f for f in results.experiment.factors}
    if factors is None:
        categorical = [name for name, f in known.items() if f.kind == "categorical"]
        if categorical:
            notes.append(f"categorical factor(s) {', '.join(categorical)} skipped: a breaking point needs a level")
        return [name for name in known if name not in categorical]
    for name in factors:
        if name not in known:
            raise AnalysisError(f"{results.root}: {name!r} is not a context factor; allowed: {', '.join(known)}")
        if known[name].kind == "categorical":
            raise AnalysisError(f"{results.root}: {name} is categorical; a breaking point needs a numeric factor")
    return list(factors)


def _by_context(runs: pd.DataFrame, factor: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Factor level, successes and successful runs per context (a binomial row per context)."""
    grouped = runs.groupby("context").agg(x=(factor, "first"), successes=("success", "sum"), trials=("success", "size"))
    return (
        grouped["x"].to_numpy(dtype=float),
        grouped["successes"].to_numpy(dtype=float),
        grouped["trials"].to_numpy(dtype=float),
    )


def _sampled_range(results: Results, factor: str) -> tuple[float, float]:
    values = results.samples[factor].to_numpy(dtype=float)
    return float(values.min()), float(values.max())
