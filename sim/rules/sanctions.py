"""Graduated sanctions, and antisocial sanctions (revenge) where rule of law is weak.

The rule is built from two plain functions that the laboratory mode (`hsbp.sim.laboratory`) also
calls: `sanction_acts` (who sanctions whom) and `apply_sanctions` (what the sanctions do).
Both work on one partnership (`signal` of shape (n, n)) or on a stack of groups (shape
(..., n, n)); `[..., i, j]` is i's view of j.
"""

from __future__ import annotations

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule

BROKEN = -0.3  # a signal below this reads as a broken promise worth sanctioning [A]


def sanction_acts(
    rng: np.random.Generator, signal: np.ndarray, observed: np.ndarray, pressure: np.ndarray, p: Params
) -> tuple[np.ndarray, np.ndarray]:
    """Who sanctions whom this month: boolean (punish, spite), `[..., i, j]` True when i sanctions j.

    Punishment: i sanctions every observed partner j whose signal s_ij < −0.3, a broken promise
    (Ostrom principle 5; Fehr & Gächter 2002 [S]; the threshold is [A]).
    Antisocial sanctions are revenge (Herrmann, Thöni & Gächter 2008 [S]: partners punished for
    giving too little retaliate against the cooperators, who are the likeliest punishers): a partner
    under sanctions pressure P_i > 0 hits each observed partner who kept its promise (s_ij > 0) with
    probability antisocial_max·(1 − rule of law) [S, direction; value A]. The grudge lasts while its
    pressure stays positive: pressure fades geometrically (memory m_S), so a grudge outlasts the
    deterrence and ends only when antisocial sanctions received offset it (antisocial punishment
    persists through the weak-law sessions of Herrmann et al.) [A].
    """
    punish = observed & (signal < BROKEN)
    revenge_p = p.antisocial_max * (1.0 - p.rule_of_law)
    vengeful = (pressure > 0)[..., :, None]  # row i: i was sanctioned and still bears a grudge
    spite = observed & (signal > 0) & vengeful & (rng.random(signal.shape) < revenge_p)
    return punish, spite


def apply_sanctions(
    pressure: np.ndarray, punish: np.ndarray, spite: np.ndarray, p: Params
) -> tuple[np.ndarray, np.ndarray]:
    """What sanctions do; returns (new pressure, counter-signal).

    P_j ← clip(m_S·P_j + sev·(#punishers of j − #spiters of j), −1, 1): pressure carries over with
    memory m_S (deterrence outlasts the sanction: under punishment contributions stay high while
    punishment grows rarer, Fehr & Gächter 2002 [S, direction]; m_S [A]), and repeated breaches
    escalate (graduated, Ostrom principle 5 [S]). An antisocial sanction lowers its target's
    pressure (it cuts back) and reads to the target as a signal −sev about the sanctioner
    (counter[..., j, i] = −sev) [A].
    """
    received = punish.sum(axis=-2) - spite.sum(axis=-2)  # sanctions each target j received
    pressure = np.clip(p.sanction_memory * pressure + p.sanction_severity * received, -1.0, 1.0)
    counter = np.where(np.swapaxes(spite, -1, -2), -p.sanction_severity, 0.0)
    return pressure, counter


@rule("sanctions", "graduated")
def graduated_sanctions(
    rng: np.random.Generator, signal: np.ndarray, observed: np.ndarray, pressure: np.ndarray, p: Params
) -> tuple[np.ndarray, np.ndarray]:
    """Graduated sanctions with revenge where rule of law is weak; returns (new pressure, counter-signal).

    Acts (`sanction_acts`): i punishes j when s_ij < −0.3 (Ostrom principle 5; Fehr & Gächter
    2002 [S]); a partner under pressure P_i > 0 (a grudge) takes revenge on each j with s_ij > 0
    with probability antisocial_max·(1 − rule of law) (Herrmann, Thöni & Gächter 2008 [S]).
    Effects (`apply_sanctions`): P_j ← clip(m_S·P_j + sev·(punishers − spiters), −1, 1) [A];
    an antisocial sanction reads to its target as the signal −sev about the sanctioner.
    With the lever off pressure only fades (P ← m_S·P) and nobody sanctions.
    """
    if not p.sanctions:
        return p.sanction_memory * pressure, np.zeros_like(signal)
    punish, spite = sanction_acts(rng, signal, observed, pressure, p)
    return apply_sanctions(pressure, punish, spite, p)


@rule("sanctions", "none")
def no_sanctions(
    rng: np.random.Generator, signal: np.ndarray, observed: np.ndarray, pressure: np.ndarray, p: Params
) -> tuple[np.ndarray, np.ndarray]:
    """Alternative: sanctions never happen, whatever the lever says [A]."""
    return np.zeros_like(pressure), np.zeros_like(signal)
