"""P8 costs (docs/MODEL.md §7), validation: the whole model, with a mine-scale company.

Pattern (Franks et al. 2014, PNAS 111(21):7576 [S]): lost productivity from delays and disruption
dominates the costs that conflict with communities imposes on a company (about US$20 m a week for a
US$3–5 bn mine), and the company leaves a partnership when the disruption it bears inside exceeds what
the partnership is worth to it (docs/MODEL.md §4: its conflict cost inside against its belief of that
cost outside).

Configuration: `PartnershipModel` at catalogue defaults with a mine-scale company (operating value
US$2 bn a year and a 0.2% social budget, as in scenarios/extractive_enclave.toml), 100 residents per
community for speed, 120 months; 160 runs, seeds 8000–8159, each in its own context drawn from a
generator seeded 8: mean hardship ~ U(0.3, 0.8), government legitimacy ~ U(0.3, 0.9), armed-event
rate ~ U(0, 0.3) and protective presence ~ U(0.01, 0.08) (their catalogue ranges), so that runs
range from calm to constant blockades. Each month the test reads the company's blockade disruption
and its conflict cost (disruption plus shock losses after private security and pooling).

Thresholds (none was tuned to the model; they restate the pattern):
- disruption dominates: in at least 80% of the runs with a blockade, disruption is more than half of
  the company's conflict costs over the run;
- disruption drives the company out: in at least 80% of the company's exits for its outside option,
  disruption was more than half of its conflict costs in the 12 months before it left; and the company
  leaves more often in runs with blockades inside the partnership than in runs without.
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
    """One run: the company's disruption and conflict costs, and what preceded its exit if it left."""
    seed, context = task
    model = PartnershipModel(None, rng=seed, collect=False, **MINE, **context)
    state, p, counters = model.state, model.params, model.counters
    k = int(state.companies[0])
    disruption, conflict = [], []
    blockades_inside = 0
    exited_for_outside = False
    for _ in range(p.horizon_months):
        before_disruption, before_conflict = counters["disruption_cost"], counters["company_conflict_cost"]
        member, standing = bool(state.member[k]), model.partnership_standing()
        model.step()
        disruption.append(counters["disruption_cost"] - before_disruption)
        conflict.append(counters["company_conflict_cost"] - before_conflict)
        blockades_inside += int(standing and state.blockading.any())
        if member and not state.member[k]:
            exited_for_outside = model.exit_reasons["outside option"] > 0 and state.shortfall[k] > 0
            break
        if model.dissolved_at is not None:
            break
    window = slice(-12, None)
    return {
        "blockades": counters["blockade_months"],
        "blockades_inside": blockades_inside,
        "disruption_share": sum(disruption) / max(sum(conflict), 1e-9),
        "exited": bool(not state.member[k]),
        "exited_for_outside": exited_for_outside,
        "disruption_share_before_exit": sum(disruption[window]) / max(sum(conflict[window]), 1e-9),
    }


@pytest.fixture(scope="module")
def runs() -> list[dict[str, float]]:
    return parallel_map(company_costs, [(8000 + i, c) for i, c in enumerate(_contexts())])


def test_disruption_dominates_company_conflict_costs(runs) -> None:
    shares = np.array([r["disruption_share"] for r in runs if r["blockades"] > 0])
    assert len(shares) >= 20, f"only {len(shares)} runs with blockades"
    dominated = float(np.mean(shares > 0.5))
    assert dominated >= 0.8, f"disruption > half of conflict costs in {dominated:.0%} of {len(shares)} runs"


def test_disruption_drives_the_company_out(runs) -> None:
    exits = [r for r in runs if r["exited_for_outside"]]
    assert len(exits) >= 5, f"the company left for its outside option in only {len(exits)} runs"
    driven = np.mean([r["disruption_share_before_exit"] > 0.5 for r in exits])
    disrupted = [r["exited"] for r in runs if r["blockades_inside"] > 0]
    calm = [r["exited"] for r in runs if r["blockades_inside"] == 0]
    report = (
        f"{len(exits)} exits for the outside option, {driven:.0%} with disruption > half of the last year's "
        f"conflict costs; exit rate {np.mean(disrupted):.2f} in {len(disrupted)} runs with blockades inside, "
        f"{np.mean(calm):.2f} in {len(calm)} calm runs"
    )
    assert driven >= 0.8, report
    assert len(disrupted) >= 10 and len(calm) >= 10, report
    assert np.mean(disrupted) > np.mean(calm), report
