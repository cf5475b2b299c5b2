"""P7 inclusion (docs/MODEL.md §7): the whole model.

Pattern: higher inclusivity ι lengthens the partnership's survival, other things equal (direction of
Nilsson 2012, International Interactions 38(2) [S]: peace agreements that include civil society are
less likely to fail); but high inclusivity under unanimity (q = 1) lowers decision success (Choi &
Robertson 2014, JPART 24(2) [S]: in simulated collaborative forums, inclusion makes consensus harder
to reach).

Configuration: `hsbp.sim.run` (100 residents per community for speed), ι ∈ {0, 1} and nothing else
changed; the same seeds for both values of ι (common random numbers: "other things equal",
differences paired by seed).
- survival: scenario `tumaco` (a fragile post-conflict setting, as in Nilsson's peace agreements),
  quorum 0.67 (the catalogue default), 120 months, 200 runs per ι, seeds 7000–7199 (the paired
  differences in durability have a standard deviation of about 25 months against an effect of about
  6, so fewer runs would not resolve the direction reliably). At catalogue defaults, a stable
  setting since the grievance scale was calibrated (docs/validation_changes.md), 93% of runs last
  the horizon whatever ι, so durability is censored and cannot show the direction;
- decision success under unanimity: quorum 1, 24 months (24 forums: decisions, not survival, are
  measured), 200 runs per ι, seeds 7100–7299.

Thresholds (directions from the sources; "at least two standard errors" as the tolerance against
noise):
- the mean paired gain in durability (months to dissolution, censored at 120) from ι = 0 to ι = 1 is
  positive with a paired t of at least 2;
- under unanimity the mean paired change in decision success (share of forums adopting a project)
  from ι = 0 to ι = 1 is negative with a paired t of at most −2, while under the default quorum
  inclusivity does not lower decision success (it is the unanimity that makes inclusion costly).
"""

from __future__ import annotations

import numpy as np
import pytest
from _parallel import parallel_map

from hsbp.sim.run import run

pytestmark = [pytest.mark.validation, pytest.mark.slow]  # a published pattern, whole model, many seeds (minutes)

FAST = {"residents": 100}


def one_run(task: tuple[dict, int]) -> dict[str, float]:
    params, seed = task
    return run(params, seed)


def _paired(params: dict, seeds: range, outcome: str) -> tuple[np.ndarray, np.ndarray]:
    tasks = [({**FAST, **params, "inclusivity": iota}, seed) for iota in (0.0, 1.0) for seed in seeds]
    values = np.array([r[outcome] for r in parallel_map(one_run, tasks)]).reshape(2, len(seeds))
    return values[0], values[1]


def _t(differences: np.ndarray) -> float:
    return float(differences.mean() / (differences.std(ddof=1) / np.sqrt(len(differences))))


@pytest.fixture(scope="module")
def survival() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    seeds = range(7000, 7200)
    base = {**FAST, "scenario": "tumaco", "quorum": 0.67}
    tasks = [({**base, "inclusivity": iota}, seed) for iota in (0.0, 1.0) for seed in seeds]
    results = parallel_map(one_run, tasks)
    by_outcome = {}
    for outcome in ("durability_months", "decision_success_rate"):
        values = np.array([r[outcome] for r in results]).reshape(2, len(seeds))
        by_outcome[outcome] = (values[0], values[1])
    return by_outcome


def test_inclusivity_lengthens_survival(survival) -> None:
    excluded, included = survival["durability_months"]
    gain = included - excluded
    report = f"durability {excluded.mean():.1f} → {included.mean():.1f} months (paired t {_t(gain):.1f})"
    assert gain.mean() > 0 and _t(gain) >= 2, report


def test_inclusion_with_unanimity_lowers_decision_success(survival) -> None:
    excluded, included = _paired({"quorum": 1.0, "horizon_months": 24}, range(7100, 7300), "decision_success_rate")
    change = included - excluded
    report = (
        f"decision success under unanimity {excluded.mean():.3f} → {included.mean():.3f} (paired t {_t(change):.1f})"
    )
    assert change.mean() < 0 and _t(change) <= -2, report
    majority_excluded, majority_included = survival["decision_success_rate"]
    assert majority_included.mean() >= majority_excluded.mean(), (
        f"under quorum 0.67 decision success {majority_excluded.mean():.3f} → {majority_included.mean():.3f}"
    )
