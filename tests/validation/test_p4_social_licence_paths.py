"""P4 social-licence paths (docs/MODEL.md §7): the whole model.

Pattern (Moffat & Zhang 2014, Resources Policy 39:61 [S]): community trust in the company rises
most with procedural fairness, less with contact quality, and not at all with contact quantity
(how often the parties meet); trust in turn mediates acceptance of the company (the path from
procedural fairness to acceptance runs through trust).

Configuration: `PartnershipModel` at catalogue defaults (100 residents per community for speed, 48
months, about the pilot's 42), 200 runs with seeds 4000–4199, each with its own design drawn from a
generator seeded 4: inclusivity ~ U(0, 1) and grievance latency ~ U(0, 6) months (which move
procedural fairness), facilitation ~ U(0, 1) (which moves contact quality) and meeting frequency
log-uniform on 0.25–4 per month (contact quantity). One observation per community (800): its trust
in the company and its acceptance A_c at month 48; its procedural fairness PF_c and contact quality
CQ_cK averaged over the forums held; the run's meeting frequency. Standardised OLS (statsmodels).

Thresholds (signs and ordering from the source; the tolerance for "none" is a small standardised
effect):
- trust on PF, CQ and quantity: β_PF > β_CQ > 0, each with t ≥ 2, and |β_quantity| ≤ 0.1;
- mediation: with trust added to the regression of acceptance on PF, CQ and quantity, trust has
  t ≥ 2 and the PF coefficient shrinks to at most half of its value without trust.
"""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from _parallel import parallel_map

from hsbp.sim.model import PartnershipModel

pytestmark = [pytest.mark.validation, pytest.mark.slow]  # a published pattern, whole model, many seeds (minutes)

RUNS, MONTHS = 200, 48


def _designs() -> list[dict[str, float]]:
    rng = np.random.default_rng(4)
    return [
        {
            "inclusivity": float(rng.random()),
            "grievance_latency": float(6.0 * rng.random()),
            "facilitation": float(rng.random()),
            "meeting_frequency": float(np.exp(rng.uniform(np.log(0.25), np.log(4.0)))),
        }
        for _ in range(RUNS)
    ]


def community_paths(task: tuple[int, dict[str, float]]) -> np.ndarray:
    """One run; per community: trust in the company, PF, CQ, meeting frequency, acceptance."""
    seed, design = task
    model = PartnershipModel(None, rng=seed, collect=False, residents=100, horizon_months=MONTHS, **design)
    state = model.state
    company, communities = int(state.companies[0]), state.communities
    fairness, contact, forums = np.zeros(len(communities)), np.zeros(len(communities)), 0
    for _ in range(MONTHS):
        held = model.counters["forums"]
        model.step()
        if model.counters["forums"] > held:
            fairness += state.fairness[communities]
            contact += model._contact[communities, company]
            forums += 1
    forums = max(forums, 1)
    return np.column_stack(
        [
            state.trust[communities, company],
            fairness / forums,
            contact / forums,
            np.full(len(communities), design["meeting_frequency"]),
            state.acceptance,
        ]
    )


def _z(values: np.ndarray) -> np.ndarray:
    return (values - values.mean()) / values.std()


@pytest.fixture(scope="module")
def paths() -> dict[str, np.ndarray]:
    rows = np.vstack(parallel_map(community_paths, [(4000 + i, d) for i, d in enumerate(_designs())]))
    return {name: _z(rows[:, k]) for k, name in enumerate(("trust", "fairness", "quality", "quantity", "acceptance"))}


def _fit(y: np.ndarray, *columns: np.ndarray):
    return sm.OLS(y, sm.add_constant(np.column_stack(columns))).fit()


def test_fairness_then_quality_build_trust_and_quantity_does_not(paths) -> None:
    fit = _fit(paths["trust"], paths["fairness"], paths["quality"], paths["quantity"])
    (fairness, quality, quantity), (t_fairness, t_quality, _) = fit.params[1:], fit.tvalues[1:]
    report = f"standardised β (PF, CQ, quantity) {np.round(fit.params[1:], 3)}, t {np.round(fit.tvalues[1:], 1)}"
    assert fairness > quality > 0, report
    assert t_fairness >= 2 and t_quality >= 2, report
    assert abs(quantity) <= 0.1, report


def test_trust_mediates_acceptance(paths) -> None:
    direct = _fit(paths["acceptance"], paths["fairness"], paths["quality"], paths["quantity"])
    mediated = _fit(paths["acceptance"], paths["fairness"], paths["quality"], paths["quantity"], paths["trust"])
    report = f"PF on acceptance {direct.params[1]:.3f} without trust, {mediated.params[1]:.3f} with; "
    report += f"trust β {mediated.params[4]:.3f} (t {mediated.tvalues[4]:.1f})"
    assert mediated.params[4] > 0 and mediated.tvalues[4] >= 2, report
    assert direct.params[1] > 0 and abs(mediated.params[1]) <= 0.5 * direct.params[1], report
