"""Which designs hold up across contexts: satisficing shares, regret and outcome quantiles.

A design *satisfices* in a run when every threshold holds (Simon 1956; robust decision
making: Lempert, Popper & Bankes 2003 [S]); its regret in a context is how far it falls
short of the best design there (Savage 1951 [S]). Every design meets the same contexts with the
same seeds (common random numbers), so designs are compared context by context and the
bootstrap resamples contexts once for all designs (a paired bootstrap).

Tables carry notes (what was skipped and why) in `table.attrs["notes"]`, a list of strings.
"""

from __future__ import annotations

import math
import operator
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from hsbp.analysis.results import AnalysisError, Results
from hsbp.experiments.worker import OK

RESAMPLES = 1000  # bootstrap resamples over contexts
CONFIDENCE = 0.95
QUANTILES = (0.1, 0.5, 0.9)
NOTES = "notes"  # key of DataFrame.attrs holding what an analysis skipped and why

# Outcomes that describe the partnership's own life: without a partnership they are 0 by
# construction (sim/outcomes.py), not a result, so thresholds on them exclude the counterfactual [A].
PARTNERSHIP_OUTCOMES = frozenset(
    {
        "durability_months",
        "dissolved",
        "survived_42",
        "survived_60",
        "partner_exits",
        "partners_remaining",
        "decision_success_rate",
        "decision_equity",
        "mean_trust_final",
    }
)

OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
_THRESHOLD = re.compile(r"^\s*([A-Za-z_]\w*)\s*(>=|<=|>|<)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$")


@dataclass(frozen=True)
class Threshold:
    """A level an outcome must reach for a run to count as a success, e.g. durability_months >= 42."""

    outcome: str
    operator: str
    value: float

    def __post_init__(self) -> None:
        if self.operator not in OPERATORS:
            raise AnalysisError(f"threshold operator {self.operator!r} is not allowed; allowed: {', '.join(OPERATORS)}")

    @property
    def higher_is_better(self) -> bool:
        """Direction of regret: >= and > reward larger values."""
        return self.operator in (">=", ">")

    def met(self, values: np.ndarray | pd.Series) -> np.ndarray:
        """Whether each value meets the threshold (NaN never does)."""
        return np.asarray(OPERATORS[self.operator](np.asarray(values, dtype=float), self.value), dtype=bool)

    def __str__(self) -> str:
        return f"{self.outcome} {self.operator} {self.value:g}"


# "Survives at least 42 months (the pilot's length) and the human-security index does not fall."
DEFAULT_THRESHOLDS: tuple[Threshold, ...] = (
    Threshold("durability_months", ">=", 42.0),
    Threshold("hsi_change", ">=", 0.0),
)


def parse_threshold(text: str) -> Threshold:
    """Read a threshold written as OUTCOME OP VALUE, e.g. "durability_months>=42"."""
    match = _THRESHOLD.match(text)
    if match is None:
        raise AnalysisError(
            f"threshold {text!r} is not allowed; allowed OUTCOME OP VALUE with OP one of "
            f"{', '.join(OPERATORS)} and VALUE a number, e.g. 'durability_months>=42'"
        )
    outcome, op, value = match.groups()
    return Threshold(outcome, op, float(value))


def design_runs(results: Results) -> pd.DataFrame:
    """Successful runs with their design, context and context factor values (designs sweeps only)."""
    experiment = results.experiment
    if experiment.sampler != "designs":
        raise AnalysisError(
            f"{results.root}: sampler = {experiment.sampler}; comparing designs needs sampler = designs "
            "(named designs crossed with the same contexts)"
        )
    factors = [f.name for f in experiment.factors]
    samples = results.samples[["point", "design", "context", *factors]]
    ok = results.runs[results.runs["status"] == OK]
    return ok.merge(samples, on="point", how="inner", validate="many_to_one")


def no_partnership_designs(results: Results) -> list[str]:
    """Designs whose levers (or the fixed values) switch the partnership off: the counterfactual."""
    fixed = results.experiment.fixed.get("partnership", True)
    return [
        name for name, levers in results.experiment.designs.items() if _switched_off(levers.get("partnership", fixed))
    ]


def _switched_off(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("false", "no", "off", "0")
    return value is not None and not bool(value)


def satisficing(results: Results, thresholds: Iterable[Threshold | str] = DEFAULT_THRESHOLDS) -> pd.DataFrame:
    """Share of each design × context's successful replicates that meet every threshold.

    Columns: design, context, one column per context factor, met_share, runs_ok.
    """
    usable, designs, notes = _setup(results, thresholds)
    runs = design_runs(results)
    runs = runs[runs["design"].isin(designs)]
    runs = runs.assign(met=meets_all(runs, usable).astype(float))
    factors = [f.name for f in results.experiment.factors]
    grid = results.samples.loc[results.samples["design"].isin(designs), ["design", "context", *factors]]
    shares = runs.groupby(["design", "context"])["met"].agg(met_share="mean", runs_ok="size").reset_index()
    table = grid.merge(shares, on=["design", "context"], how="left")
    table["runs_ok"] = table["runs_ok"].fillna(0).astype(int)
    table = table.reset_index(drop=True)
    table.attrs[NOTES] = notes
    return table


def meets_all(runs: pd.DataFrame, thresholds: Iterable[Threshold]) -> np.ndarray:
    """Per run: whether it meets every threshold (NaN outcomes never do)."""
    met = np.ones(len(runs), dtype=bool)
    for threshold in thresholds:
        met &= threshold.met(runs[threshold.outcome])
    return met


def regret(results: Results, threshold: Threshold | str = DEFAULT_THRESHOLDS[0]) -> pd.DataFrame:
    """Per context, how far each design's replicate mean falls short of the best design's.

    The outcome and its direction come from `threshold` (>= and > mean higher is better);
    the designs compared are those `satisficing` compares for that threshold.
    Columns: design, context, value (replicate mean), regret (≥ 0; 0 for the best design).
    """
    (threshold,), designs, notes = _setup(results, [threshold])
    means, gaps = _regret_wide(results, threshold, designs)
    table = (
        means.stack(future_stack=True)
        .rename("value")
        .to_frame()
        .join(gaps.stack(future_stack=True).rename("regret"))
        .reset_index()[["design", "context", "value", "regret"]]
        .sort_values(["design", "context"], key=_design_order(designs))
        .reset_index(drop=True)
    )
    table.attrs[NOTES] = notes
    return table


def robustness_table(
    results: Results,
    thresholds: Iterable[Threshold | str] = DEFAULT_THRESHOLDS,
    outcomes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Designs ranked best first: most contexts satisficed, then least mean regret.

    satisficing_share is the mean over contexts of `met_share`, with a 95% percentile
    bootstrap over contexts; regret is on the first threshold's outcome. Outcome
    quantiles are over every successful run of the design (partnership-only outcomes
    are NaN for a no-partnership design).
    Columns: design, satisficing_share, satisficing_low, satisficing_high, regret_mean,
    regret_p90, then <outcome>_q10, <outcome>_q50, <outcome>_q90 per outcome.
    """
    thresholds = _parsed(thresholds)
    sat = satisficing(results, thresholds)
    notes = list(sat.attrs[NOTES])
    designs = list(dict.fromkeys(sat["design"]))
    met = sat.pivot(index="context", columns="design", values="met_share").reindex(columns=designs)
    share = met.mean(axis=0).to_numpy()
    low, high = bootstrap_interval(met.to_numpy(dtype=float), results.analysis_seed)
    first = next(t for t in thresholds if t.outcome in _recorded(results))
    _, gaps = _regret_wide(results, first, designs)  # the same designs satisficing compares
    table = pd.DataFrame(
        {
            "design": designs,
            "satisficing_share": share,
            "satisficing_low": low,
            "satisficing_high": high,
            "regret_mean": gaps.mean(axis=0).to_numpy(),
            "regret_p90": gaps.quantile(0.9, axis=0).to_numpy(),
        }
    )
    table = table.join(_quantiles(results, designs, outcomes))
    table = table.sort_values(
        ["satisficing_share", "regret_mean"], ascending=[False, True], na_position="last", kind="stable"
    )
    table = table.reset_index(drop=True)
    better = "higher" if first.higher_is_better else "lower"
    table.attrs[NOTES] = [*notes, f"regret is on {first.outcome} ({better} is better)"]
    return table


def satisficing_by_bins(
    results: Results, thresholds: Iterable[Threshold | str], factor: str, bins: int = 5
) -> pd.DataFrame:
    """Satisficing share of each design within equal-count bins of one context factor (a heatmap's cells).

    Columns: design, bin (label "low–high"), bin_low, bin_high, met_share (mean over the
    bin's contexts), contexts (how many contexts fall in the bin).
    """
    factors = {f.name: f for f in results.experiment.factors}
    if factor not in factors:
        raise AnalysisError(f"{results.root}: {factor!r} is not a context factor; allowed: {', '.join(factors)}")
    if factors[factor].kind == "categorical":
        raise AnalysisError(f"{results.root}: {factor} is categorical; binning needs a numeric factor")
    if bins < 1:
        raise AnalysisError(f"bins = {bins} is not allowed; allowed an integer ≥ 1")
    sat = satisficing(results, thresholds)
    contexts = sat.drop_duplicates("context").set_index("context")[factor].astype(float)
    edges, index = equal_count_bins(contexts.to_numpy(), bins)
    which = pd.Series(index, index=contexts.index)
    sat = sat.assign(bin_index=which.reindex(sat["context"]).to_numpy())
    grouped = sat.groupby(["design", "bin_index"], sort=False)
    table = grouped["met_share"].mean().rename("met_share").to_frame().join(grouped.size().rename("contexts"))
    table = table.reset_index()
    table["bin_low"] = edges[table["bin_index"]]
    table["bin_high"] = edges[table["bin_index"] + 1]
    span = float(edges[-1] - edges[0])
    table["bin"] = [bin_label(lo, hi, span) for lo, hi in zip(table["bin_low"], table["bin_high"], strict=True)]
    designs = list(dict.fromkeys(sat["design"]))
    table = table.sort_values(["design", "bin_index"], key=_design_order(designs)).reset_index(drop=True)
    table = table[["design", "bin", "bin_low", "bin_high", "met_share", "contexts"]]
    table.attrs[NOTES] = sat.attrs[NOTES]
    return table


def equal_count_bins(values: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Quantile edges (ties merged) and each value's bin: bins are [low, high), the last one closed."""
    edges = np.unique(np.quantile(values, np.linspace(0.0, 1.0, bins + 1)))
    if len(edges) == 1:
        return np.array([edges[0], edges[0]]), np.zeros(len(values), dtype=int)
    index = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, len(edges) - 2)
    return edges, index


def bin_label(low: float, high: float, span: float) -> str:
    """ "0.00–0.20": two decimals, more when the factor's range is narrower than 1."""
    digits = 2 if span <= 0 else max(2, 1 - math.floor(math.log10(span)))
    return f"{low:.{digits}f}–{high:.{digits}f}"


def _parsed(thresholds: Iterable[Threshold | str]) -> list[Threshold]:
    return [parse_threshold(t) if isinstance(t, str) else t for t in thresholds]


def _recorded(results: Results) -> set[str]:
    return set(results.experiment.outcomes) & set(results.runs.columns)


def _setup(results: Results, thresholds: Iterable[Threshold | str]) -> tuple[list[Threshold], list[str], list[str]]:
    """Thresholds the experiment can check, the designs they make sense for, and notes on what was skipped."""
    notes: list[str] = []
    usable = []
    recorded = _recorded(results)
    for threshold in _parsed(thresholds):
        if threshold.outcome in recorded:
            usable.append(threshold)
        else:
            notes.append(f"threshold {threshold} skipped: {threshold.outcome} is not among the recorded outcomes")
    if not usable:
        raise AnalysisError(
            f"{results.root}: no threshold names a recorded outcome; allowed outcomes: "
            f"{', '.join(results.experiment.outcomes)}"
        )
    designs = list(results.experiment.designs)
    partnership_only = [t.outcome for t in usable if t.outcome in PARTNERSHIP_OUTCOMES]
    off = no_partnership_designs(results)
    if partnership_only and off:
        designs = [d for d in designs if d not in off]
        notes.append(
            f"design(s) {', '.join(off)} skipped: they have no partnership, so "
            f"{', '.join(dict.fromkeys(partnership_only))} says nothing about them"
        )
    if not designs:
        raise AnalysisError(f"{results.root}: no design has a partnership to judge against these thresholds")
    return usable, designs, notes


def _regret_wide(results: Results, threshold: Threshold, designs: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Replicate means and regrets, contexts × designs, among `designs` only."""
    runs = design_runs(results)
    runs = runs[runs["design"].isin(designs)]
    means = runs.groupby(["context", "design"])[threshold.outcome].mean().unstack("design").reindex(columns=designs)
    if threshold.higher_is_better:
        gap = means.max(axis=1).to_numpy()[:, None] - means.to_numpy()
    else:
        gap = means.to_numpy() - means.min(axis=1).to_numpy()[:, None]
    return means, pd.DataFrame(gap, index=means.index, columns=means.columns)


def bootstrap_interval(values: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of each column's mean, resampling rows (contexts) jointly for all columns."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, values.shape[0], size=(RESAMPLES, values.shape[0]))
    with warnings.catch_warnings():  # a design with no successful run in a resample gives NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        means = np.nanmean(values[draws], axis=1)
    tail = (1 - CONFIDENCE) / 2
    return np.nanquantile(means, tail, axis=0), np.nanquantile(means, 1 - tail, axis=0)


def _quantiles(results: Results, designs: list[str], outcomes: Sequence[str] | None) -> pd.DataFrame:
    recorded = _recorded(results)
    outcomes = list(results.experiment.outcomes if outcomes is None else outcomes)
    unknown = [o for o in outcomes if o not in recorded]
    if unknown:
        raise AnalysisError(
            f"{results.root}: outcome {unknown[0]!r} was not recorded; "
            f"allowed: {', '.join(results.experiment.outcomes)}"
        )
    runs = design_runs(results)
    off = set(no_partnership_designs(results))
    rows = []
    for design in designs:
        mine = runs[runs["design"] == design]
        row = {}
        for outcome in outcomes:
            values = mine[outcome].to_numpy(dtype=float)
            blank = not len(values) or (design in off and outcome in PARTNERSHIP_OUTCOMES)
            for q in QUANTILES:
                row[f"{outcome}_q{round(q * 100)}"] = math.nan if blank else float(np.quantile(values, q))
        rows.append(row)
    return pd.DataFrame(rows, index=range(len(designs)))


def _design_order(designs: list[str]) -> Callable[[pd.Series], pd.Series]:
    """A sort key keeping designs in the experiment file's order."""
    rank = {d: i for i, d in enumerate(designs)}
    return lambda column: column.map(rank) if column.name == "design" else column
