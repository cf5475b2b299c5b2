"""The dashboard's model: one or two partnership designs on the same site and seed, month by month.

Each browser session drives one `DesignComparison`. It holds design A (and, when comparing,
design B) as `PartnershipModel`s built from the same scenario, the same context values and
the same seed (common random numbers), so any difference between their series comes from
the levers alone. The monthly series are read from each design's own DataCollector, by the
names of `hsbp.sim.measures.SERIES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mesa
import numpy as np

from hsbp.sim.model import PartnershipModel
from hsbp.sim.params import BY_NAME, Kind
from hsbp.sim.scenario import Scenario, load_scenario

DESIGN_B = "b."  # prefix of design B's lever values among the keyword arguments (b.inclusivity=0.9)


class DesignComparison(mesa.Model):
    """Design A, and when comparing design B, of one partnership on one site and seed.

    Args:
        scenario_name: a shipped scenario name (see `hsbp scenarios`) or a path to a scenario file.
        seed: the seed both designs use.
        compare: whether design B runs beside design A.
        **values: context and lever values by catalogue name (design A's levers, and the
            context both designs share), and design B's levers as `b.<lever>`. Anything not
            given keeps the scenario's value.

    Raises:
        ValueError: for a name that is not a context or lever parameter of the catalogue
            (`ScenarioError`, a ValueError, for a value the catalogue does not allow).
    """

    def __init__(self, scenario_name: str = "tumaco", seed: int = 0, compare: bool = False, **values: Any) -> None:
        super().__init__(rng=seed)
        self.seed = seed
        self.compare = compare
        self.setting: Scenario = load_scenario(scenario_name)
        shared, levers_a, levers_b = split_values(values)
        self.designs: dict[str, PartnershipModel] = {
            "A": PartnershipModel(self.setting.with_overrides({**shared, **levers_a}, origin="design A"), rng=seed)
        }
        if compare:
            self.designs["B"] = PartnershipModel(
                self.setting.with_overrides({**shared, **levers_b}, origin="design B"), rng=seed
            )

    @property
    def month(self) -> int:
        """Months simulated so far."""
        return max(design.month for design in self.designs.values())

    @property
    def horizon(self) -> int:
        """The month the run ends at (the scenario's horizon)."""
        return max(design.params.horizon_months for design in self.designs.values())

    def step(self) -> None:
        """One month of every design that has not reached its horizon or stopped itself."""
        for design in self.designs.values():
            if _continues(design):
                design.step()
        self.running = any(_continues(design) for design in self.designs.values())

    def run(self, months: int | None = None) -> None:
        """`months` more months (all remaining months when None), stopping at the horizon."""
        remaining = self.horizon - self.month if months is None else months
        for _ in range(remaining):
            if not self.running:
                break
            self.step()

    def series(self, name: str, design: str) -> np.ndarray:
        """The stored monthly values of series `name` for one design, months 0 to now (NaN once it stopped)."""
        values = np.asarray(self.designs[design].datacollector.model_vars[name], dtype=float)
        if len(values) < self.month + 1:
            values = np.concatenate([values, np.full(self.month + 1 - len(values), np.nan)])
        return values


def split_values(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Split keyword values into (context, design A's levers, design B's levers), checking every name."""
    shared: dict[str, Any] = {}
    levers_a: dict[str, Any] = {}
    levers_b: dict[str, Any] = {}
    for key, value in values.items():
        name = key.removeprefix(DESIGN_B)
        parameter = BY_NAME.get(name)
        kind = parameter.kind if parameter else None
        if key.startswith(DESIGN_B) and kind is Kind.LEVER:
            levers_b[name] = value
        elif kind is Kind.LEVER:
            levers_a[key] = value
        elif kind is Kind.CONTEXT and not key.startswith(DESIGN_B):
            shared[key] = value
        else:
            raise ValueError(
                f"{key} is not a context or lever parameter (or b.<lever> for design B); see `hsbp params`"
            )
    return shared, levers_a, levers_b


def _continues(design: PartnershipModel) -> bool:
    return design.running and design.month < design.params.horizon_months
