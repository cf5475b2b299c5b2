"""Project delivery, benefit sharing and residents' human security."""

from __future__ import annotations

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule


@rule("delivery", "synergy")
def synergy_delivery(total_contribution: float, disruption: float, p: Params) -> float:
    """Project output Y = A·(Σx)^α·(1 + χ·protect·empower)·(1 − d)·(1 − λ·(1 − transparency)).

    protect = protection share of the budget, empower = 1 − protect: χ rewards doing
    both (CHS 2003, mutually reinforcing [S]; form [A]); one-sided violence and
    blockades lower implementation (Joshi 2020 [S]); leakage and α are [A].
    """
    protect = p.protection_share
    return (
        p.productivity
        * max(total_contribution, 0.0) ** p.returns_to_scale
        * (1 + p.synergy * protect * (1 - protect))
        * (1 - disruption)
        * (1 - p.leakage * (1 - p.transparency))
    )


@rule("delivery", "additive")
def additive_delivery(total_contribution: float, disruption: float, p: Params) -> float:
    """Alternative without synergy or returns to scale: Y = A·Σx·(1 − d)·(1 − λ·(1 − transparency)) [A]."""
    return p.productivity * max(total_contribution, 0.0) * (1 - disruption) * (1 - p.leakage * (1 - p.transparency))


@rule("benefit", "equal")
def equal_benefit(output: float, contributions: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Every community organisation receives the same share of the output [A]."""
    return np.full(len(need), output / len(need))


@rule("benefit", "proportional")
def proportional_benefit(output: float, contributions: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Shares proportional to each community's cumulative contribution (equal if none yet) [A]."""
    total = contributions.sum()
    if total <= 0:
        return equal_benefit(output, contributions, need)
    return output * contributions / total


@rule("benefit", "need")
def need_benefit(output: float, contributions: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Shares proportional to each community's mean hardship (need-weighted) [A]."""
    total = need.sum()
    if total <= 0:
        return equal_benefit(output, contributions, need)
    return output * need / total


@rule("human_security", "diminishing")
def diminishing_returns(h: np.ndarray, services: np.ndarray, spend_per_capita: np.ndarray, p: Params) -> np.ndarray:
    """Residents' human security: h ← h + (g₀ + g)·(1 − h) − δ_h·h, with g = g_max·b/(b + b½).

    g₀ is each resident's baseline access to services (set so that h starts at its
    fixed point), b the per-capita monthly spending on a dimension. Diminishing returns
    and slow decay without investment: docs/MODEL.md §4 [A].
    Arrays: h and services (communities, 7, residents), spend_per_capita (communities, 7);
    h is updated in place (as h·(1 − δ_h − a) + a with a = g₀ + g) and returned.
    """
    gain = p.max_gain * spend_per_capita / (spend_per_capita + p.benefit_half)
    access, keep = np.empty((2, *h.shape))  # one allocation for both temporaries (cheaper for many residents)
    np.add(services, gain[:, :, None], out=access)  # a = g₀ + g
    np.subtract(1.0 - p.hs_decay, access, out=keep)
    h *= keep
    h += access
    h.clip(0.0, 1.0, out=h)
    return h
