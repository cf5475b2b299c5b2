"""Per-run outcomes (docs/MODEL.md §6) as a flat dict of floats; their labels and units are in sim/measures.py."""

from __future__ import annotations

import numpy as np

from hsbp.sim.measures import OUTCOMES
from hsbp.sim.model import PartnershipModel
from hsbp.sim.rules.exit import LOST_TRUST, OUTSIDE_OPTION, REASONS
from hsbp.sim.rules.mobilisation import JAILED

__all__ = ["OUTCOMES", "gini", "outcomes"]


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 equal, towards 1 concentrated)."""
    x = np.sort(np.asarray(values, dtype=float).ravel())
    if x.sum() <= 0:
        return 0.0
    n = len(x)
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * x.sum()))


def outcomes(model: PartnershipModel) -> dict[str, float]:
    """The outcome record of a finished (or stopped) run, in the order of the catalogue."""
    p, state, counters = model.params, model.state, model.counters
    durability = model.dissolved_at if model.dissolved_at is not None else model.month
    if not p.partnership:
        durability = 0
    resident_hsi = model.residents.index()
    hsi = model.human_security_index()
    worst = np.sort(resident_hsi.ravel())[: max(1, resident_hsi.size // 5)]
    forums = counters["forums"]
    legitimacy = model.government_legitimacy()
    record = {
        "durability_months": float(durability),
        "dissolved": float(model.dissolved_at is not None),
        "survived_42": float(p.partnership and durability >= 42 and model.month >= 42),
        "survived_60": float(p.partnership and durability >= 60 and model.month >= 60),
        "partner_exits": float(model.exits),
        "exits_outside_option": float(model.exit_reasons[REASONS[OUTSIDE_OPTION]]),
        "exits_trust": float(model.exit_reasons[REASONS[LOST_TRUST]]),
        "partners_remaining": float(state.member.sum()),
        "hsi_final": hsi,
        "hsi_change": hsi - model.hsi_initial,
        "hsi_min_dimension": float(model.residents.dimension_means().mean(axis=0).min()),
        "hsi_worst_quintile": float(worst.mean()),
        "hsi_inequality_adjusted": float(np.exp(np.log(np.maximum(resident_hsi, 1e-6)).mean())),
        "hsi_gini": gini(resident_hsi),
        "armed_events": counters["armed_events"],
        "blockade_months": counters["blockade_months"],
        "blockade_community_months": counters["blockade_community_months"],
        "peak_active_share": model.peak_active_share,
        "company_cost": counters["company_cost"],
        "company_conflict_cost": counters["company_conflict_cost"],
        "disruption_cost": counters["disruption_cost"],
        "government_legitimacy_change": legitimacy - model.legitimacy_initial,
        "government_legitimacy_final": legitimacy,
        "decision_success_rate": counters["decisions_adopted"] / forums if forums else 0.0,
        "decision_equity": float(np.mean(model.decision_equity)) if model.decision_equity else 0.0,
        "mean_trust_final": model.mean_trust(),
        "licence_level_mean": float(state.licence_level.mean()),
        "pooled_share": counters["contributions"] / counters["spending"] if counters["spending"] else 0.0,
        "contributions_total": counters["contributions"],
        "jailed_share_final": float((model.residents.state == JAILED).mean()),
    }
    assert record.keys() == OUTCOMES.keys(), "every outcome is declared once in sim/measures.py"
    return record
