"""Residents' mobilisation (the grievance layer) and blockades."""

from __future__ import annotations

import numpy as np

from sim.params import Params
from sim.registry import rule

QUIET, ACTIVE, JAILED = 0, 1, 2


@rule("mobilisation", "epstein")
def epstein_mobilisation(
    rng: np.random.Generator,
    hardship: np.ndarray,
    risk_aversion: np.ndarray,
    state: np.ndarray,
    jail: np.ndarray,
    legitimacy: np.ndarray,
    p: Params,
) -> np.ndarray:
    """One month of Epstein's civil-violence rule for every community at once (arrays (C, R)).

    Grievance G = H·(1 − L_c); arrest probability P = 1 − exp(−k·C/A) with C the
    protective presence (cops) and A the active residents plus one, both per community
    (municipality-wide counts instead of Epstein's vision: an aspatial adaptation [A]);
    a resident is active if G − RA·P > threshold. Each cop arrests up to `arrests_per_cop`
    active residents a month, for a uniform 1..max_jail months. Epstein 2002 [S], adapted.
    Updates `state` and `jail` in place and returns the arrests per community.
    """
    residents = state.shape[1]
    jail -= 1
    released = (state == JAILED) & (jail <= 0)
    state[released] = QUIET
    free = state != JAILED
    cops = p.protective_presence * residents
    active_now = (state == ACTIVE).sum(axis=1)
    arrest_p = 1.0 - np.exp(-p.arrest_constant * cops / (active_now + 1.0))
    grievance = hardship * (1.0 - legitimacy[:, None])
    net = grievance - risk_aversion * arrest_p[:, None]
    active = free & (net > p.activation_threshold)
    state[free] = np.where(active[free], ACTIVE, QUIET)
    # Arrests: each cop takes one active resident, chosen at random.
    capacity = int(np.floor(cops * p.arrests_per_cop))
    arrests = np.zeros(state.shape[0], dtype=int)
    if capacity > 0:
        draw = rng.random(state.shape)
        draw[state != ACTIVE] = 2.0  # never picked
        ranks = np.argsort(draw, axis=1)[:, :capacity]
        rows = np.arange(state.shape[0])[:, None]
        chosen = draw[rows, ranks] < 1.5
        taken_rows, taken_cols = np.nonzero(chosen)
        cols = ranks[taken_rows, taken_cols]
        state[taken_rows, cols] = JAILED
        jail[taken_rows, cols] = rng.integers(1, p.max_jail_months + 1, size=len(cols))
        arrests = chosen.sum(axis=1)
    return arrests


@rule("mobilisation", "none")
def no_mobilisation(
    rng: np.random.Generator,
    hardship: np.ndarray,
    risk_aversion: np.ndarray,
    state: np.ndarray,
    jail: np.ndarray,
    legitimacy: np.ndarray,
    p: Params,
) -> np.ndarray:
    """Alternative: residents never mobilise (switches the grievance layer off) [A]."""
    state[:] = QUIET
    return np.zeros(state.shape[0], dtype=int)
