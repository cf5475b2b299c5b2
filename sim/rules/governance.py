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


@rule("administration", "elected")
def elected_administration(month: int, p: Params) -> bool:
    """Whether a new local administration takes office this month: every `turnover_period` months.

    The new administration brings its own disposition to cooperate (a fresh draw of its cooperation type
    and patience) and starts its own count of reasons to leave, so a partnership that survived one
    administration can lose the next, and the reverse (Colombian municipal terms of four years [S]; the
    fresh draw [A]).
    """
    return month % p.turnover_period == 0


@rule("administration", "continuing")
def continuing_administration(month: int, p: Params) -> bool:
    """Alternative: the government's disposition never changes [A]."""
    return False
