"""Local government turnover."""

from __future__ import annotations

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule


@rule("turnover", "regression")
def trust_regression(trust_in_government: np.ndarray, initial: np.ndarray, month: int, p: Params) -> np.ndarray:
    """Every `turnover_period` months a new administration takes office and others' trust
    in government regresses towards its initial value by ψ: T ← T + ψ·(T₀ − T). docs/MODEL.md §2 [A].

    T₀ is each truster's initial trust in government: the context's initial trust for
    organisations, the government's initial legitimacy for communities.
    """
    if month % p.turnover_period != 0:
        return trust_in_government
    return trust_in_government + p.turnover_regression * (initial - trust_in_government)


@rule("turnover", "none")
def no_turnover(trust_in_government: np.ndarray, initial: np.ndarray, month: int, p: Params) -> np.ndarray:
    """Alternative: a stable administration for the whole horizon [A]."""
    return trust_in_government
