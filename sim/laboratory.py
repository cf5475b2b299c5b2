"""Laboratory mode: the contribution and sanction submodel played as a public-goods experiment.

Groups of four players, each with an endowment of 20 tokens per round, play a linear public-goods
game with a marginal per-capita return of 0.4 (Fehr & Gächter 2002 [S]), with or without the
opportunity to sanction. Nothing here re-implements a rule: each round runs the model's own
functions with catalogue parameters,

1. contributions: the registered `contribution` rule (default `conditional`, Fischbacher, Gächter &
   Fehr 2001), players typed by `draw_types`, capacity = endowment, others' share = the mean share
   the other three gave last round;
2. monitoring: i reads j's contribution with `promise_signal`, taking its own contribution as the
   promise j is held to (the reciprocity norm; punishment of those who give less than the punisher,
   as Herrmann, Thöni & Gächter 2008 classify it) [A];
3. sanctions (punishment treatment only): `sanction_acts` and `apply_sanctions`, the two halves of
   the registered `graduated` sanctions rule (punishment of broken promises, revenge where rule of
   law is weak, pressure that raises the target's next contribution).

What differs from a municipality is the setting, given by `LAB_SETTING` and the arguments:
contributions are shown exactly (no observation noise) and nobody makes promises, so the trust gate
of the contribution rule is open (T̄ = 1; the trust layer itself is validated by pattern P3); players
have no common ground (CḠ = 0), no forum and no pledges; a player's belief about the others before
round 1 is `first_belief` of the endowment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from hsbp.sim.params import Params, make_params
from hsbp.sim.registry import rules_for
from hsbp.sim.rules.contribution import draw_types
from hsbp.sim.rules.sanctions import apply_sanctions, sanction_acts
from hsbp.sim.rules.trust import promise_signal

# The experimental design of Fehr & Gächter 2002 [S].
GROUP_SIZE = 4
ENDOWMENT = 20.0  # tokens per player and round
MPCR = 0.4  # marginal per-capita return of the public good
PUNISHMENT_COST = 1.0  # tokens a punishment point costs the punisher
PUNISHMENT_IMPACT = 3.0  # tokens a punishment point costs its target

# Catalogue values that describe a laboratory rather than a municipality.
LAB_SETTING: dict[str, Any] = {
    # Conditional cooperators give (almost) nothing when others give nothing: their schedules start
    # at zero (Fischbacher, Gächter & Fehr 2001 [S]). The catalogue's default commitment (0.3) is an
    # organisation's standing programme budget, which a student in a laboratory does not have.
    "commitment": 0.0,
}


@dataclass(frozen=True)
class LabResult:
    """Everything a session of the laboratory game produced.

    Arrays are indexed (group, round, player[, player]); in `punish` and `spite`, `[g, t, i, j]` is
    True when player i sanctioned player j in round t (after seeing round t's contributions).
    """

    params: Params
    types: np.ndarray  # (groups, players) cooperation type codes
    contributions: np.ndarray  # (groups, rounds, players), tokens
    punish: np.ndarray  # (groups, rounds, players, players) bool
    spite: np.ndarray  # (groups, rounds, players, players) bool
    payoffs: np.ndarray  # (groups, rounds, players), tokens

    @property
    def sanctions(self) -> np.ndarray:
        """Every sanction, prosocial or antisocial: (groups, rounds, players, players) bool."""
        return self.punish | self.spite

    def mean_by_round(self) -> np.ndarray:
        """Mean contribution in each round, over all players of all groups."""
        return self.contributions.mean(axis=(0, 2))

    def share_sanctioning(self, rounds: int | None = None) -> float:
        """Share of players who sanctioned someone at least once in the first `rounds` rounds."""
        acts = self.sanctions[:, :rounds]
        return float(acts.any(axis=(1, 3)).mean())

    def sanctions_by_direction(self) -> tuple[np.ndarray, np.ndarray]:
        """Sanctions per group on lower contributors and on contributors at least as high as the
        sanctioner (Herrmann, Thöni & Gächter 2008's punishment of free riders and antisocial
        punishment), classified by the contributions themselves; each (groups,)."""
        x = self.contributions
        lower = x[:, :, None, :] < x[:, :, :, None]  # [g, t, i, j]: j gave less than i
        acts = self.sanctions
        return (acts & lower).sum(axis=(1, 2, 3)).astype(float), (acts & ~lower).sum(axis=(1, 2, 3)).astype(float)


def public_goods_game(
    values: Mapping[str, Any] | None = None,
    *,
    punishment: bool,
    groups: int = 100,
    rounds: int = 12,
    seed: int = 0,
    first_belief: float = 0.5,
) -> LabResult:
    """Play `rounds` rounds of the public-goods game in `groups` fixed groups of four.

    Args:
        values: catalogue parameters replacing the defaults (after `LAB_SETTING`), e.g. the subject
            pool's `rule_of_law`; validated by the catalogue.
        punishment: whether players may sanction (the `sanctions` lever).
        groups, rounds: size of the session.
        seed: seed of the session's random numbers (types and sanction draws).
        first_belief: share of the endowment players expect the others to give in round 1 (no
            history and no pledges; the midpoint, [A]).
    """
    if not 0.0 <= first_belief <= 1.0:
        raise ValueError(f"first_belief = {first_belief} must be between 0 and 1")
    p = make_params({**LAB_SETTING, **(values or {}), "sanctions": punishment})
    contribute = rules_for("contribution")["conditional"]
    rng = np.random.default_rng(seed)
    n = GROUP_SIZE
    types = draw_types(rng, groups * n, p).reshape(groups, n)
    capacity = np.full((groups, n), ENDOWMENT)
    open_gate = np.ones((groups, n))  # exact information and no promises: the trust gate is open
    no_common_ground = np.zeros((groups, n))
    observed = np.broadcast_to(~np.eye(n, dtype=bool), (groups, n, n))
    share_last = np.full((groups, n), first_belief)
    pressure = np.zeros((groups, n))
    contributions = np.zeros((groups, rounds, n))
    punish = np.zeros((groups, rounds, n, n), dtype=bool)
    spite = np.zeros_like(punish)
    payoffs = np.zeros((groups, rounds, n))
    for t in range(rounds):
        others_share = (share_last.sum(axis=1, keepdims=True) - share_last) / (n - 1)
        x = contribute(capacity, types, others_share, open_gate, no_common_ground, pressure, p)
        # s_ij: how j's contribution reads against i's own (the reciprocity norm i holds j to).
        signal = promise_signal(x[:, None, :], x[:, :, None], p.promise_sensitivity, p.pledge_tolerance)
        if punishment:
            punish[:, t], spite[:, t] = sanction_acts(rng, signal, observed, pressure, p)
            pressure, _ = apply_sanctions(pressure, punish[:, t], spite[:, t], p)
        acts = punish[:, t] | spite[:, t]
        payoffs[:, t] = (
            ENDOWMENT
            - x
            + MPCR * x.sum(axis=1, keepdims=True)
            - PUNISHMENT_COST * acts.sum(axis=2)
            - PUNISHMENT_IMPACT * acts.sum(axis=1)
        )
        contributions[:, t] = x
        share_last = x / ENDOWMENT
    return LabResult(p, types, contributions, punish, spite, payoffs)
