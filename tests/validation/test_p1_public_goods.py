"""P1 public goods (docs/MODEL.md §7): the contribution and sanction submodel in laboratory mode.

Pattern (Fehr & Gächter 2002, Nature 415:137 [S]; the decay also Fehr & Gächter 2000, AER 90:980):
in groups of four with an endowment of 20 and a marginal per-capita return of 0.4, contributions
decay over about ten rounds without sanctions, and stay high (about 15 of 20 by round 12) with them;
most players (84.3% in Fehr & Gächter 2002) sanction at least once.

Configuration: `hsbp.sim.laboratory.public_goods_game` (the model's own contribution rule, promise
signal and graduated-sanctions rule, catalogue defaults plus `LAB_SETTING`), 250 fixed groups of
four (1,000 players) per treatment, 12 rounds, seed 2002 for both treatments (the same players in
both: common random numbers). Subject pool: Zurich, rule of law 0.88 (World Bank WGI rule of law for
Switzerland ≈ +1.9 on its −2.5…+2.5 scale, mapped to 0–1 as (WGI + 2.5)/5).

Thresholds, from the sources with a stated tolerance:
- decay without sanctions: the round-10 mean is at most 60% of the round-1 mean (the sources fall
  by 50–80% over ten rounds; 40% is the smallest fall we still call decay), and the least-squares
  trend of round means over rounds 1–10 is negative;
- with sanctions: the round-12 mean is 15 ± 3 tokens (15 of 20 in the source; ±3 tokens, 15% of the
  endowment, for a partner rather than stranger design and a stylised rule), and above the mean
  without sanctions in every round from round 2 on (round 1 is played before any sanction);
- the share of players who sanction (prosocially or antisocially) at least once in the first six
  punishment rounds, Fehr & Gächter 2002's six punishment periods, is 0.84 ± 0.10.
"""

from __future__ import annotations

import numpy as np
import pytest

from hsbp.sim.laboratory import ENDOWMENT, GROUP_SIZE, MPCR, public_goods_game

pytestmark = [pytest.mark.validation, pytest.mark.calibration]  # a published pattern (docs/MODEL.md §7)

ZURICH = {"rule_of_law": 0.88}
GROUPS, ROUNDS, SEED = 250, 12, 2002


@pytest.fixture(scope="module")
def sessions():
    without = public_goods_game(ZURICH, punishment=False, groups=GROUPS, rounds=ROUNDS, seed=SEED)
    with_sanctions = public_goods_game(ZURICH, punishment=True, groups=GROUPS, rounds=ROUNDS, seed=SEED)
    return without, with_sanctions


def test_the_laboratory_is_the_source_design(sessions) -> None:
    without, with_sanctions = sessions
    assert (GROUP_SIZE, ENDOWMENT, MPCR) == (4, 20.0, 0.4)
    assert without.contributions.shape == (GROUPS, ROUNDS, 4)
    np.testing.assert_array_equal(without.types, with_sanctions.types)  # the same players in both treatments
    assert not without.sanctions.any()


def test_contributions_decay_without_sanctions(sessions) -> None:
    means = sessions[0].mean_by_round()
    assert means[9] <= 0.6 * means[0], f"round means {np.round(means, 2)}"
    trend = np.polyfit(np.arange(1, 11), means[:10], 1)[0]
    assert trend < 0, f"trend {trend:.3f} tokens per round"


def test_contributions_stay_high_with_sanctions(sessions) -> None:
    without, with_sanctions = sessions[0].mean_by_round(), sessions[1].mean_by_round()
    assert abs(with_sanctions[11] - 15.0) <= 3.0, f"round means with sanctions {np.round(with_sanctions, 2)}"
    assert np.all(with_sanctions[1:] > without[1:]), f"{np.round(with_sanctions, 2)} vs {np.round(without, 2)}"


def test_most_players_sanction_at_least_once(sessions) -> None:
    share = sessions[1].share_sanctioning(rounds=6)
    assert abs(share - 0.84) <= 0.10, f"share sanctioning at least once in six rounds: {share:.3f}"
