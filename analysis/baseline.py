"""Each design against the no-partnership baseline, in the same contexts and chance events.

docs/MODEL.md §8: every comparison of designs includes the counterfactual in which the forum
never convenes, and every "this design helps" sentence is measured against it. Designs
sweeps give every design the same contexts and, replicate by replicate, the same seeds
(common random numbers), so the difference design − baseline is taken pair by pair.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hsbp.analysis.results import Results
from hsbp.analysis.robustness import bootstrap_interval, design_runs, no_partnership_designs

# Direction of improvement of the outcomes a comparison with no partnership can use [A]: the
# partnership-only outcomes (durability, trust between partners ...) have no baseline value.
BETTER_WHEN = {
    "hsi_final": "higher",
    "hsi_change": "higher",
    "hsi_min_dimension": "higher",
    "hsi_inequality_adjusted": "higher",
    "government_legitimacy_final": "higher",
    "blockade_months": "lower",
    "peak_active_share": "lower",
    "disruption_cost": "lower",
    "armed_events": "lower",
    "jailed_share_final": "lower",
}


def baseline_comparison(results: Results) -> pd.DataFrame:
    """Per partnership design and outcome: the mean paired difference from no partnership.

    Columns: design, outcome, better_when, baseline_mean, design_mean, difference, difference_low,
    difference_high (95% bootstrap interval over contexts), better_share (share of contexts in which
    the design's replicate mean is better than the baseline's). Empty without a baseline design.
    """
    baselines = no_partnership_designs(results)
    runs = design_runs(results)
    outcomes = [o for o in results.experiment.outcomes if o in BETTER_WHEN]
    columns = ["design", "outcome", "better_when", "baseline_mean", "design_mean", "difference"]
    columns += ["difference_low", "difference_high", "better_share"]
    if not baselines or not outcomes:
        return pd.DataFrame(columns=columns)
    baseline = baselines[0]
    paired = runs.pivot_table(index=["context", "replicate"], columns="design", values=outcomes)
    rows = []
    for design in (d for d in results.experiment.designs if d not in baselines):
        for outcome in outcomes:
            pairs = paired[outcome][[baseline, design]].dropna()
            if pairs.empty:
                continue
            by_context = pairs.groupby(level="context").mean()
            difference = (by_context[design] - by_context[baseline]).to_numpy()
            sign = 1.0 if BETTER_WHEN[outcome] == "higher" else -1.0
            low, high = bootstrap_interval(difference[:, None], results.analysis_seed)
            rows.append(
                {
                    "design": design,
                    "outcome": outcome,
                    "better_when": BETTER_WHEN[outcome],
                    "baseline_mean": float(by_context[baseline].mean()),
                    "design_mean": float(by_context[design].mean()),
                    "difference": float(difference.mean()),
                    "difference_low": float(low[0]),
                    "difference_high": float(high[0]),
                    "better_share": float(np.mean(sign * difference > 0)),
                }
            )
    return pd.DataFrame(rows, columns=columns)
