"""The partnership's state arrays, indexed by partner (rows of the relational matrices)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class PartnershipState:
    """Everything about the organisations that changes month by month.

    Partners are ordered companies, government, NGO, communities; `companies`,
    `government`, `ngo` and `communities` hold their indices (`company_slice` and
    `community_slice` the same as slices, for cheap views).
    """

    companies: np.ndarray
    government: int
    ngo: int
    communities: np.ndarray
    trust: np.ndarray  # T_ij, i's trust in j
    damage: np.ndarray  # R_ij
    understanding: np.ndarray  # κ_ij, symmetric
    profile: np.ndarray  # ρ_ik over the risk taxonomy
    power: np.ndarray
    capacity: np.ndarray  # e_i, US$ k per month
    loss_scale: np.ndarray  # losses at full hazard, US$ k per month
    cooperation: np.ndarray  # Fischbacher type
    member: np.ndarray
    pledge: np.ndarray = field(init=False)
    contribution: np.ndarray = field(init=False)
    share_last: np.ndarray = field(init=False)  # x_i/e_i last month
    contribution_avg: np.ndarray = field(init=False)  # pooling weights ω
    pressure: np.ndarray = field(init=False)  # sanctions pressure
    responsiveness: np.ndarray = field(init=False)
    fairness: np.ndarray = field(init=False)  # PF_i at the last forum
    acceptability: np.ndarray = field(init=False)  # at the last forum
    loss: np.ndarray = field(init=False)  # ℓ'_i: this month's shock loss after pooling, US$ k
    payoff_inside: np.ndarray = field(init=False)  # the company's smoothed conflict cost inside, US$ k a month
    belief_outside: np.ndarray = field(init=False)  # b_K: the company's belief of that cost outside
    gap: np.ndarray = field(init=False)  # others' smoothed payoff inside − outside (index points)
    shortfall: np.ndarray = field(init=False)  # > 0: a reason to leave this month (own terms, less margin)
    strikes: np.ndarray = field(init=False)
    benefit_total: np.ndarray = field(init=False)  # cumulative benefits received, US$ k
    contribution_total: np.ndarray = field(init=False)
    acceptance: np.ndarray = field(init=False)  # per community
    licence_level: np.ndarray = field(init=False)
    institutional_months: np.ndarray = field(init=False)
    distributional_fairness: np.ndarray = field(init=False)
    blockading: np.ndarray = field(init=False)
    disruption_days: float = 0.0

    def __post_init__(self) -> None:
        n, c = len(self.power), len(self.communities)
        # Fixed for the run (not state): masks and slices the monthly updates reuse.
        self.off_diagonal: np.ndarray = ~np.eye(n, dtype=bool)  # (n, n), True for every pair i ≠ j
        self.is_community: np.ndarray = np.zeros(n, dtype=bool)
        self.is_community[self.communities] = True
        self.company_slice: slice = _as_slice(self.companies)
        self.community_slice: slice = _as_slice(self.communities)
        for name in (
            "pledge",
            "contribution",
            "share_last",
            "contribution_avg",
            "pressure",
            "fairness",
            "loss",
            "payoff_inside",
            "belief_outside",
            "gap",
            "shortfall",
            "benefit_total",
            "contribution_total",
        ):
            setattr(self, name, np.zeros(n))
        self.responsiveness = np.full(n, 0.5)
        self.acceptability = np.full(n, 0.5)
        self.strikes = np.zeros(n, dtype=int)
        self.acceptance = np.zeros(c)
        self.licence_level = np.zeros(c, dtype=int)
        self.institutional_months = np.zeros(c, dtype=int)
        self.distributional_fairness = np.zeros(c)
        self.blockading = np.zeros(c, dtype=bool)

    @property
    def size(self) -> int:
        """Number of partners."""
        return len(self.power)

    def mean_trust(self) -> np.ndarray:
        """T̄_i: each partner's mean trust in the other members (0 if none)."""
        others = self.member & self.off_diagonal
        count = others.sum(axis=1)
        return np.where(count > 0, (self.trust * others).sum(axis=1) / np.maximum(count, 1), 0.0)


def _as_slice(indices: np.ndarray) -> slice:
    """The slice selecting consecutive `indices` (partners of one kind are contiguous)."""
    start = int(indices[0]) if len(indices) else 0
    if not np.array_equal(indices, np.arange(start, start + len(indices))):
        raise ValueError(f"partner indices must be consecutive, got {indices.tolist()}")
    return slice(start, start + len(indices))
