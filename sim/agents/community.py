"""Community organisations and the residents they represent (numpy arrays, not agents)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.agents.base import Partner


@dataclass
class Residents:
    """All residents of all communities as arrays shaped (communities, residents, ...).

    h: human security over the seven dimensions (0-1); services: each resident's baseline
    access to services (monthly gain); risk_aversion ~ U(0, 1); state: quiet/active/jailed;
    jail: months left in jail. Updated in vectorised form (DESIGN.md decision 5).
    """

    h: np.ndarray
    services: np.ndarray
    risk_aversion: np.ndarray
    state: np.ndarray
    jail: np.ndarray

    def index(self) -> np.ndarray:
        """Each resident's human-security index: geometric mean over the seven dimensions."""
        return np.exp(np.log(np.maximum(self.h, 1e-6)).mean(axis=2))


class Community(Partner):
    """A community organisation and its residents (MODEL.md §2)."""

    kind = "community"

    def __init__(self, model, index: int, slot: int) -> None:
        super().__init__(model, index)
        self.slot = slot  # position among communities, the first axis of the resident arrays

    @property
    def human_security(self) -> np.ndarray:
        """h of this community's residents, shape (residents, 7)."""
        return self.model.residents.h[self.slot]

    @property
    def hardship(self) -> np.ndarray:
        """H = 1 - HSI of each resident."""
        return 1.0 - self.model.residents.index()[self.slot]

    @property
    def risk_aversion(self) -> np.ndarray:
        """Residents' risk aversion."""
        return self.model.residents.risk_aversion[self.slot]

    @property
    def activity(self) -> np.ndarray:
        """Residents' activity state: 0 quiet, 1 active, 2 jailed."""
        return self.model.residents.state[self.slot]

    @property
    def acceptance(self) -> float:
        """A_c: acceptance of the company (social licence)."""
        return float(self.model.state.acceptance[self.slot])

    @property
    def licence_level(self) -> int:
        """Social-licence level granted: 0 withdrawal ... 3 identification."""
        return int(self.model.state.licence_level[self.slot])
