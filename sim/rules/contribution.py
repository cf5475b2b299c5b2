"""Pledges and contributions: imperfect conditional cooperation gated by trust."""

from __future__ import annotations

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule

# Cooperation types (Fischbacher, Gächter & Fehr 2001 [S]).
CONDITIONAL, FREE_RIDER, HUMP, OTHER = 0, 1, 2, 3
TYPES = (CONDITIONAL, FREE_RIDER, HUMP, OTHER)  # the codes in order, 0 to 3


def draw_types(rng: np.random.Generator, n: int, p: Params) -> np.ndarray:
    """Assign cooperation types: about 50% conditional, 33% free riders, 14% hump-shaped, rest other [S]."""
    shares = np.array([p.cooperator_share, p.free_rider_share, p.hump_share])
    shares = np.append(shares, max(0.0, 1.0 - shares.sum()))
    return rng.choice(4, size=n, p=shares / shares.sum())


def willingness(types: np.ndarray, others_share: np.ndarray, trust_gate: np.ndarray, p: Params) -> np.ndarray:
    """Share of capacity a partner is willing to give, before clipping, by cooperation type.

    Conditional: γ + s·T̄·r̄₋ᵢ;  hump-shaped: γ + 2s·T̄·min(r̄₋ᵢ, 1 − r̄₋ᵢ);  free rider: 0;
    other: γ (unconditional). Type shapes: Fischbacher, Gächter & Fehr 2001 [S];
    the commitment γ and the trust gate T̄ are [A].
    """
    matched = p.cooperation_slope * trust_gate * others_share
    hump = 2.0 * p.cooperation_slope * trust_gate * np.minimum(others_share, 1.0 - others_share)
    by_type = {CONDITIONAL: p.commitment + matched, FREE_RIDER: 0.0, HUMP: p.commitment + hump, OTHER: p.commitment}
    return np.choose(types, [by_type[code] for code in TYPES])


@rule("contribution", "conditional")
def conditional_contribution(
    capacity: np.ndarray,
    types: np.ndarray,
    others_share: np.ndarray,
    mean_trust: np.ndarray,
    common_ground: np.ndarray,
    pressure: np.ndarray,
    p: Params,
) -> np.ndarray:
    """Contribution x_i = e_i·clip(γ_i + s_i·T̄_i·x̄₋ᵢ/e + b_CG·CḠ_i + r_S·pressure_i, 0, 1).

    Imperfect conditional cooperation (Fischbacher, Gächter & Fehr 2001 [S]);
    trust gating, the common-ground bonus (not for free riders) and the response to
    sanctions pressure (direction: Fehr & Gächter 2002 [S]) are [A].
    """
    share = willingness(types, others_share, mean_trust, p)
    bonus = np.where(types == FREE_RIDER, 0.0, p.common_ground_bonus * common_ground)  # free riders give nothing
    return capacity * (share + bonus + p.sanction_response * pressure).clip(0.0, 1.0)


@rule("contribution", "unconditional")
def unconditional_contribution(
    capacity: np.ndarray,
    types: np.ndarray,
    others_share: np.ndarray,
    mean_trust: np.ndarray,
    common_ground: np.ndarray,
    pressure: np.ndarray,
    p: Params,
) -> np.ndarray:
    """Alternative: every partner gives its commitment share γ, whatever others do [A]."""
    return capacity * np.clip(p.commitment + p.sanction_response * pressure, 0.0, 1.0)


@rule("pledge", "norm_floor")
def norm_floor_pledge(
    capacity: np.ndarray,
    types: np.ndarray,
    others_share: np.ndarray,
    mean_trust: np.ndarray,
    common_ground: np.ndarray,
    p: Params,
) -> np.ndarray:
    """Pledge at the forum: π_i = e_i·max(norm, willingness_i(others' last shares) + b_CG·CḠ_i).

    Partners announce what they intend, but never less than the forum's cheap-talk
    norm; free riders therefore pledge the norm and deliver nothing [A].
    """
    share = willingness(types, others_share, mean_trust, p) + p.common_ground_bonus * common_ground
    return capacity * np.maximum(p.pledge_norm, share).clip(0.0, 1.0)
