"""Every table of a designs sweep: robustness, survival, breaking points and where each design fails.

`hsbp analyze` calls `design_tables` for experiments with `sampler = "designs"`; each table is
returned with its file name and a few plain sentences generated from its numbers.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from hsbp.analysis.baseline import baseline_comparison
from hsbp.analysis.breaking_points import breaking_points
from hsbp.analysis.discovery import PRIM_NEEDS_EXTRA, PrimUnavailable, cart_tree, context_failures, prim_boxes
from hsbp.analysis.results import Results
from hsbp.analysis.robustness import (
    DEFAULT_THRESHOLDS,
    Threshold,
    meets_all,
    no_partnership_designs,
    robustness_table,
    satisficing,
)
from hsbp.analysis.survival import kaplan_meier, median_survival


@dataclass
class Tables:
    """Named tables to write as CSV, and the sentences that summarise them."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)


def design_tables(results: Results, thresholds: Sequence[Threshold] = DEFAULT_THRESHOLDS) -> Tables:
    """Robustness, satisficing, survival, breaking points and scenario discovery for a designs sweep."""
    out = Tables()
    goal = " and ".join(str(t) for t in thresholds)
    ranked = robustness_table(results, thresholds)
    out.tables["robustness.csv"] = ranked
    out.tables["satisficing.csv"] = satisficing(results, thresholds)
    out.lines.append(f"Designs ranked by the share of contexts in which they meet {goal} (95% interval):")
    for row in ranked.itertuples():
        out.lines.append(
            f"  {row.design:<20} {row.satisficing_share:6.0%} ({row.satisficing_low:.0%}–{row.satisficing_high:.0%}), "
            f"mean regret {row.regret_mean:.3g}"
        )
    out.lines += [f"  note: {note}" for note in ranked.attrs.get("notes", [])]
    versus = baseline_comparison(results)
    if len(versus):
        out.tables["baseline.csv"] = versus
        out.lines.append("Against no partnership in the same contexts and chance events (mean paired difference):")
        out.lines += [
            f"  {row.design:<20} {row.outcome:<24} {row.difference:+.3g} (95% interval {row.difference_low:+.3g} "
            f"to {row.difference_high:+.3g}); better in {row.better_share:.0%} of contexts"
            for row in versus.itertuples()
        ]
    if "durability_months" in results.experiment.outcomes:
        out.tables["survival.csv"] = kaplan_meier(results)
        medians = median_survival(results)
        out.tables["survival_summary.csv"] = medians
        out.lines.append("Kaplan–Meier survival of the partnership (censored at the horizon):")
        for row in medians.itertuples():
            out.lines.append(
                f"  {row.design:<20} median {row.median}, surviving 42 months {row.survival_42:.0%}, "
                f"60 months {row.survival_60:.0%}"
            )
    outcome = next((t for t in thresholds if t.outcome in results.experiment.outcomes), None)
    if outcome is not None:
        points = breaking_points(results, outcome)
        out.tables["breaking_points.csv"] = points
        crossing = points[points["status"] == "crosses"]
        for row in crossing.itertuples():
            out.lines.append(
                f"  {row.design} breaks (P({outcome}) < 1/2) at {row.factor} = {row.breaking_point:.3g} "
                f"(95% interval {row.ci_low:.3g} to {row.ci_high:.3g}); it {row.direction}"
            )
    out.lines += _discovery(results, thresholds, out)
    return out


def run_failures(results: Results, thresholds: Sequence[Threshold]) -> pd.Series:
    """Per stored run: True where a successful run misses any threshold (failed runs count as not failing)."""
    runs = results.runs
    usable = [t for t in thresholds if t.outcome in runs]
    return pd.Series(~meets_all(runs, usable), index=runs.index)


def _discovery(results: Results, thresholds: Sequence[Threshold], out: Tables) -> list[str]:
    """PRIM boxes and CART leaves of the contexts in which each partnership design fails.

    Without the EMA Workbench (the `discovery` extra) PRIM is skipped with one note and CART alone is reported.
    """
    failed = run_failures(results, thresholds)
    lines = ["Where each design fails (PRIM, density ≥ 0.8; CART depth 3):"]
    skipped = set(no_partnership_designs(results))
    prim_missing = False
    for design in results.experiment.designs:
        if design in skipped:
            continue
        flags = context_failures(results, design, failed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = cart_tree(results, design, flags)
            try:
                prim = None if prim_missing else prim_boxes(results, design, flags)
            except PrimUnavailable:
                prim_missing, prim = True, None
        if prim is None:
            lines.append(f"  {tree.summary}")
        else:
            lines.append(f"  {prim.summary}")
        if prim is not None and prim.box is not None:
            out.tables[f"prim_{design}.csv"] = prim.box.assign(
                coverage=prim.coverage, density=prim.density, mass=prim.mass, verdict=prim.verdict, chosen=prim.chosen
            )
            out.tables[f"prim_trajectory_{design}.csv"] = prim.trajectory
        if tree.leaves is not None and len(tree.leaves):
            out.tables[f"cart_{design}.csv"] = tree.leaves
    if prim_missing:
        lines[0] = "Where each design fails (CART depth 3):"
        lines.append(f"  note: {PRIM_NEEDS_EXTRA}")
    return lines
