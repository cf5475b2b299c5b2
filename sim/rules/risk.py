"""Risk mutualization: how realised losses are shared among partners."""

from __future__ import annotations

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule


@rule("risk", "pooled")
def pooled_losses(losses: np.ndarray, contributions: np.ndarray, members: np.ndarray, p: Params) -> np.ndarray:
    """Realised loss ℓ'_i = (1 − m)·ℓ_i + m·ω_i·Σ_j ℓ_j over members, ω_i ∝ contributions.

    HSBP mutualizing risks [S idea]; form [A]. Equal weights while nobody has
    contributed; non-members neither pay into nor draw from the pool.
    """
    if not members.any():
        return losses
    weights = np.where(members, np.maximum(contributions, 0.0), 0.0)
    if weights.sum() <= 0:
        weights = members.astype(float)
    weights = weights / weights.sum()
    pool = np.where(members, losses, 0.0).sum()
    return np.where(members, (1 - p.risk_pooling) * losses + p.risk_pooling * weights * pool, losses)


@rule("risk", "none")
def no_pooling(losses: np.ndarray, contributions: np.ndarray, members: np.ndarray, p: Params) -> np.ndarray:
    """Alternative: each partner bears its own losses, whatever the lever says [A]."""
    return losses
