"""The NGO facilitator: convenes the forum and carries facilitation capacity."""

from __future__ import annotations

from hsbp.sim.agents.base import Partner


class NGO(Partner):
    """The NGO or facilitator (docs/MODEL.md §2)."""

    kind = "ngo"

    @property
    def facilitation(self) -> float:
        """f: facilitation capacity (design lever)."""
        return self.model.params.facilitation

    @property
    def legitimacy_with_communities(self) -> float:
        """Mean trust of community organisations in the NGO."""
        state = self.model.state
        return float(state.trust[state.communities, self.index].mean())
