"""P6 facilitation saturates (docs/MODEL.md §7): the whole model.

Pattern (Bahr & Nakagawa 2017, Environment, Development and Sustainability 19(4) [S]): the effect
of facilitation saturates at fairly low facilitation: most of what full facilitation achieves is
already reached with a little of it.

Configuration: `PartnershipModel` at catalogue defaults (100 residents per community for speed),
60 months, facilitation f ∈ {0, 0.3, 0.5, 1}, 60 runs per level with seeds 6000–6059, the same
seeds at every level (common random numbers, so differences are paired). Outcomes at month 60:
communities' mean trust in the company (the relation facilitation acts on through contact quality,
observation noise and attendance) and their mean acceptance of the company (the social licence).

Thresholds, for both outcomes, with G(f) the mean paired gain over f = 0:
- facilitation helps: G(1) > 0 with a paired t of at least 3;
- it saturates: G(0.3) ≥ 0.5·G(1) (more than half the gain by f = 0.3) and G(0.5) ≥ 0.75·G(1)
  (three quarters by f = 0.5); a linear effect would give 0.3 and 0.5.
"""

from __future__ import annotations

import numpy as np
import pytest
from _parallel import parallel_map

from hsbp.sim.model import PartnershipModel

pytestmark = [pytest.mark.validation, pytest.mark.calibration, pytest.mark.slow]  # whole model, many seeds (minutes)

LEVELS = (0.0, 0.3, 0.5, 1.0)
RUNS, MONTHS = 60, 60


def relation_with_company(task: tuple[int, float]) -> tuple[float, float]:
    """One run: communities' mean trust in the company and mean acceptance at the end."""
    seed, facilitation = task
    model = PartnershipModel(
        None, rng=seed, collect=False, residents=100, horizon_months=MONTHS, facilitation=facilitation
    )
    model.run()
    state = model.state
    return float(state.trust[np.ix_(state.communities, state.companies)].mean()), float(state.acceptance.mean())


@pytest.fixture(scope="module")
def outcomes() -> dict[float, np.ndarray]:
    tasks = [(6000 + seed, f) for f in LEVELS for seed in range(RUNS)]
    results = np.array(parallel_map(relation_with_company, tasks)).reshape(len(LEVELS), RUNS, 2)
    return dict(zip(LEVELS, results, strict=True))


@pytest.mark.parametrize("outcome", [0, 1], ids=["trust_in_company", "acceptance"])
def test_facilitation_effect_saturates(outcomes, outcome: int) -> None:
    gains = {f: outcomes[f][:, outcome] - outcomes[0.0][:, outcome] for f in LEVELS}
    full = gains[1.0]
    t_full = full.mean() / (full.std(ddof=1) / np.sqrt(RUNS))
    share = {f: gains[f].mean() / full.mean() for f in LEVELS}
    report = f"gain at f=1: {full.mean():.3f} (t {t_full:.1f}); share of it reached: {share}"
    assert full.mean() > 0 and t_full >= 3, report
    assert share[0.3] >= 0.5 and share[0.5] >= 0.75, report
