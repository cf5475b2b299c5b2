"""Adapters for running the HSBP model under other exploratory-modelling tools (docs/interop.md)."""

from __future__ import annotations

from typing import Any

from hsbp.sim.run import run


def ema_function(seed: int = 0, **params: Any) -> dict[str, float]:
    """The model as EMA Workbench calls a Python model: keyword arguments in, a dict of outcomes out.

    Uncertainties, levers and constants arrive as keywords (a `scenario` constant names the
    base scenario); a `ReplicatorModel`'s replications pass each run's `seed`.
    """
    return run(params, seed)
