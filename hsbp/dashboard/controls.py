"""The dashboard's controls, generated from the parameter catalogue.

Every context parameter and every design lever of `sim.params.CATALOGUE` becomes one
SolaraViz user input (a slider within the catalogue's bounds, a checkbox for a switch, a
select for a choice), starting at the scenario's value. Design B gets a second copy of
the levers, named `b.<lever>`. Nothing here lists parameters: add one to the catalogue
and it appears on the dashboard.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from hsbp.dashboard.model import DESIGN_B
from hsbp.sim.params import Kind, Parameter, params_of_kind
from hsbp.sim.scenario import Scenario

SEED_MAX = 999
SLIDER_STEPS = 100  # about this many positions along a float slider


def label(parameter: Parameter) -> str:
    """The control's label: the catalogue name in words ('risk_pooling' → 'Risk pooling')."""
    return parameter.name.replace("_", " ").capitalize()


def user_params(setting: Scenario, scenario_name: str) -> dict[str, Any]:
    """SolaraViz `model_params` for `DesignComparison` on one scenario: seed, comparison, context, levers A and B."""
    values = setting.values()
    params: dict[str, Any] = {
        "scenario_name": scenario_name,  # fixed: the scenario picker above the controls changes it
        "seed": {"type": "SliderInt", "value": 0, "min": 0, "max": SEED_MAX, "step": 1, "label": "Seed (both designs)"},
        "compare": {"type": "Checkbox", "value": False, "label": "Compare with design B (then Reset)"},
    }
    for parameter in params_of_kind(Kind.LEVER):
        params[parameter.name] = control(parameter, values[parameter.name], f"A · {label(parameter)}")
    for parameter in params_of_kind(Kind.CONTEXT):
        params[parameter.name] = control(parameter, values[parameter.name], f"Site · {label(parameter)}")
    for parameter in params_of_kind(Kind.LEVER):
        params[DESIGN_B + parameter.name] = control(parameter, values[parameter.name], f"B · {label(parameter)}")
    return params


def control(parameter: Parameter, value: Any, text: str) -> dict[str, Any]:
    """One SolaraViz user input for a catalogue parameter, starting at `value`."""
    if parameter.choices is not None:
        return {"type": "Select", "value": value, "values": list(parameter.choices), "label": text}
    if parameter.type is bool:
        return {"type": "Checkbox", "value": value, "label": text}
    low, high = parameter.bounds  # type: ignore[misc]
    if parameter.type is int:
        return {"type": "SliderInt", "value": value, "min": low, "max": high, "step": 1, "label": text}
    return {"type": "SliderFloat", "value": value, "min": low, "max": high, "step": step(low, high), "label": text}


def step(low: float, high: float) -> float:
    """A round slider step (1, 2 or 5 times a power of ten) giving about SLIDER_STEPS positions."""
    raw = (high - low) / SLIDER_STEPS
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power * (1 + 1e-9):
            return round(multiple * power, 12)
    raise AssertionError("unreachable")  # pragma: no cover


def guide_rows(setting: Scenario, designs: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per lever and context control: label, meaning, allowed values, source, and its values.

    Args:
        setting: the scenario, whose values the controls start at.
        designs: the Params each design was built with, by design name ("A", "B").
    """
    start = setting.values()
    rows = []
    for kind in (Kind.LEVER, Kind.CONTEXT):
        for parameter in params_of_kind(kind):
            rows.append(
                {
                    "control": label(parameter),
                    "kind": kind,
                    "meaning": parameter.meaning,
                    "allowed": parameter.allowed(),
                    "source": parameter.source,
                    "scenario": show(start[parameter.name]),
                    "designs": {name: show(getattr(params, parameter.name)) for name, params in designs.items()},
                }
            )
    return rows


def differences(designs: Mapping[str, Any]) -> list[str]:
    """'Inclusivity: A 0.9, B 0.5' for every lever on which the designs differ."""
    if len(designs) < 2:
        return []
    found = []
    for parameter in params_of_kind(Kind.LEVER):
        values = {name: getattr(params, parameter.name) for name, params in designs.items()}
        if len(set(values.values())) > 1:
            found.append(f"{label(parameter)}: " + ", ".join(f"{name} {show(v)}" for name, v in values.items()))
    return found


def show(value: Any) -> str:
    """A value as the dashboard prints it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
