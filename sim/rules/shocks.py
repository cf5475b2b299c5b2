"""Exogenous shocks: armed-group events and market shocks."""

from __future__ import annotations

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule


@rule("shocks", "poisson")
def poisson_shocks(rng: np.random.Generator, communities: int, p: Params) -> tuple[np.ndarray, np.ndarray, bool]:
    """Armed events ~ Poisson(λ_v·(1 − s_eff)), s_eff = min(1, efficacy·s), each hitting a random community.

    Returns (events per community, events linked to the company per community, market shock).
    The Poisson form is docs/MODEL.md §3 [A]; the efficacy of presence, the link to the company
    and the market shock (probability per month) are [A].
    """
    effective = min(1.0, p.protection_efficacy * p.protective_presence)
    count = rng.poisson(p.armed_event_rate * (1.0 - effective))
    if count:
        events = np.bincount(rng.integers(0, communities, size=count), minlength=communities)
        linked = rng.binomial(events, p.armed_company_link)
    else:  # the same draws as above: placing no events and linking none consume no random numbers
        events = np.zeros(communities, dtype=np.int64)
        linked = np.zeros(communities, dtype=np.int64)
    market = bool(rng.random() < p.market_shock_rate)
    return events, linked, market


@rule("shocks", "none")
def no_shocks(rng: np.random.Generator, communities: int, p: Params) -> tuple[np.ndarray, np.ndarray, bool]:
    """Alternative: a world without armed events or market shocks [A]."""
    zero = np.zeros(communities, dtype=int)
    return zero, zero.copy(), False
