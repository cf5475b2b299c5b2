"""P10 plausibility: with high fragility and no partnership, a sustained violence regime over ten years has
a probability of the order of 30-50% (about 40% of post-conflict societies relapse into war within a
decade: Collier, Hoeffler & Söderbom 2008, J. Peace Research 45(4)) [S, loose].

Configuration: the whole model, scenario `tumaco` (the most fragile of the pilot sites: armed-event
rate 0.2 a month, protective presence 0.03, government legitimacy 0.45, mean hardship 0.6) with
`partnership = false` (the no-partnership baseline of MODEL.md §8), 120 months, 40 runs, seeds
1000-1039.

Sustained violence regime: the municipality has a blockade (some community's active share above
b* = `blockade_threshold`) in at least half of the months of years 6-10 (months 61-120). The second
five years are used so that the start (every resident quiet, the jail empty) does not count: the
regime must last, as a relapse into war lasts.

Threshold: the share of runs in that regime lies in [0.2, 0.6]: the 30-50% of the source, widened by
about 1.3 binomial standard errors for 40 runs (SE ≈ 0.077 at 0.4) and because the source is loose.

Status: NOT MET, marked as an expected failure. Every run is in the regime (share 1.0) and every
community blockades in every month from month 2, with or without the partnership. The cause is the
grievance scale of the inputs, not the mechanism: with tumaco's legitimacy L_c ≈ 0.34 and hardship
H ≈ 0.63, 30% of residents have G − RA > 0.1, i.e. act even facing certain arrest, against an arrest
capacity of 6% of residents a month, so the very first month overwhelms the cops and the cascade is
immediate. In Epstein's baseline (L = 0.82, H ~ U(0,1)) that share is 1.8%. No value of
`government_legitimacy` in the catalogue's range (at most 0.9, giving L_c ≈ 0.66 with tumaco's licence
acceptance) brings it below the arrest capacity; local vision, the floor variant, heterogeneous
perceived hardship and Epstein-scaled jail and arrest capacity were tried and do not change this
(docs/validation_changes.md, "Grievance layer (P5, P10)").
"""

from __future__ import annotations

import numpy as np
import pytest

from sim import PartnershipModel

SCENARIO = "tumaco"
SEEDS = range(1000, 1040)
LAST_YEARS = slice(61, 121)  # months 61-120 (row 0 is the state before month 1)
LOW, HIGH = 0.2, 0.6


def sustained_violence(seed: int, scenario: str = SCENARIO) -> tuple[bool, float]:
    """Whether one no-partnership run ends in the sustained regime, and its share of blockade months in years 6-10."""
    model = PartnershipModel(scenario, rng=seed, partnership=False)
    model.run()
    blockades = model.datacollector.get_model_vars_dataframe()["blockades"].to_numpy()[LAST_YEARS]
    share = float(np.mean(blockades > 0))
    return share >= 0.5, share


@pytest.mark.xfail(
    strict=True,
    reason="grievance scale of the fragile inputs: 30% of tumaco's residents act even facing certain arrest "
    "(Epstein's baseline: 1.8%), so every run mobilises from month 2 (see the module docstring)",
)
def test_sustained_violence_in_30_to_50_percent_of_fragile_no_partnership_runs() -> None:
    results = [sustained_violence(seed) for seed in SEEDS]
    regime = float(np.mean([in_regime for in_regime, _ in results]))
    shares = np.round([share for _, share in results], 2)
    assert LOW <= regime <= HIGH, f"{regime:.2f} of runs in the regime; blockade-month shares {shares.tolist()}"
