"""Graduated sanctions, and antisocial sanctions where rule of law is weak."""

from __future__ import annotations

import numpy as np

from sim.params import Params
from sim.registry import rule

BROKEN = -0.3  # a signal below this reads as a broken promise worth sanctioning [A]


@rule("sanctions", "graduated")
def graduated_sanctions(
    rng: np.random.Generator, signal: np.ndarray, observed: np.ndarray, pressure: np.ndarray, p: Params
) -> tuple[np.ndarray, np.ndarray]:
    """Graduated sanctions with an antisocial share; returns (new pressure, counter-signal).

    Each observer i sanctions each partner j whose signal s_ij < −0.3 (Ostrom principle 5;
    Fehr & Gächter 2002 [S]). The target's pressure rises by the severity, so repeated
    breaches escalate (graduated). With probability antisocial_max·(1 − rule of law)
    a sanction is antisocial instead (Herrmann, Thöni & Gächter 2008 [S]): it hits a
    partner who kept its promise, lowers that partner's pressure (it cuts back) and
    reads to the target as a negative signal about the sanctioner. Pressure halves
    each month [A]. With the lever off nothing happens.
    """
    counter = np.zeros_like(signal)
    pressure = 0.5 * pressure
    if not p.sanctions:
        return pressure, counter
    antisocial_p = p.antisocial_max * (1.0 - p.rule_of_law)
    antisocial = rng.random(signal.shape) < antisocial_p
    punish = observed & (signal < BROKEN) & ~antisocial
    spite = observed & (signal > 0) & antisocial
    pressure = pressure + p.sanction_severity * punish.sum(axis=0) - p.sanction_severity * spite.sum(axis=0)
    counter = np.where(spite.T, -p.sanction_severity, 0.0)
    return np.clip(pressure, -1.0, 1.0), counter


@rule("sanctions", "none")
def no_sanctions(
    rng: np.random.Generator, signal: np.ndarray, observed: np.ndarray, pressure: np.ndarray, p: Params
) -> tuple[np.ndarray, np.ndarray]:
    """Alternative: sanctions never happen, whatever the lever says [A]."""
    return np.zeros_like(pressure), np.zeros_like(signal)
