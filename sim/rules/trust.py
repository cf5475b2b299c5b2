"""Trust between partners: the promise-keeping signal and the two-layer trust update."""

from __future__ import annotations

import numpy as np

from hsbp.sim.registry import rule


def promise_signal(delivered: np.ndarray, pledged: np.ndarray, sensitivity: float, tolerance: float) -> np.ndarray:
    """Promise-keeping signal of each partner j: s_j = tanh(κ_s·(x_j − (1 − ν)·π_j) / max(ε, π_j)).

    docs/MODEL.md §4 (Pant & Yu 2025 [S]) reads s = tanh(κ_s·(x − π)/π); there a promise kept
    exactly sends no signal and trust could never grow. The tolerance ν [A] makes
    delivering at least (1 − ν) of a pledge read as good faith (positive signal).
    """
    return np.tanh(sensitivity * (delivered - (1.0 - tolerance) * pledged) / np.maximum(1e-9, pledged))


@rule("trust", "asymmetric")
def asymmetric_trust(
    trust: np.ndarray, damage: np.ndarray, signal: np.ndarray, observed: np.ndarray, p
) -> tuple[np.ndarray, np.ndarray]:
    """Two-layer trust update: slow to build, quick to lose, capped by past damage.

    ΔT = λ₊·s·(1 − T)·(1 − R) if s > 0, else λ₋·s·T with λ₋ = (λ₋/λ₊)·λ₊;
    R ← min(1, (1 − δ_R)·R + μ·max(0, −s)).
    Source: Pant & Yu 2025 [S]; asymmetry: Slovic 1993 [S]; λ₋/λ₊ = 3 model-derived.
    Only observed pairs (`observed` True) change.
    """
    gain, loss = p.trust_gain, p.trust_gain * p.trust_loss_ratio
    s = np.where(observed, signal, 0.0)
    delta = np.where(s > 0, gain * s * (1 - trust) * (1 - damage), loss * s * trust)
    trust = (trust + delta).clip(0.0, 1.0)
    damage = np.where(
        observed, np.minimum(1.0, (1 - p.damage_decay) * damage + p.damage_rate * np.maximum(0.0, -s)), damage
    )
    return trust, damage


@rule("trust", "symmetric")
def symmetric_trust(
    trust: np.ndarray, damage: np.ndarray, signal: np.ndarray, observed: np.ndarray, p
) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric alternative: ΔT = λ₊·s·(1 − T) if s > 0, else λ₊·s·T; no damage layer.

    The null hypothesis to the asymmetric rule (no negativity bias, Slovic 1993 [S]) [A].
    """
    s = np.where(observed, signal, 0.0)
    delta = np.where(s > 0, p.trust_gain * s * (1 - trust), p.trust_gain * s * trust)
    return (trust + delta).clip(0.0, 1.0), damage


@rule("licence_channels", "moffat_zhang")
def moffat_zhang_channels(
    trust_in_company: np.ndarray, fairness: np.ndarray, contact: np.ndarray, impact: float, p
) -> np.ndarray:
    """Community trust in the company through the social-licence channels.

    T_cK += γ_PF·(PF_c − T_cK) + γ_CQ·(CQ_cK − T_cK) − γ_I·Impact, γ_PF > γ_CQ > 0.
    Ordering: Moffat & Zhang 2014 [S] (fairness strongest, contact quality next,
    contact quantity none); weights [A].
    """
    t = trust_in_company
    t = t + p.fairness_weight * (fairness - t) + p.contact_weight * (contact - t) - p.impact_weight * impact
    return t.clip(0.0, 1.0)


@rule("legitimacy_channel", "procedural_justice")
def procedural_justice(trust_in_government: np.ndarray, fairness: np.ndarray, p) -> np.ndarray:
    """Communities' trust in the government through the forum's procedural fairness: T_cG += γ_PF·(PF_c − T_cG).

    Procedural justice builds the legitimacy of authorities (Tyler 2006, Annual Review of Psychology 57:375
    [S]); the forum the government sits in is such a procedure. The pull is the fairness weight γ_PF of the
    licence channels [A]. Applied while the partnership stands, to the communities that attended its latest
    forum, so inclusivity (through PF = min(1, w·n)·responsiveness) reaches government legitimacy.
    """
    return (trust_in_government + p.fairness_weight * (fairness - trust_in_government)).clip(0.0, 1.0)


@rule("legitimacy_channel", "none")
def no_legitimacy_channel(trust_in_government: np.ndarray, fairness: np.ndarray, p) -> np.ndarray:
    """Alternative: the forum's procedure does not move communities' trust in the government [A]."""
    return trust_in_government


@rule("licence_channels", "none")
def no_licence_channels(
    trust_in_company: np.ndarray, fairness: np.ndarray, contact: np.ndarray, impact: float, p
) -> np.ndarray:
    """Alternative: forum process does not move community trust in the company [A]."""
    return trust_in_company
