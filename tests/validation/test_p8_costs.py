"""P8 costs (docs/MODEL.md §7): the whole model, with a mine-scale company.

Pattern (Franks et al. 2014, PNAS 111(21):7576 [S]): lost productivity from delays and disruption
dominates the costs that conflict with communities imposes on a company (about US$20 m a week for a
US$3–5 bn mine), and the company leaves when the expected disruption cost exceeds what the
partnership is worth to it (docs/MODEL.md §4, exit: avoided loss plus benefits).

Configuration: `PartnershipModel` at catalogue defaults with a mine-scale company (operating value
US$2 bn a year and a 0.2% contribution, as in scenarios/extractive_enclave.toml), 100 residents per
community for speed, 120 months; 160 runs, seeds 8000–8159, each in its own context drawn from a
generator seeded 8: mean hardship ~ U(0.3, 0.8), government legitimacy ~ U(0.3, 0.9), armed-event
rate ~ U(0, 0.3) and protective presence ~ U(0.01, 0.08) (their catalogue ranges), so that runs
range from calm to constant blockades. Each month the test reads the company's disruption cost, its
realised (pooled) risk losses and the partnership's value to it before disruption (avoided loss +
benefits − contribution) from the model's state, and follows the company's expectations of
disruption cost E_D and of that value E_V as the model's exit rule does (moving averages over
`value_memory` months). "Disruption exceeds the value" means E_D > 0 and E_D > E_V: a run without
disruption says nothing about it (a company that gives more than it gains has E_V < 0 = E_D).

Thresholds:
- disruption dominates: in at least 80% of the runs with a blockade, disruption is more than half of
  the company's conflict costs (disruption plus realised risk losses);
- the company exits when disruption exceeds the partnership's value: at least 90% of company exits
  in runs with blockades happen with E_D > E_V (exits in calm runs have the other reasons of
  docs/MODEL.md §4: low value or low trust); the company leaves in at least half of the runs in which
  E_D ever exceeds E_V after the grace period, and in at most a quarter of the runs in which it
  never does.
"""

from __future__ import annotations

import numpy as np
import pytest
from _parallel import parallel_map

from hsbp.sim.model import PartnershipModel

pytestmark = [pytest.mark.validation, pytest.mark.slow]  # a published pattern, whole model, many seeds (minutes)

MINE = {"company_value": 2000.0, "company_contribution": 0.002, "residents": 100}
RUNS = 160


def _contexts() -> list[dict[str, float]]:
    rng = np.random.default_rng(8)
    return [
        {
            "mean_hardship": float(rng.uniform(0.3, 0.8)),
            "government_legitimacy": float(rng.uniform(0.3, 0.9)),
            "armed_event_rate": float(rng.uniform(0.0, 0.3)),
            "protective_presence": float(rng.uniform(0.01, 0.08)),
        }
        for _ in range(RUNS)
    ]


def company_costs(task: tuple[int, dict[str, float]]) -> dict[str, float]:
    """One run: the company's costs, whether disruption ever exceeded the value, and its exit."""
    seed, context = task
    model = PartnershipModel(None, rng=seed, collect=False, **MINE, **context)
    state, p = model.state, model.params
    k = int(state.companies[0])
    disruption_total = losses_total = expected_disruption = expected_value = 0.0
    exceeded, exit_month, exceeded_at_exit = False, None, False
    for _ in range(p.horizon_months):
        value_before, cost_before, member = state.value[k], state.disruption_cost_total[k], state.member[k]
        model.step()
        net = p.value_memory * (state.value[k] - value_before) + value_before  # this month's net value
        disruption = (state.disruption_cost_total[k] - cost_before) * 1000.0  # US$ k
        losses = state.baseline_loss[k] - state.contribution[k] - disruption - net  # realised, after pooling
        disruption_total += disruption
        losses_total += losses
        expected_disruption += (disruption - expected_disruption) / p.value_memory
        expected_value += (net + disruption - expected_value) / p.value_memory
        if model.month > p.exit_grace and 0 < expected_disruption > expected_value:
            exceeded = True
        if member and not state.member[k]:
            exit_month, exceeded_at_exit = model.month, 0 < expected_disruption > expected_value
            break
        if model.dissolved_at is not None:
            break
    return {
        "blockades": model.counters["blockade_months"],
        "disruption_share": disruption_total / max(disruption_total + losses_total, 1e-9),
        "exceeded": exceeded,
        "exited": exit_month is not None,
        "exceeded_at_exit": exceeded_at_exit,
    }


@pytest.fixture(scope="module")
def runs() -> list[dict[str, float]]:
    return parallel_map(company_costs, [(8000 + i, c) for i, c in enumerate(_contexts())])


def test_disruption_dominates_company_conflict_costs(runs) -> None:
    shares = np.array([r["disruption_share"] for r in runs if r["blockades"] > 0])
    assert len(shares) >= 20, f"only {len(shares)} runs with blockades"
    dominated = float(np.mean(shares > 0.5))
    assert dominated >= 0.8, f"disruption > half of conflict costs in {dominated:.0%} of {len(shares)} runs"


def test_company_exits_when_disruption_exceeds_the_partnership_value(runs) -> None:
    exits = [r for r in runs if r["exited"] and r["blockades"] > 0]
    assert exits, "the company never left a run with blockades"
    explained = np.mean([r["exceeded_at_exit"] for r in exits])
    after_excess = np.mean([r["exited"] for r in runs if r["exceeded"]])
    never = [r["exited"] for r in runs if not r["exceeded"]]
    report = (
        f"{len(exits)} company exits in runs with blockades, {explained:.0%} with E_D > E_V; "
        f"exit rate {after_excess:.2f} after E_D > E_V, "
        f"{np.mean(never) if never else float('nan'):.2f} in the {len(never)} runs where it never happened"
    )
    assert explained >= 0.9, report
    assert after_excess >= 0.5, report
    assert len(never) >= 5 and np.mean(never) <= 0.25, report
