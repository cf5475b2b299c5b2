"""Reading a results store for analysis: the experiment it ran, and outcomes per point."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from hsbp.experiments.seeds import sampler_seed
from hsbp.experiments.spec import Experiment, parse_experiment
from hsbp.experiments.store import MANIFEST, ResultsStore, StoreError
from hsbp.experiments.worker import OK
from hsbp.userinput import UserInputError

BOOTSTRAP = 0xB007  # purpose key of the bootstrap's seed


class AnalysisError(UserInputError):
    """Results that cannot be analysed as asked; the message names the folder and says why."""


@dataclass(frozen=True)
class Results:
    """A finished (or partly finished) sweep, ready for analysis."""

    root: Path
    experiment: Experiment
    samples: pd.DataFrame
    runs: pd.DataFrame

    @property
    def analysis_seed(self) -> int:
        """Seed for bootstrap resampling, from the experiment seed (never 0: SALib ignores a falsy seed)."""
        return sampler_seed(self.experiment.seed, BOOTSTRAP)

    def point_means(self, outcome: str) -> pd.Series:
        """The mean of `outcome` over each point's successful replicates (NaN where none succeeded)."""
        ok = self.runs[self.runs["status"] == OK]
        means = ok.groupby("point")[outcome].mean()
        return means.reindex(self.samples["point"].to_numpy())

    def complete_means(self, outcome: str) -> np.ndarray:
        """Replicate means for every point, or an error naming the points with no successful run."""
        means = self.point_means(outcome)
        missing = means.index[means.isna()]
        if len(missing):
            example = int(missing[0])
            errors = self.runs.loc[self.runs["point"] == example, "error"]
            why = errors.iloc[0] if len(errors) else "not run yet"
            raise AnalysisError(
                f"{self.root}: {len(missing)} of {len(means)} points have no successful run "
                f"(point {example}: {why}); this estimator needs every point: resume or re-run the sweep"
            )
        return means.to_numpy(dtype=float)


def load_results(root: str | Path) -> Results:
    """Open a results folder written by `hsbp sweep`."""
    root = Path(root)
    store = ResultsStore(root)
    if not store.looks_like_store():
        raise AnalysisError(f"{root}: no {MANIFEST}; not a results folder written by hsbp sweep")
    health = store.inspect()  # every file read once: a damaged one is named, with how to repair it
    if health.damaged or health.manifest is None:
        raise StoreError(health.advice())
    experiment = parse_experiment(health.manifest["experiment_text"], f"{root}/{MANIFEST}")
    return Results(root, experiment, store.samples(), store.runs())
