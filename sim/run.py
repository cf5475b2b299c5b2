"""A run as a pure function: `run(params, seed) -> outcomes` (DESIGN.md decision 3)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.model import PartnershipModel
from sim.outcomes import outcomes
from sim.scenario import load_scenario


def run(params: Mapping[str, Any] | None = None, seed: int = 0) -> dict[str, float]:
    """Run one partnership to its horizon and return its outcomes.

    Args:
        params: parameter values by name; missing ones take the base scenario's
            values. A `scenario` key names the base scenario (catalogue defaults if
            absent); `rules.<mechanism>` keys choose rules.
        seed: the run's seed; the same params and seed always give the same outcomes.
    """
    values = dict(params or {})
    base = load_scenario(values.pop("scenario", None))
    model = PartnershipModel(base, rng=seed, **values)  # an int, as mesa.batch_run passes it
    model.run()
    return outcomes(model)
