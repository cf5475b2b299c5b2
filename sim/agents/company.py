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
        """Cumulative disruption cost, US$ m."""
        return float(self.model.state.disruption_cost_total[self.index])

    @property
    def time_horizon(self) -> float:
        """Months over which the company averages the partnership's value."""
        return self.model.params.value_memory
