"""The local government: legitimacy, protective presence, service capacity, leakage."""

from __future__ import annotations

from hsbp.sim.agents.base import Partner


class Government(Partner):
    """The municipal government (docs/MODEL.md §2); turns over every `turnover_period` months."""

    kind = "government"

    @property
    def legitimacy(self) -> float:
        """L_G: mean trust of community organisations in the government."""
        return self.model.government_legitimacy()

    @property
    def protective_presence(self) -> float:
        """s: police and protective presence per resident."""
        return self.model.params.protective_presence

    @property
    def leakage(self) -> float:
        """λ: share of funds lost without transparency."""
        return self.model.params.leakage
