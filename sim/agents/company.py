"""The company: most power, the largest budget, and the most to lose from disruption."""

from __future__ import annotations

import numpy as np

from hsbp.sim.agents.base import Partner


class Company(Partner):
    """A company operating in the municipality (docs/MODEL.md §2)."""

    kind = "company"

    @property
    def licence_levels(self) -> np.ndarray:
        """Social-licence level each community grants (0 withdrawal ... 3 identification)."""
        return self.model.state.licence_level

    @property
    def disruption_days(self) -> float:
        """Days of disrupted operations this month."""
        return float(self.model.state.disruption_days)

    @property
    def disruption_cost(self) -> float:
        """Operating value lost to blockades so far, US$ k (all companies together)."""
        return float(self.model.counters["disruption_cost"])

    @property
    def belief_outside(self) -> float:
        """b_K: the conflict cost a month the company believes it would bear outside the partnership, US$ k."""
        return float(self.model.state.belief_outside[self.index])

    @property
    def time_horizon(self) -> float:
        """Months over which the company updates its belief of the outside option."""
        return self.model.params.value_memory
