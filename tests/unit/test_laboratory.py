"""The laboratory mode (sim/laboratory.py): the public-goods game's accounting and its use of the rules."""

from __future__ import annotations

import numpy as np
import pytest

from hsbp.sim.laboratory import ENDOWMENT, MPCR, PUNISHMENT_COST, PUNISHMENT_IMPACT, public_goods_game
from hsbp.sim.rules.contribution import FREE_RIDER


def test_payoffs_follow_the_linear_public_goods_game() -> None:
    for punishment in (False, True):
        session = public_goods_game({"rule_of_law": 0.3}, punishment=punishment, groups=20, rounds=6, seed=3)
        x = session.contributions
        acts = session.sanctions
        expected = (
            ENDOWMENT
            - x
            + MPCR * x.sum(axis=2, keepdims=True)
            - PUNISHMENT_COST * acts.sum(axis=3)
            - PUNISHMENT_IMPACT * acts.sum(axis=2)
        )
        np.testing.assert_allclose(session.payoffs, expected)
        assert np.all((x >= 0) & (x <= ENDOWMENT))
        assert not np.any(acts[:, :, np.arange(4), np.arange(4)])  # nobody sanctions itself


def test_free_riders_give_nothing_until_sanctioned() -> None:
    calm = public_goods_game(None, punishment=False, groups=50, rounds=5, seed=1)
    assert np.all(calm.contributions.transpose(0, 2, 1)[calm.types == FREE_RIDER] == 0.0)
    pressed = public_goods_game({"rule_of_law": 1.0}, punishment=True, groups=50, rounds=5, seed=1)
    free_riders = pressed.contributions.transpose(0, 2, 1)[pressed.types == FREE_RIDER]
    assert np.all(free_riders[:, 0] == 0.0) and free_riders[:, 1:].mean() > 0.0


def test_full_rule_of_law_has_no_antisocial_sanctions_and_a_session_is_reproducible() -> None:
    first = public_goods_game({"rule_of_law": 1.0}, punishment=True, groups=30, rounds=8, seed=5)
    assert not first.spite.any() and first.punish.any()
    again = public_goods_game({"rule_of_law": 1.0}, punishment=True, groups=30, rounds=8, seed=5)
    np.testing.assert_array_equal(first.contributions, again.contributions)


def test_first_belief_must_be_a_share() -> None:
    with pytest.raises(ValueError, match="first_belief"):
        public_goods_game(None, punishment=False, first_belief=1.5)
