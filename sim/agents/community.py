"""Community organisations and the residents they represent (numpy arrays, not agents)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from hsbp.sim.agents.base import Partner

INDEX_FLOOR = 1e-6  # each dimension counts as at least this in the geometric mean (keeps the index above 0)


@dataclass
class Residents:
    """All residents of all communities as arrays.

    h: human security over the seven dimensions (0-1), shaped (communities, 7, residents) so
    that each dimension of a community is one contiguous row; services: each resident's
    baseline access to services (monthly gain), shaped like h; risk_aversion ~ U(0, 1),
    state (quiet/active/jailed) and jail (months left in jail), shaped (communities, residents).
    Updated in vectorised form (docs/DESIGN.md decision 5).

    `index()` and `dimension_means()` are computed once and cached: whoever changes `h`
    (in place or by assigning it) must call `h_changed()` afterwards.
    """

    h: np.ndarray
    services: np.ndarray
    risk_aversion: np.ndarray
    state: np.ndarray
    jail: np.ndarray
    _index: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)
    _dimension_means: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def h_changed(self) -> None:
        """Forget the cached index and dimension means; call after every change to `h`."""
        self._index = None
        self._dimension_means = None

    def index(self) -> np.ndarray:
        """Each resident's human-security index, shape (communities, residents), read-only.

        HSI = (Π_d max(h_d, 10⁻⁶))^(1/7), the geometric mean over the seven dimensions.
        """
        if self._index is None:
            h = self.h
            if h.min() < INDEX_FLOOR:
                h = np.maximum(h, INDEX_FLOOR)
            # exp(log(Π_d h_d)/7): one log per resident instead of one per dimension.
            index = np.multiply.reduce(h, axis=1)
            np.log(index, out=index)
            index *= 1.0 / h.shape[1]
            np.exp(index, out=index)
            index.flags.writeable = False
            self._index = index
        return self._index

    def dimension_means(self) -> np.ndarray:
        """Mean h of each community's residents on each dimension, shape (communities, 7), read-only."""
        if self._dimension_means is None:
            means = self.h.sum(axis=2) / self.h.shape[2]
            means.flags.writeable = False
            self._dimension_means = means
        return self._dimension_means


class Community(Partner):
    """A community organisation and its residents (docs/MODEL.md §2)."""

    kind = "community"

    def __init__(self, model, index: int, slot: int) -> None:
        super().__init__(model, index)
        self.slot = slot  # position among communities, the first axis of the resident arrays

    @property
    def human_security(self) -> np.ndarray:
        """h of this community's residents, shape (residents, 7) (a view of the model's array)."""
        return self.model.residents.h[self.slot].T

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
