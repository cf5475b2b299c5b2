"""How much of each outcome is noise? The share of its variance that lies between replicates of a point.

A one-way random-effects decomposition (points as the random factor, replicates within
them; standard ANOVA, Searle, Casella & McCulloch 1992, ch. 3) [S]: the within-point
variance is the mean over points of the replicates' sample variance (ddof = 1), the
total is the sample variance of every successful run. `noise_share` = within / total,
clipped to [0, 1]; it estimates the share σ²_w / (σ²_b + σ²_w) of the model's own
randomness (one minus the intraclass correlation), the part no factor can explain.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from hsbp.analysis.results import AnalysisError, Results
from hsbp.experiments.worker import OK

COLUMNS = [
    "outcome",
    "replicates",
    "points",
    "total_variance",
    "within_variance",
    "noise_share",
    "mean_replicate_se",
    "note",
]


def noise_table(results: Results, outcomes: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per outcome: total and within-point variance, the noise share, and a replicate mean's standard error.

    `points` counts the points with at least two successful replicates (the only ones
    with a within variance); `mean_replicate_se` = √(within / replicates) is the typical
    standard error of a point's replicate mean. Fewer than two replicates: NaN and a note.
    """
    experiment = results.experiment
    outcomes = list(experiment.outcomes if outcomes is None else outcomes)
    unknown = [o for o in outcomes if o not in experiment.outcomes]
    if unknown:
        raise AnalysisError(f"{results.root}: no outcome {unknown[0]!r}; allowed: {', '.join(experiment.outcomes)}")
    ok = results.runs[results.runs["status"] == OK]
    replicates = experiment.replicates
    return pd.DataFrame([_row(ok, outcome, replicates) for outcome in outcomes], columns=COLUMNS)


def _row(ok: pd.DataFrame, outcome: str, replicates: int) -> dict[str, object]:
    """The decomposition for one outcome."""
    values = ok[outcome].to_numpy(dtype=float)
    row: dict[str, object] = {"outcome": outcome, "replicates": replicates, "note": ""}
    if replicates < 2:
        return row | _undefined(0, "one replicate per point: noise cannot be told from signal; sweep with ≥ 2")
    spread = ok.groupby("point")[outcome].agg(["var", "count"])
    spread = spread[spread["count"] >= 2]
    if spread.empty:
        return row | _undefined(0, "no point has two successful replicates")
    within = float(spread["var"].mean())
    total = float(np.var(values, ddof=1))
    share = 0.0 if total == 0 else min(1.0, within / total)
    note = "constant across all runs" if total == 0 else ""
    return row | {
        "points": len(spread),
        "total_variance": total,
        "within_variance": within,
        "noise_share": share,
        "mean_replicate_se": float(np.sqrt(within / replicates)),
        "note": note,
    }


def _undefined(points: int, note: str) -> dict[str, object]:
    """A row whose variances cannot be estimated, saying why."""
    nan = float("nan")
    return {
        "points": points,
        "total_variance": nan,
        "within_variance": nan,
        "noise_share": nan,
        "mean_replicate_se": nan,
        "note": note,
    }
