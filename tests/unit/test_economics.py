"""The model's economics across the context and lever space (issue 11; docs/MODEL.md §4, Revision 2).

Paired runs (the same seed) of a partnership against no partnership at 64 random points of the context
factors and design levers: partners must gain at some points and lose at others (a business case that
holds or fails by context, not by construction), and partnerships must dissolve at many different
months, for reasons the run records, not all in the month after the grace period.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from scipy.stats import qmc

from hsbp import sim
from hsbp.sim.params import Kind, params_of_kind

pytestmark = pytest.mark.slow

POINTS = 64
FACTORS = [p for p in (*params_of_kind(Kind.CONTEXT), *params_of_kind(Kind.LEVER)) if p.bounds and p.type is float]


@pytest.fixture(scope="module")
def pairs() -> list[tuple[dict[str, float], dict[str, float]]]:
    unit = qmc.LatinHypercube(d=len(FACTORS), seed=11).random(POINTS)
    runs = []
    for i, row in enumerate(unit):
        point = {f.name: f.bounds[0] + u * (f.bounds[1] - f.bounds[0]) for f, u in zip(FACTORS, row, strict=True)}
        point["residents"] = 100
        inside = sim.run({**point, "partnership": True}, 1000 + i)
        outside = sim.run({**point, "partnership": False}, 1000 + i)
        runs.append((inside, outside))
    return runs


def _gains(pairs, outcome: str, sign: float = 1.0) -> np.ndarray:
    return np.array([sign * (inside[outcome] - outside[outcome]) for inside, outside in pairs])


@pytest.mark.parametrize(
    ("partner", "outcome", "sign"),
    [
        ("company", "company_cost", -1.0),  # the company gains when its cost is lower inside
        ("communities", "hsi_change", 1.0),
        ("government", "government_legitimacy_change", 1.0),
    ],
)
def test_each_partner_gains_in_some_contexts_and_loses_in_others(pairs, partner, outcome, sign) -> None:
    gains = _gains(pairs, outcome, sign)
    won, lost = int((gains > 0).sum()), int((gains < 0).sum())
    assert won >= 4 and lost >= 4, f"{partner}: gains at {won} of {POINTS} points, loses at {lost}"


def test_partnerships_dissolve_at_many_different_months_for_recorded_reasons(pairs) -> None:
    dissolved = [inside for inside, _ in pairs if inside["dissolved"]]
    months = Counter(int(run["durability_months"]) for run in dissolved)
    assert len(dissolved) >= 8, f"only {len(dissolved)} of {POINTS} partnerships dissolved"
    assert len(months) >= 6, f"dissolutions fall in only {len(months)} distinct months: {sorted(months.items())}"
    assert max(months.values()) <= len(dissolved) / 3, f"one month holds too many: {sorted(months.items())}"
    for run in dissolved:
        assert run["exits_outside_option"] + run["exits_trust"] == run["partner_exits"] >= 1


def test_the_baseline_spends_what_its_actors_would_spend_alone(pairs) -> None:
    """Nobody's money vanishes: without a partnership the company still spends its social budget."""
    for _, outside in pairs:
        assert outside["pooled_share"] == 0.0 and outside["durability_months"] == 0.0
        assert outside["company_cost"] >= outside["company_conflict_cost"] >= 0.0
    budgets = np.array([outside["company_cost"] - outside["company_conflict_cost"] for _, outside in pairs])
    assert (budgets > 0).mean() > 0.9, "the company's own spending is counted in the baseline too"
