"""P10 plausibility: with high fragility and no partnership, a sustained violence regime over ten years has
a probability of the order of 30-50% (about 40% of post-conflict societies relapse into war within a
decade: Collier, Hoeffler & Söderbom 2008, J. Peace Research 45(4)) [S, loose].

Configuration: the whole model with `partnership = false` (the no-partnership baseline of docs/MODEL.md §8),
120 months, in 80 high-fragility contexts: the source's 40% is a share of post-conflict societies, not of
the chance events of one society, so each run is a different fragile municipality. Base scenario `tumaco`
(its structure and behaviour), with the four fragility factors drawn by a Latin hypercube (seed 2008)
from the fragile end of the catalogue's ranges: armed-event rate 0.1-0.3 a month, government legitimacy
0.3-0.6, mean hardship 0.5-0.8, protective presence 0.02-0.04. Run seeds 2000-2079.

Sustained violence regime: the municipality has a blockade (some community's active share above
b* = `blockade_threshold`) in at least half of the months of years 6-10 (months 61-120). The second five
years are used so that the start (every resident quiet, the jail empty) does not count: the regime must
last, as a relapse into war lasts.

Threshold: the share of runs in that regime lies in [0.2, 0.6]: the 30-50% of the source, widened by about
1.8 binomial standard errors for 80 runs (SE ≈ 0.055 at 0.4) and because the source is loose.

Calibration, not independent validation: the grievance scale s (`grievance_scale`) was set so that this
pattern holds (0.475, from a scan over other contexts and seeds: LHS seed 7, run seeds 1000-1039, where
s = 0.45 gave 0.30 of runs in the regime and s = 0.5 gave 0.53); this test checks it on fresh contexts
and seeds. See docs/validation_changes.md, "Grievance layer (P5, P10)".
"""

from __future__ import annotations

import numpy as np
import pytest
from _parallel import parallel_map
from scipy.stats import qmc

from hsbp.sim import PartnershipModel

pytestmark = [pytest.mark.validation, pytest.mark.calibration, pytest.mark.slow]  # whole model, many seeds (minutes)

SCENARIO = "tumaco"
FRAGILE = {
    "armed_event_rate": (0.1, 0.3),
    "government_legitimacy": (0.3, 0.6),
    "mean_hardship": (0.5, 0.8),
    "protective_presence": (0.02, 0.04),
}
CONTEXTS, CONTEXT_SEED, FIRST_RUN_SEED = 80, 2008, 2000
LAST_YEARS = slice(61, 121)  # months 61-120 (row 0 is the state before month 1)
LOW, HIGH = 0.2, 0.6


def fragile_contexts(count: int = CONTEXTS, seed: int = CONTEXT_SEED) -> list[dict[str, float]]:
    """Fragility factor values for `count` municipalities, a Latin hypercube over the FRAGILE ranges."""
    unit = qmc.LatinHypercube(d=len(FRAGILE), seed=seed).random(count)
    lows, highs = np.array(list(FRAGILE.values())).T
    return [dict(zip(FRAGILE, map(float, row), strict=True)) for row in qmc.scale(unit, lows, highs)]


def blockade_month_share(task: tuple[int, dict[str, float]]) -> float:
    """The share of months in years 6-10 with a blockade, in one no-partnership run."""
    seed, context = task
    model = PartnershipModel(SCENARIO, rng=seed, partnership=False, **context)
    model.run()
    blockades = model.datacollector.get_model_vars_dataframe()["blockades"].to_numpy()[LAST_YEARS]
    return float(np.mean(blockades > 0))


def test_sustained_violence_in_30_to_50_percent_of_fragile_no_partnership_runs() -> None:
    tasks = list(enumerate(fragile_contexts(), start=FIRST_RUN_SEED))
    shares = np.array(parallel_map(blockade_month_share, tasks))
    regime = float(np.mean(shares >= 0.5))
    assert LOW <= regime <= HIGH, f"{regime:.2f} of runs in the regime; blockade-month shares {shares.round(2)}"


def test_the_regime_is_a_regime_runs_are_mostly_either_violent_or_quiet() -> None:
    """Sustained means lasting: most runs spend either most or almost none of years 6-10 blockading."""
    tasks = list(enumerate(fragile_contexts(count=40, seed=CONTEXT_SEED + 1), start=FIRST_RUN_SEED + CONTEXTS))
    shares = np.array(parallel_map(blockade_month_share, tasks))
    settled = np.mean((shares >= 0.8) | (shares <= 0.1))
    assert settled >= 0.7, f"only {settled:.2f} of runs settled; blockade-month shares {shares.round(2)}"
