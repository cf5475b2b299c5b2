"""What each partner expects from each candidate project: the forum's decision utility."""

from __future__ import annotations

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule
from hsbp.sim.rules.taxonomy import RISKS

# β_i by kind of partner: how much a partner values spending that lands on its own priorities in the
# communities [A]. Communities and the NGO value it fully (it is their residents' security, or their
# mission); the government at half (services it would otherwise owe, and credit); the company not at all
# (it gains from the communities' security only through the risks it faces).
BENEFIT_WEIGHT: dict[str, float] = {"company": 0.0, "government": 0.5, "ngo": 1.0, "community": 1.0}


@rule("utility", "payoff")
def payoff_utility(
    risk_stake: np.ndarray,
    exposure: np.ndarray,
    landing_share: np.ndarray,
    benefit_weight: np.ndarray,
    pool_per_community: float,
    budget: np.ndarray,
    p: Params,
) -> np.ndarray:
    """U_i(k) = ρ_i·Δrisk_k + β_i·benefit_ik − cost_share_ik, all in months of partner i's own budget.

    - Risk: L_i·x_ik, x_ik = ρ_ik + η·Σ_j CG_ij·ρ_jk/(n − 1) (`exposure`), L_i = i's loss at full hazard in
      months of its budget (`risk_stake`): a
      project on risk k reduces i's own exposure to k and, through common ground, the risks i shares with
      the others present (docs/MODEL.md §4, common ground path).
    - Benefit: β_i·(X/C)/e_i·(w_i·s_k): the pooled budget per community X/C, in months of i's budget, times
      the share of project k's spending that lands on i's priorities (w_i its priorities, s_k the project's
      spending split).
    - Cost share: what i's contribution would have bought spent alone, (1 − δ_solo) times the mean value of
      the projects to i (the opportunity cost of pooling, in the same units).
    So U_i(k) > 0 when project k serves i better than its money spent alone would. Form [A]; β_i per kind in
    `BENEFIT_WEIGHT` [A].
    """
    risk = risk_stake[:, None] * exposure
    benefit = (benefit_weight * pool_per_community / np.maximum(budget, 1e-9))[:, None] * landing_share
    value = risk + benefit
    return value - (1.0 - p.duplication_loss) / value.shape[1] * value.sum(axis=1, keepdims=True)


@rule("utility", "risk_share")
def risk_share_utility(
    risk_stake: np.ndarray,
    exposure: np.ndarray,
    landing_share: np.ndarray,
    benefit_weight: np.ndarray,
    pool_per_community: float,
    budget: np.ndarray,
    p: Params,
) -> np.ndarray:
    """Alternative: risks only, as shares: U_i(k) = ρ_ik + η·Σ_j CG_ij·ρ_jk/(n − 1) − 1/K (a project is worth it
    when it serves an above-average share of i's risks) [A]."""
    return exposure - 1.0 / len(RISKS)
