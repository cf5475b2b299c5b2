"""The dashboard's model: one or two partnership designs on the same scenario and seed, month by month.

SolaraViz drives one Mesa model per browser session. `DesignComparison` is that model:
it holds design A (and, in comparison mode, design B) as `PartnershipModel`s built from
the same scenario, the same context values and the same seed, so any difference between
their series comes from the levers alone. Its own `DataCollector` gathers each design's
monthly series (read from the design's own DataCollector) for Mesa's plot components.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mesa

from hsbp.sim.model import PartnershipModel
from hsbp.sim.params import BY_NAME, Kind
from hsbp.sim.scenario import Scenario, load_scenario

DESIGN_B = "b."  # prefix of design B's lever values among the keyword arguments (b.inclusivity=0.9)

# The monthly series the dashboard plots: a DataCollector column of PartnershipModel, and its title.
MEASURES: dict[str, str] = {
    "mean_trust": "Mean trust",
    "partners_engaged": "Partners engaged",
    "human_security_index": "Human-security index",
    "active_share": "Active share of residents",
    "blockades": "Blockades",
    "armed_events": "Armed events",
}


def column(measure: str, design: str) -> str:
    """The DataCollector column of one measure for one design, e.g. 'Mean trust · design A'."""
    return f"{MEASURES[measure]} · design {design}"


class DesignComparison(mesa.Model):
    """Design A, and in comparison mode design B, of one partnership on one scenario and seed.

    Args:
        scenario_name: a shipped scenario name (see `hsbp scenarios`) or a path to a scenario file.
        seed: the seed both designs use.
        compare: whether design B runs beside design A.
        scenario: ignored. SolaraViz's Reset passes a `mesa.experimental.scenarios.Scenario`
            under this name to any model that accepts keyword arguments; the hsbp scenario is
            `scenario_name`.
        **values: context and lever values by catalogue name (design A's levers, and the
            context both designs share), and design B's levers as `b.<lever>`. Anything not
            given keeps the scenario's value.

    Raises:
        ValueError: for a name that is not a context or lever parameter of the catalogue
            (`ScenarioError`, a ValueError, for a value the catalogue does not allow).
    """

    def __init__(
        self,
        scenario_name: str = "tumaco",
        seed: int = 0,
        compare: bool = False,
        scenario: Any = None,
        **values: Any,
    ) -> None:
        super().__init__(rng=seed)
        del scenario  # see the docstring: Mesa's own scenario object, not ours
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
        self.datacollector = mesa.DataCollector(
            model_reporters={
                column(measure, name): _latest(design, measure)
                for name, design in self.designs.items()
                for measure in MEASURES
            }
        )
        self.datacollector.collect(self)

    @property
    def month(self) -> int:
        """Months simulated so far."""
        return max(design.month for design in self.designs.values())

    def step(self) -> None:
        """One month of every design that has not reached its horizon or stopped itself."""
        for design in self.designs.values():
            if _continues(design):
                design.step()
        self.running = any(_continues(design) for design in self.designs.values())
        self.datacollector.collect(self)


def split_values(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
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


def _latest(design: PartnershipModel, measure: str) -> Callable[[DesignComparison], float]:
    """A reporter: the design's value of `measure` this month, NaN after the design has stopped."""
    series = design.datacollector.model_vars[measure]

    def latest(model: DesignComparison) -> float:
        return float(series[-1]) if design.month == model.month else math.nan

    return latest
