"""Residents' mobilisation (the grievance layer) and blockades."""

from __future__ import annotations

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule

QUIET, ACTIVE, JAILED = 0, 1, 2


# --- Epstein's equations, shared by this layer and the spatial submodel (sim.epstein) -------------------------
def grievance(hardship: np.ndarray | float, legitimacy: np.ndarray | float) -> np.ndarray | float:
    """G = H·(1 − L): perceived hardship times illegitimacy. Epstein 2002 [S]."""
    return hardship * (1.0 - legitimacy)


def arrest_probability(
    cops: np.ndarray | float, actives: np.ndarray | float, k: float, floor: bool = False
) -> np.ndarray | float:
    """P = 1 − exp(−k·C/A), or 1 − exp(−k·⌊C/A⌋) in the floor variant.

    C: cops in view; A: actives in view counting the agent itself (A ≥ 1). Epstein 2002 [S].
    The floor variant is NetLogo Rebellion's (Wilensky 2004): without it that model shows no
    punctuated equilibrium; with it, P ≈ 0 once actives outnumber cops and ≈ 1 otherwise [S].
    """
    ratio = np.asarray(cops, dtype=float) / actives
    if floor:
        ratio = np.floor(ratio)
    return 1.0 - np.exp(-k * ratio)


def goes_active(
    grievance: np.ndarray | float, risk_aversion: np.ndarray | float, arrest_p: np.ndarray | float, threshold: float
) -> np.ndarray | bool:
    """Active if G − RA·P > T: grievance net of the expected risk of arrest exceeds the threshold. Epstein 2002 [S]."""
    return grievance - risk_aversion * arrest_p > threshold


@rule("mobilisation", "epstein")
def epstein_mobilisation(
    rng: np.random.Generator,
    hardship: np.ndarray,
    risk_aversion: np.ndarray,
    state: np.ndarray,
    jail: np.ndarray,
    legitimacy: np.ndarray,
    p: Params,
) -> tuple[np.ndarray, np.ndarray]:
    """One month of Epstein's civil-violence rule for every community at once (arrays (C, R)).

    Grievance G = s·H·(1 − L_c), with s the grievance scale [A, calibrated to P10]: the
    partnership's legitimacy L_c is read from survey-scale trust, on which even stable
    societies score low (Latin American institutional trust 20–36% [S]), while Epstein's
    stable range is L = 0.8–0.9; s = 1 (Epstein's form) mobilises every fragile setting at
    once and the anchors' linear map (s ≈ 0.25) never does, so s is set by P10 (see
    docs/validation_changes.md). Arrest probability P = 1 − exp(−k·C/A) with C the
    protective presence (cops) and A the active residents plus one, both per community
    (municipality-wide counts instead of Epstein's vision: an aspatial adaptation [A]);
    a resident is active if G − RA·P > threshold (the equations `grievance`, `arrest_probability`
    and `goes_active`, shared with the spatial submodel `hsbp.sim.epstein`). Each cop arrests up to `arrests_per_cop`
    active residents a month (each community's capacity picks that many of its active residents
    uniformly at random without replacement), for a uniform 1..max_jail months. Epstein 2002 [S], adapted.
    Updates `state` and `jail` in place and returns (arrests, active) per community, `active` counted
    before arrests: a blockade is decided by those who mobilised this month, before the police take
    some of them away (otherwise heavy policing would hide the mobilisation that caused it).
    """
    communities, residents = state.shape
    jail -= 1
    jailed = state == JAILED
    jailed &= jail > 0  # released when the term ends
    cops = p.protective_presence * residents
    active_now = (state == ACTIVE).sum(axis=1)
    arrest_p = arrest_probability(cops, active_now + 1.0, p.arrest_constant)  # C/A, without the floor
    active = goes_active(
        grievance(hardship, legitimacy[:, None]) * p.grievance_scale,
        risk_aversion,
        arrest_p[:, None],
        p.activation_threshold,
    )
    active &= ~jailed
    np.copyto(state, active)  # QUIET 0, ACTIVE 1
    state[jailed] = JAILED
    # Arrests: each community's cops take up to `capacity` of its active residents, chosen uniformly at random.
    capacity = int(np.floor(cops * p.arrests_per_cop))
    counts = active.sum(axis=1)
    if capacity <= 0 or not counts.any():
        return np.zeros(communities, dtype=int), counts
    if counts.max() <= capacity:
        taken_rows, taken_cols = np.nonzero(active)  # room for everyone active: nothing to draw
    else:
        # The `capacity` smallest of uniform draws over each community's active residents.
        draw = np.where(active, rng.random(state.shape), 2.0)  # 2.0: never picked
        picked = np.argpartition(draw, capacity - 1, axis=1)[:, :capacity]
        rows = np.broadcast_to(np.arange(communities)[:, None], picked.shape)
        chosen = draw[rows, picked] < 1.5
        taken_rows, taken_cols = rows[chosen], picked[chosen]
    state[taken_rows, taken_cols] = JAILED
    jail[taken_rows, taken_cols] = rng.integers(1, p.max_jail_months + 1, size=len(taken_cols))
    return np.minimum(counts, capacity), counts


@rule("mobilisation", "none")
def no_mobilisation(
    rng: np.random.Generator,
    hardship: np.ndarray,
    risk_aversion: np.ndarray,
    state: np.ndarray,
    jail: np.ndarray,
    legitimacy: np.ndarray,
    p: Params,
) -> tuple[np.ndarray, np.ndarray]:
    """Alternative: residents never mobilise (switches the grievance layer off) [A]."""
    state[:] = QUIET
    zero = np.zeros(state.shape[0], dtype=int)
    return zero, zero.copy()
