"""`hsbp analyze RESULTS`: every applicable table as CSV under RESULTS/analysis, and a readable summary."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from hsbp.analysis.convergence import convergence_warnings, morris_convergence, sobol_convergence
from hsbp.analysis.design_analysis import design_tables
from hsbp.analysis.results import Results, load_results
from hsbp.analysis.robustness import DEFAULT_THRESHOLDS, Threshold
from hsbp.analysis.sensitivity import ESTIMATORS, sobol_indices
from hsbp.analysis.stochasticity import noise_table
from hsbp.experiments.worker import FAILED, OK

QUANTILES = (0.1, 0.5, 0.9)


@dataclass
class Analysis:
    """What `analyze` wrote and what it says."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The summary printed on screen."""
        return "\n".join(self.lines)


CONVERGENCE = {"sobol": sobol_convergence, "morris": morris_convergence}


def analyze(root: str | Path, thresholds: Sequence[Threshold] = DEFAULT_THRESHOLDS) -> Analysis:
    """Analyse a results folder: outcome summaries and noise for every sweep, indices and their
    convergence where the sampler allows, robustness, survival and failure regions for designs."""
    results = load_results(root)
    experiment = results.experiment
    analysis = Analysis(Path(root) / "analysis")
    analysis.folder.mkdir(exist_ok=True)
    runs = results.runs
    ok, failed = int((runs["status"] == OK).sum()), int((runs["status"] == FAILED).sum())
    expected = len(results.samples) * experiment.replicates
    analysis.lines += [
        f"Experiment {experiment.name!r}: sampler {experiment.sampler}, {len(results.samples)} points × "
        f"{experiment.replicates} replicates = {expected} runs; stored {ok} ok, {failed} failed.",
    ]
    if ok + failed < expected:
        analysis.lines.append(f"The sweep is incomplete ({expected - ok - failed} runs missing): resume it first.")
    _write(analysis, "summary.csv", _outcome_summary(results))
    if experiment.replicates > 1:
        noise = noise_table(results)
        _write(analysis, "noise.csv", noise)
        analysis.lines.append("Share of each outcome's variance that is between replicates (noise):")
        analysis.lines += [
            f"  {row.outcome:<28} {row.noise_share:6.1%}"
            for row in noise.itertuples()
            if row.noise_share == row.noise_share
        ]
    if experiment.sampler == "designs":
        designs = design_tables(results, thresholds)
        for name, table in designs.tables.items():
            _write(analysis, name, table)
        analysis.lines += designs.lines
        return analysis
    estimator = ESTIMATORS.get(experiment.sampler)
    if estimator is None:
        analysis.lines.append(
            f"Sampler {experiment.sampler} has no sensitivity estimator; summary.csv holds the outcome quantiles."
        )
        return analysis
    prefix, table_for = estimator
    if prefix == "fast":
        analysis.lines.append("FAST intervals come from SALib's bootstrap, which SALib calls indicative only (#649).")
    analysis.lines.append(
        f"{prefix.capitalize()} indices of the replicate mean of each outcome "
        f"({experiment.replicates} replicate(s) averaged per point), 95% bootstrap intervals:"
    )
    for outcome in experiment.outcomes:
        if np.nanstd(results.point_means(outcome).to_numpy(dtype=float)) == 0:
            analysis.lines.append(f"  {outcome}: constant across points; its indices are undefined (skipped)")
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            warnings.filterwarnings("ignore", "Constant values encountered")  # SALib: a constant subsample
            table, pairs = sobol_indices(results, outcome) if prefix == "sobol" else (table_for(results, outcome), None)
            steps = CONVERGENCE[prefix](results, outcome) if prefix in CONVERGENCE else None
        _write(analysis, f"{prefix}_{outcome}.csv", table)
        if pairs is not None:
            _write(analysis, f"sobol2_{outcome}.csv", pairs)
        analysis.lines += _describe(outcome, table)
        if steps is not None:
            _write(analysis, f"convergence_{prefix}_{outcome}.csv", steps)
            analysis.lines += [f"  warning: {line}" for line in convergence_warnings(steps)]
    return analysis


def _outcome_summary(results: Results) -> pd.DataFrame:
    ok = results.runs[results.runs["status"] == OK]
    rows = []
    for outcome in results.experiment.outcomes:
        values = ok[outcome].to_numpy(dtype=float)
        row = {"outcome": outcome, "runs_ok": len(values)}
        if len(values):
            row |= {"mean": values.mean(), "sd": values.std(ddof=1) if len(values) > 1 else 0.0}
            row |= {f"q{int(q * 100)}": float(np.quantile(values, q)) for q in QUANTILES}
        rows.append(row)
    return pd.DataFrame(rows)


def _describe(outcome: str, table: pd.DataFrame) -> list[str]:
    if "ST" in table:
        ranked = table.sort_values("ST", ascending=False)
        head = f"  {outcome}:  {'factor':<28} {'S1':>14} {'ST':>14}"
        pad = " " * (len(outcome) + 1)
        body = [
            f"  {pad}  {r.factor:<28} {r.S1:>6.3f} ± {r.S1_conf:<5.3f} {r.ST:>6.3f} ± {r.ST_conf:<5.3f}"
            for r in ranked.itertuples()
        ]
    else:
        ranked = table.sort_values("mu_star", ascending=False)
        head = f"  {outcome}:  {'factor':<28} {'mu*':>16} {'sigma':>9}"
        pad = " " * (len(outcome) + 1)
        body = [
            f"  {pad}  {r.factor:<28} {r.mu_star:>7.3g} ± {r.mu_star_conf:<6.3g} {r.sigma:>9.3g}"
            for r in ranked.itertuples()
        ]
    return [head, *body]


def _write(analysis: Analysis, name: str, table: pd.DataFrame) -> None:
    path = analysis.folder / name
    table.to_csv(path, index=False)
    analysis.written.append(path)
