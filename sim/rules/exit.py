"""Partners leaving, and the partnership dissolving."""

from __future__ import annotations

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule


@rule("exit", "threshold")
def threshold_exit(
    value: np.ndarray,
    expected_disruption: np.ndarray,
    mean_trust: np.ndarray,
    capacity: np.ndarray,
    strikes: np.ndarray,
    month: int,
    p: Params,
) -> tuple[np.ndarray, np.ndarray]:
    """A partner leaves when its net value V_i < V_min = −tolerance·e_i or its mean trust
    T̄_i < T_min for m_exit consecutive months, after a grace period; returns (leaves, strikes).

    The company also leaves when its expected disruption cost E_D exceeds what the
    partnership is worth to it before disruption, E_V = V + E_D (avoided loss plus benefits
    less contribution): docs/MODEL.md §4, Franks et al. 2014 [S]. Only companies bear
    disruption (E_D = 0 for the others). Thresholds [A].
    """
    disrupted = (expected_disruption > 0) & (expected_disruption > value + expected_disruption)
    unhappy = (value < -p.exit_tolerance * np.maximum(capacity, 1e-9)) | (mean_trust < p.exit_trust) | disrupted
    strikes = np.where(unhappy, strikes + 1, 0)
    leaves = (strikes >= p.exit_patience) & (month > p.exit_grace)
    return leaves, strikes


@rule("exit", "never")
def never_exit(
    value: np.ndarray,
    expected_disruption: np.ndarray,
    mean_trust: np.ndarray,
    capacity: np.ndarray,
    strikes: np.ndarray,
    month: int,
    p: Params,
) -> tuple[np.ndarray, np.ndarray]:
    """Alternative: partners stay whatever happens (an upper bound on durability) [A]."""
    return np.zeros(value.shape, dtype=bool), strikes


def dissolved(companies_left: bool, government_left: bool, communities_left: int, communities: int) -> bool:
    """The partnership dissolves if every company or the government leaves, or more than half
    of the community organisations do (docs/MODEL.md §4 [A]; with several companies, all must leave).
    """
    return companies_left or government_left or communities_left > communities / 2
