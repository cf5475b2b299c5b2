"""A run as a pure function: `run(params, seed) -> outcomes` (docs/DESIGN.md decision 3)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from hsbp.sim.designs import DESIGNS
from hsbp.sim.inputs import check_input
from hsbp.sim.model import PartnershipModel
from hsbp.sim.outcomes import OUTCOMES, outcomes
from hsbp.sim.scenario import Scenario, load_scenario


def run(params: Mapping[str, Any] | None = None, seed: int = 0) -> dict[str, float]:
    """Run one partnership to its horizon and return its outcomes.

    Args:
        params: parameter values by name; missing ones take the base scenario's
            values. A `scenario` key names the base scenario (catalogue defaults if
            absent); `rules.<mechanism>` keys choose rules.
        seed: the run's seed; the same params and seed always give the same outcomes.
    """
    values = dict(params or {})
    base = _base_scenario(values.pop("scenario", None))
    model = PartnershipModel(base, rng=seed, collect=False, **values)  # an int, as mesa.batch_run passes it
    model.run()
    return outcomes(model)


@lru_cache(maxsize=64)
def _base_scenario(name: str | None) -> Scenario:
    """A scenario parsed once per process: a sweep's runs share it (parsing costs about 1.5 ms)."""
    return load_scenario(name)


# What the sweep engine reads about this model: every outcome's name, and how to check an input.
run.outcome_names = tuple(OUTCOMES)  # type: ignore[attr-defined]
run.check_input = check_input  # type: ignore[attr-defined]
run.named_designs = {d.name: dict(d.levers) for d in DESIGNS}  # type: ignore[attr-defined]
