"""Checks of single inputs to `hsbp.sim.run`, for tools that build parameters outside a scenario file.

The sweep engine calls `check_input(name, value)` on every factor level, fixed value and
design lever of an experiment, so a bad experiment fails before any run starts.
"""

from __future__ import annotations

from typing import Any

from hsbp.sim.params import BY_NAME
from hsbp.sim.registry import resolve
from hsbp.sim.scenario import load_scenario


def check_input(name: str, value: Any) -> Any:
    """Return `value` converted to what `hsbp.sim.run` expects for `name`, or raise ValueError saying what is allowed.

    `name` is a catalogue parameter, `scenario` (a scenario name or file) or
    `rules.<mechanism>` (a registered rule name).
    """
    if name == "scenario":
        if not isinstance(value, str):
            raise ValueError(f"scenario = {value!r} has the wrong type; allowed a scenario name or .toml path")
        load_scenario(value)
        return value
    if name.startswith("rules."):
        if not isinstance(value, str):
            raise ValueError(f"{name} = {value!r} has the wrong type; allowed a rule name")
        resolve({name.removeprefix("rules."): value})
        return value
    parameter = BY_NAME.get(name)
    if parameter is None:
        raise ValueError(f"{name} is not a parameter of the HSBP model; allowed: a name from `hsbp params`")
    return parameter.check(value)
