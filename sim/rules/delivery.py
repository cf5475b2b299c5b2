"""Spending turned into human security: who spends where, pooled or alone, and what it buys.

Every partner spends its whole budget every month, through the partnership (its contribution) or
alone (the rest, and everything outside a partnership): nobody's money vanishes, so a design is
compared with the no-partnership baseline on what coordination does, not on money that
disappears (docs/MODEL.md §4, Spending alone and pooled). Money enters only as a ratio: spending
per person over the cost scale c_ref.
"""

from __future__ import annotations

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule
from hsbp.sim.rules.taxonomy import DIMENSIONS, RISK_FOCUS

THOUSAND = 1000.0  # money is held in US$ k; c_ref is in US$ per person-month


def priorities(profiles: np.ndarray) -> np.ndarray:
    """How a partner spending alone splits its money over the seven dimensions: w_ik, rows summing to 1.

    Half evenly, half on the dimensions its own risks map to (ρ_i·F / 2, F the risk-to-dimension map of
    docs/MODEL.md §2): spending alone follows the spender's priorities, not the forum's [A].
    """
    return 0.5 / len(DIMENSIONS) + 0.5 * (profiles @ RISK_FOCUS) / RISK_FOCUS.sum(axis=1).max()


def landing(amounts: np.ndarray, targets: np.ndarray, split: np.ndarray) -> np.ndarray:
    """Money landing on each community and dimension, (C, 7): Σ_i a_i·t_ic·w_ik.

    amounts (n,): what each spender spends; targets (n, C): the share of it each community receives;
    split (n, 7): how each spender divides it over the dimensions.
    """
    return targets.T @ (amounts[:, None] * split)


@rule("coordination", "pooled_vs_alone")
def pooled_vs_alone(pooled: np.ndarray, alone: np.ndarray, p: Params) -> np.ndarray:
    """Effective spending E = pooled·(1 + χ·pr·(1 − pr))·(1 − λ·(1 − transparency)) + alone·(1 − δ_solo)·(1 − λ).

    Pooled through the forum: no duplication, allocation by the forum's decision, and the complementarity
    of protection and empowerment (χ; pr the pooled budget's protection share: Commission on Human
    Security 2003, mutually reinforcing [S]; form [A]); leakage λ is cut by the partnership's transparency.
    Alone: a duplication and mis-targeting share δ_solo is lost, no complementarity, full leakage
    (docs/MODEL.md §4, Spending alone and pooled [A]).
    """
    protect = p.protection_share
    pooled_efficiency = (1.0 + p.synergy * protect * (1.0 - protect)) * (1.0 - p.leakage * (1.0 - p.transparency))
    alone_efficiency = (1.0 - p.duplication_loss) * (1.0 - p.leakage)
    return pooled * pooled_efficiency + alone * alone_efficiency


@rule("coordination", "no_gain")
def no_coordination_gain(pooled: np.ndarray, alone: np.ndarray, p: Params) -> np.ndarray:
    """Alternative: pooled money does no more than the same money spent alone (the null hypothesis
    that coordination itself adds nothing): E = (pooled + alone)·(1 − δ_solo)·(1 − λ) [A]."""
    return (pooled + alone) * (1.0 - p.duplication_loss) * (1.0 - p.leakage)


@rule("delivery", "saturating")
def saturating_delivery(effective: np.ndarray, population: int, disruption: float, p: Params) -> np.ndarray:
    """Monthly gain rate per community and dimension: a_ck = g·(1 − exp(−e_ck))·(1 − d).

    Effort e_ck = 7·E_ck / (N·c_ref): effective spending on dimension k per person, over the cost of a
    meaningful improvement (c_ref per person-month across the seven dimensions, so an even split gives
    docs/MODEL.md's e_c on every dimension). The gap (1 − h) is applied by the human-security rule, so
    Δh = g·(1 − h)·(1 − exp(−e))·(1 − d): diminishing returns come from (1 − h) and the exponential, and
    two spenders on one dimension share one curve (duplication earns no second first dollar). d is the
    disruption share from violence and blockades (Joshi 2020: one-sided violence lowers implementation
    [S]). Form [A]; money enters only as the ratio E/(N·c_ref).
    """
    effort = len(DIMENSIONS) * effective * THOUSAND / (population * p.cost_per_person)
    return p.max_gain * -np.expm1(-effort) * (1.0 - disruption)


@rule("delivery", "linear")
def linear_delivery(effective: np.ndarray, population: int, disruption: float, p: Params) -> np.ndarray:
    """Alternative without diminishing returns to money until full effort: a = g·min(1, e)·(1 − d) [A]."""
    effort = len(DIMENSIONS) * effective * THOUSAND / (population * p.cost_per_person)
    return p.max_gain * np.minimum(1.0, effort) * (1.0 - disruption)


@rule("benefit", "equal")
def equal_benefit(output: float, contributions: np.ndarray, need: np.ndarray) -> np.ndarray:
    """Every community organisation receives the same share of the pooled budget [A]."""
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
def diminishing_returns(h: np.ndarray, services: np.ndarray, gain: np.ndarray, p: Params) -> np.ndarray:
    """Residents' human security: h ← h + (g₀ + a)·(1 − h) − δ_h·h.

    g₀ is each resident's access to the services the context provides without anyone's extra spending
    (set so that h starts at its fixed point under public spending alone), a the gain rate from this
    month's spending (the delivery rule); slow decay δ_h without investment (docs/MODEL.md §4 [A]).
    Arrays: h and services (communities, 7, residents), gain (communities, 7); h is updated in place
    (as h·(1 − δ_h − a') + a' with a' = g₀ + a) and returned.
    """
    access, keep = np.empty((2, *h.shape))  # one allocation for both temporaries (cheaper for many residents)
    np.add(services, gain[:, :, None], out=access)
    np.subtract(1.0 - p.hs_decay, access, out=keep)
    h *= keep
    h += access
    h.clip(0.0, 1.0, out=h)
    return h
