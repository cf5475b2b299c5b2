"""Partners leaving, and the partnership dissolving."""

from __future__ import annotations

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule

STAYED, OUTSIDE_OPTION, LOST_TRUST = 0, 1, 2
REASONS = {OUTSIDE_OPTION: "outside option", LOST_TRUST: "lost trust"}


@rule("exit", "outside_option")
def outside_option_exit(
    shortfall: np.ndarray,
    mean_trust: np.ndarray,
    strikes: np.ndarray,
    patience: np.ndarray,
    month: int,
    p: Params,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A partner leaves after `patience` consecutive months with a reason to leave; returns (leaves, strikes, reason).

    A month counts a strike when the partner's smoothed payoff inside falls short of its belief of its
    payoff outside by more than its margin (`shortfall` > 0: the model measures it in each partner's own
    terms, docs/MODEL.md §4 Exit) or when its mean trust in the other members is below T_min. Strikes reset
    to zero in any month with no reason, and nothing is counted during the grace period, so exits cannot
    pile up in the first month after it. The reason recorded is the one that held in the month of leaving
    (the outside option when both held). Partners differ in patience (each partner's own number of months,
    drawn at the start around m_exit), so partners with the same grievance do not all leave in the same
    month. Form and thresholds [A].
    """
    poor = shortfall > 0
    distrust = mean_trust < p.exit_trust
    counting = month > p.exit_grace
    strikes = np.where(counting & (poor | distrust), strikes + 1, 0)
    leaves = strikes >= patience
    reason = np.where(leaves, np.where(poor, OUTSIDE_OPTION, LOST_TRUST), STAYED)
    return leaves, strikes, reason


@rule("exit", "never")
def never_exit(
    shortfall: np.ndarray,
    mean_trust: np.ndarray,
    strikes: np.ndarray,
    patience: np.ndarray,
    month: int,
    p: Params,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Alternative: partners stay whatever happens (an upper bound on durability) [A]."""
    stay = np.zeros(shortfall.shape, dtype=bool)
    return stay, strikes, np.zeros(shortfall.shape, dtype=int)


def draw_patience(rng: np.random.Generator, n: int, p: Params) -> np.ndarray:
    """Each partner's patience: months of consecutive reasons it tolerates, uniform on 1 … 2·m_exit − 1
    (mean m_exit) [A]."""
    return rng.integers(1, 2 * p.exit_patience, size=n)


def dissolved(companies_left: bool, government_left: bool, communities_left: int, communities: int) -> bool:
    """The partnership dissolves if every company or the government leaves, or more than half
    of the community organisations do (docs/MODEL.md §4 [A]; with several companies, all must leave).
    """
    return companies_left or government_left or communities_left > communities / 2
