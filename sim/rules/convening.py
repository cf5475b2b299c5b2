"""Convening the forum, common ground and joint risk mapping."""

from __future__ import annotations

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule


@rule("convening", "logistic")
def logistic_attendance(
    mean_trust: np.ndarray, expected_benefit: np.ndarray, cost: np.ndarray, security_risk: np.ndarray, p: Params
) -> np.ndarray:
    """Probability each partner attends: σ(a₀ + a_T·T̄_i + a_B·E[benefit_i] − a_C·cost_i − a_S·security_i) [A]."""
    logit = (
        p.convene_intercept
        + p.convene_trust * mean_trust
        + p.convene_benefit * expected_benefit
        - p.convene_cost * cost
        - p.convene_security * security_risk
    )
    return 1.0 / (1.0 + np.exp(-logit))


@rule("convening", "always")
def always_attend(
    mean_trust: np.ndarray, expected_benefit: np.ndarray, cost: np.ndarray, security_risk: np.ndarray, p: Params
) -> np.ndarray:
    """Alternative: every member attends every meeting [A]."""
    return np.ones_like(mean_trust)


@rule("common_ground", "overlap")
def risk_overlap(profiles: np.ndarray, understanding: np.ndarray, p: Params) -> np.ndarray:
    """Common ground CG_ij = κ_ij · Σ_k min(ρ_ik, ρ_jk) / Σ_k max(ρ_ik, ρ_jk).

    The HSBP idea of common ground [S] as the overlap of risk profiles,
    discounted by shared understanding (no common language) [A].
    """
    low = np.minimum(profiles[:, None, :], profiles[None, :, :]).sum(axis=2)
    high = np.maximum(profiles[:, None, :], profiles[None, :, :]).sum(axis=2)
    return understanding * low / np.maximum(high, 1e-12)


@rule("risk_mapping", "proportional")
def joint_risk_mapping(understanding: np.ndarray, attended: np.ndarray, meetings: int, p: Params) -> np.ndarray:
    """Each meeting of joint risk mapping raises shared understanding: κ ← κ + φ·τ·(1 − κ).

    Applied to pairs who both attended, once per meeting held this month.
    HSBP tools (joint risk mapping) [S]; form [A].
    """
    both = attended[:, None] & attended[None, :]
    kept = (1.0 - p.mapping_learning * p.risk_mapping) ** meetings
    return np.where(both, 1.0 - (1.0 - understanding) * kept, understanding)
