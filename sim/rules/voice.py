"""Voice, forum decisions, procedural fairness and contact quality."""

from __future__ import annotations

import math

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule


@rule("voice", "interpolated")
def interpolated_voice(power: np.ndarray, present: np.ndarray, p: Params) -> np.ndarray:
    """Voice between power-weighted and equal: w_i = (1 − ι)·p_i/Σp + ι/n over present partners.

    Arnstein 1969 ladder from consultation (ι = 0) to delegated power (ι = 1);
    HSBP framework: local people have an equal voice [S].
    """
    n = present.sum()
    if n == 0:
        return np.zeros_like(power)
    weights = np.where(present, power, 0.0)
    total = weights.sum()
    share = weights / total if total > 0 else present / n
    return np.where(present, (1 - p.inclusivity) * share + p.inclusivity / n, 0.0)


@rule("voice", "power_weighted")
def power_weighted_voice(power: np.ndarray, present: np.ndarray, p: Params) -> np.ndarray:
    """Alternative: voice proportional to power whatever the inclusivity lever, w_i = p_i/Σp [A]."""
    weights = np.where(present, power, 0.0)
    total = weights.sum()
    return weights / total if total > 0 else weights


@rule("decision", "quorum")
def quorum_decision(
    voice: np.ndarray, utility: np.ndarray, present: np.ndarray, p: Params
) -> tuple[int, bool, np.ndarray]:
    """Pick k* = argmax_k Σ_i w_i·U_i(k); adopt it if the voice share with U_i(k*) > 0 reaches q.

    Returns (k*, adopted, acceptability_i), acceptability_i = (U_i(k*) − min U_i)/(max U_i − min U_i),
    as in the collaborative-forum simulations of Choi & Robertson 2014 [S].
    """
    score = voice @ utility
    best = int(score.argmax())
    gains = utility[:, best] > 0
    support = float(voice[gains & present].sum()) / max(float(voice[present].sum()), 1e-12)
    adopted = support >= p.quorum - 0.005  # quorum levels are two-decimal labels: 0.67 means two thirds
    low, high = utility.min(axis=1), utility.max(axis=1)
    acceptability = np.where(high > low, (utility[:, best] - low) / np.maximum(high - low, 1e-12), 1.0)
    return best, bool(adopted), acceptability


@rule("procedural_fairness", "voice_times_response")
def procedural_fairness(voice: np.ndarray, responsiveness: np.ndarray, present: np.ndarray, p: Params) -> np.ndarray:
    """Procedural fairness felt by each partner: PF_i = min(1, w_i·n) × responsiveness_i.

    docs/MODEL.md §4; fairness is the strongest path to trust (Moffat & Zhang 2014) [S]; form [A].
    """
    n = max(int(present.sum()), 1)
    return np.minimum(1.0, voice * n) * responsiveness


def grievance_answer(latency_months: float) -> float:
    """Value of an unmet priority answered by the grievance mechanism: exp(−latency/3) [A].

    Ostrom 1990 principle 6 (fast, low-cost conflict resolution) [S]; the 3-month scale is [A].
    """
    return math.exp(-latency_months / 3.0)


def effective_facilitation(p: Params) -> float:
    """What facilitation capacity f achieves: φ(f) = (1 − e^(−f/f_s)) / (1 − e^(−1/f_s)), so φ(0) = 0, φ(1) = 1.

    The effect of facilitation saturates at fairly low facilitation (Bahr & Nakagawa 2017 [S, shape]):
    the first of it sets ground rules, convenes neutrally and translates between partners, and more adds
    little. The exponential form and the scale f_s are [A]; f_s → ∞ gives the linear φ(f) = f.
    Everywhere the model uses facilitation (contact quality, observation noise, attendance cost) it uses φ(f).
    """
    scale = p.facilitation_scale
    return -math.expm1(-p.facilitation / scale) / -math.expm1(-1.0 / scale)


@rule("contact_quality", "facilitated")
def contact_quality(attended: np.ndarray, violent_disruption: float, p: Params) -> np.ndarray:
    """Contact quality between partners: CQ_ij = φ(f) × attendance overlap_ij × (1 − violent disruption).

    φ(f) is the saturating effect of facilitation (`effective_facilitation`; Bahr & Nakagawa 2017 [S,
    shape]; docs/MODEL.md §4 writes f). Meeting frequency acts on trust only through CQ: contact quantity
    has no direct effect (Moffat & Zhang 2014) [S]; form [A].
    """
    overlap = attended[:, None] & attended[None, :]
    return effective_facilitation(p) * overlap * (1.0 - violent_disruption)
