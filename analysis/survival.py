"""How long partnerships last: Kaplan–Meier survival of durability per design.

A run that reaches the horizon still standing is right-censored there: we know only that
it would have lasted at least that long. scipy's `ecdf` on `CensoredData` gives the
Kaplan–Meier estimate (Kaplan & Meier 1958 [S]) and Greenwood intervals, taken on the
log-log scale so they stay inside [0, 1] (Kalbfleisch & Prentice 2002 [S]).

Tables carry notes (designs skipped, censoring assumptions) in `table.attrs["notes"]`.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from hsbp.analysis.results import AnalysisError, Results
from hsbp.analysis.robustness import NOTES, design_runs, no_partnership_designs

CONFIDENCE = 0.95
CI_METHOD = "log-log"
DURABILITY, DISSOLVED, HORIZON = "durability_months", "dissolved", "horizon_months"
LANDMARKS = (42, 60)  # months: the pilot's length, and five years

CURVE_COLUMNS = ["month", "survival", "ci_low", "ci_high", "at_risk", "events"]


def survival_curve(durations: np.ndarray, dissolved: np.ndarray) -> pd.DataFrame:
    """Kaplan–Meier curve of durations, each either a dissolution (True) or censored (False).

    Starts at month 0 with survival 1, then one row per observed month. Where the
    estimate is exactly 1 or 0 Greenwood's log-log interval is undefined; it is set to
    the estimate there. Columns: month, survival, ci_low, ci_high, at_risk (runs still
    standing just before the month), events (dissolutions in the month).
    """
    durations = np.asarray(durations, dtype=float)
    dissolved = np.asarray(dissolved, dtype=bool)
    if not len(durations):
        raise AnalysisError("a survival curve needs at least one run")
    data = stats.CensoredData(uncensored=durations[dissolved], right=durations[~dissolved])
    sf = stats.ecdf(data).sf
    months = np.asarray(sf.quantiles, dtype=float)
    survival = np.asarray(sf.probabilities, dtype=float)
    with warnings.catch_warnings():  # "undefined at some observations": where S is 0 or 1
        warnings.simplefilter("ignore", RuntimeWarning)
        ci = sf.confidence_interval(CONFIDENCE, method=CI_METHOD)
    low, high = np.asarray(ci.low.probabilities, dtype=float), np.asarray(ci.high.probabilities, dtype=float)
    undefined = np.isnan(low) | np.isnan(high)
    low, high = np.where(undefined, survival, low), np.where(undefined, survival, high)
    at_risk = (durations[None, :] >= months[:, None]).sum(axis=1)
    events = ((durations[None, :] == months[:, None]) & dissolved[None, :]).sum(axis=1)
    curve = pd.DataFrame(
        {"month": months, "survival": survival, "ci_low": low, "ci_high": high, "at_risk": at_risk, "events": events}
    )
    if months[0] > 0:
        start = pd.DataFrame([{"month": 0.0, "survival": 1.0, "ci_low": 1.0, "ci_high": 1.0}])
        start = start.assign(at_risk=len(durations), events=0)
        curve = pd.concat([start, curve], ignore_index=True)
    return curve


def kaplan_meier(results: Results, design: str | None = None) -> pd.DataFrame:
    """Kaplan–Meier survival of durability for each partnership design (or the one named).

    Columns: design, month, survival, ci_low, ci_high, at_risk, events.
    """
    curves = []
    notes, by_design = _durations(results, design)
    for name, (durations, dissolved) in by_design.items():
        curves.append(survival_curve(durations, dissolved).assign(design=name))
    table = pd.concat(curves, ignore_index=True)[["design", *CURVE_COLUMNS]]
    table.attrs[NOTES] = notes
    return table


def median_survival(results: Results) -> pd.DataFrame:
    """Median durability and survival at 42 and 60 months, per partnership design.

    The median is the first month the estimate falls to one half or below; NaN in
    median_months (and "not reached" in median) when it never does. Survival beyond
    the longest observed durability is NaN (unknown).
    Columns: design, runs, dissolved, median_months, median, survival_42, survival_60.
    """
    notes, by_design = _durations(results, None)
    rows = []
    for name, (durations, dissolved) in by_design.items():
        curve = survival_curve(durations, dissolved)
        below = curve.loc[curve["survival"] <= 0.5 + 1e-12, "month"]  # a product of fractions can miss 0.5 by ε
        median = float(below.iloc[0]) if len(below) else math.nan
        row = {
            "design": name,
            "runs": len(durations),
            "dissolved": int(dissolved.sum()),
            "median_months": median,
            "median": "not reached" if math.isnan(median) else f"{median:g}",
        }
        for month in LANDMARKS:
            row[f"survival_{month}"] = _survival_at(curve, month, durations.max())
        rows.append(row)
    table = pd.DataFrame(rows)
    table.attrs[NOTES] = notes
    return table


def _survival_at(curve: pd.DataFrame, month: float, longest: float) -> float:
    """The step function's value at `month` (right-continuous); past the longest durability only 0 is known."""
    if month > longest and curve["survival"].iloc[-1] > 0:
        return math.nan
    steps = curve.loc[curve["month"] <= month, "survival"]
    return float(steps.iloc[-1])


def _durations(results: Results, design: str | None) -> tuple[list[str], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Durability and dissolved flags of each partnership design's successful runs, and notes."""
    runs = design_runs(results)
    recorded = set(results.experiment.outcomes) & set(runs.columns)
    if DURABILITY not in recorded:
        raise AnalysisError(f"{results.root}: survival needs the outcome {DURABILITY}; add it to outcomes")
    notes: list[str] = []
    if DISSOLVED in recorded:
        dissolved = runs[DISSOLVED].to_numpy(dtype=float) == 1.0
    else:
        if HORIZON in runs.columns:  # the horizon is a context factor: each run has its own
            horizon = runs[HORIZON].to_numpy(dtype=float)
        else:
            horizon = float(results.experiment.fixed.get(HORIZON, runs[DURABILITY].max()))
        dissolved = runs[DURABILITY].to_numpy(dtype=float) < horizon
        notes.append(
            f"{DISSOLVED} was not recorded: runs lasting to the horizon ({HORIZON}, else the longest durability) "
            f"are taken as censored, the rest as dissolved [A]; record {DISSOLVED} to be sure"
        )
    runs = runs.assign(_dissolved=dissolved)
    designs = list(results.experiment.designs)
    if design is not None:
        if design not in designs:
            raise AnalysisError(f"{results.root}: no design {design!r}; allowed: {', '.join(designs)}")
        designs = [design]
    off = [d for d in no_partnership_designs(results) if d in designs]
    if off:
        notes.append(f"design(s) {', '.join(off)} skipped: no partnership, so no durability")
    by_design = {}
    for name in designs:
        mine = runs[runs["design"] == name]
        if name in off:
            continue
        if not len(mine):
            notes.append(f"design {name} skipped: no successful run")
            continue
        by_design[name] = (mine[DURABILITY].to_numpy(dtype=float), mine["_dissolved"].to_numpy(dtype=bool))
    if not by_design:
        raise AnalysisError(f"{results.root}: no partnership design has a successful run to estimate survival from")
    return notes, by_design
