"""What every partner organisation has: relational state, risk profile, power, budget, membership.

Relational state lives in the model's partner-by-partner arrays (row `index` is this
partner's view of the others), so that monthly updates are vectorised; each agent
reads and names its own slice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

if TYPE_CHECKING:
    from hsbp.sim.model import PartnershipModel


class Partner(mesa.Agent):
    """A partner organisation; subclasses say which kind."""

    kind: str = "partner"
    model: PartnershipModel

    def __init__(self, model: PartnershipModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def trust(self) -> np.ndarray:
        """T_ij: this partner's trust in each partner j (0-1)."""
        return self.model.state.trust[self.index]

    @property
    def damage(self) -> np.ndarray:
        """R_ij: reputation damage this partner holds against each partner j (0-1)."""
        return self.model.state.damage[self.index]

    @property
    def risk_profile(self) -> np.ndarray:
        """ρ_i: exposure over the shared risk taxonomy (sums to 1)."""
        return self.model.state.profile[self.index]

    @property
    def power(self) -> float:
        """p_i: relative power (budget, access)."""
        return float(self.model.state.power[self.index])

    @property
    def budget(self) -> float:
        """e_i: monthly capacity to contribute, US$ k."""
        return float(self.model.state.capacity[self.index])

    @property
    def pledge(self) -> float:
        """π_i: contribution announced at the last forum, US$ k per month."""
        return float(self.model.state.pledge[self.index])

    @property
    def contribution(self) -> float:
        """x_i: this month's contribution, US$ k."""
        return float(self.model.state.contribution[self.index])

    @property
    def cooperation_type(self) -> int:
        """Fischbacher type code (see sim.rules.contribution)."""
        return int(self.model.state.cooperation[self.index])

    @property
    def is_member(self) -> bool:
        """Whether this partner is still in the partnership."""
        return bool(self.model.state.member[self.index])

    @property
    def shortfall(self) -> float:
        """How far this partner's smoothed payoff inside falls short of its outside option, less its margin, in
        its own terms (months of budget for a company, index points for the others); > 0 is a reason to leave."""
        return float(self.model.state.shortfall[self.index])
