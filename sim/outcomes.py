"""Per-run outcomes (docs/MODEL.md §6) as a flat dict of floats."""

from __future__ import annotations

import numpy as np

from hsbp.sim.model import PartnershipModel
from hsbp.sim.rules.mobilisation import JAILED

OUTCOMES: dict[str, str] = {
    "durability_months": "Months until the partnership dissolved (censored at the horizon)",
    "dissolved": "1 if the partnership dissolved before the horizon",
    "survived_42": "1 if the partnership lasted 42 months (the pilot's length)",
    "survived_60": "1 if the partnership lasted 60 months",
    "partner_exits": "Partners who left",
    "partners_remaining": "Members at the end",
    "hsi_final": "Human-security index at the end (mean over communities of the geometric mean over dimensions)",
    "hsi_change": "Change in the human-security index from the start",
    "hsi_min_dimension": "Weakest human-security dimension at the end (resident mean)",
    "hsi_inequality_adjusted": "Geometric mean over residents of their human-security index",
    "armed_events": "Armed-group events over the run",
    "blockade_months": "Community-months with a blockade",
    "peak_active_share": "Largest share of a community's residents active at once",
    "disruption_cost": "Company disruption cost, US$ m",
    "benefit_gini": "Gini of cumulative per-capita benefits across community organisations",
    "decision_success_rate": "Share of forums that adopted a project (0 if none met)",
    "decision_equity": "Mean SD of partners' acceptability of forum decisions (lower is more equal)",
    "mean_trust_final": "Mean trust between partners at the end",
    "licence_level_mean": "Mean social-licence level at the end (0 withdrawal ... 3 identification)",
    "government_legitimacy_final": "Communities' mean trust in government at the end",
    "contributions_total": "Contributions over the run, US$ k",
    "output_total": "Project output delivered over the run, US$ k",
    "jailed_share_final": "Share of residents in jail at the end",
}


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 equal, towards 1 concentrated)."""
    x = np.sort(np.asarray(values, dtype=float))
    if x.sum() <= 0:
        return 0.0
    n = len(x)
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * x.sum()))


def outcomes(model: PartnershipModel) -> dict[str, float]:
    """The outcome record of a finished (or stopped) run."""
    p, state = model.params, model.state
    durability = model.dissolved_at if model.dissolved_at is not None else model.month
    if not p.partnership:
        durability = 0
    resident_hsi = model.residents.index()
    hsi = model.human_security_index()
    forums = model.counters["forums"]
    return {
        "durability_months": float(durability),
        "dissolved": float(model.dissolved_at is not None),
        "survived_42": float(p.partnership and durability >= 42 and model.month >= 42),
        "survived_60": float(p.partnership and durability >= 60 and model.month >= 60),
        "partner_exits": float(model.exits),
        "partners_remaining": float(state.member.sum()),
        "hsi_final": hsi,
        "hsi_change": hsi - model.hsi_initial,
        "hsi_min_dimension": float(model.residents.dimension_means().mean(axis=0).min()),
        "hsi_inequality_adjusted": float(np.exp(np.log(np.maximum(resident_hsi, 1e-6)).mean())),
        "armed_events": model.counters["armed_events"],
        "blockade_months": model.counters["blockade_months"],
        "peak_active_share": model.peak_active_share,
        "disruption_cost": float(state.disruption_cost_total.sum()),
        "benefit_gini": gini(state.benefit_total[state.communities]),
        "decision_success_rate": model.counters["decisions_adopted"] / forums if forums else 0.0,
        "decision_equity": float(np.mean(model.decision_equity)) if model.decision_equity else 0.0,
        "mean_trust_final": model.mean_trust(),
        "licence_level_mean": float(state.licence_level.mean()),
        "government_legitimacy_final": model.government_legitimacy(),
        "contributions_total": model.counters["contributions"],
        "output_total": model.counters["output"],
        "jailed_share_final": float((model.residents.state == JAILED).mean()),
    }
