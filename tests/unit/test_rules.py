"""Unit tests of every rule of docs/MODEL.md §4 at its edges, called directly.

Expected values are worked out by hand from the equations in docs/MODEL.md §4 and the
rules' docstrings, never copied from a run of the code.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from hsbp.sim.params import BY_NAME, make_params
from hsbp.sim.registry import MECHANISMS, rules_for
from hsbp.sim.rules.contribution import (
    CONDITIONAL,
    FREE_RIDER,
    HUMP,
    OTHER,
    conditional_contribution,
    norm_floor_pledge,
    unconditional_contribution,
)
from hsbp.sim.rules.convening import always_attend, joint_risk_mapping, logistic_attendance, risk_overlap
from hsbp.sim.rules.delivery import (
    diminishing_returns,
    equal_benefit,
    landing,
    linear_delivery,
    need_benefit,
    no_coordination_gain,
    pooled_vs_alone,
    priorities,
    proportional_benefit,
    saturating_delivery,
)
from hsbp.sim.rules.exit import LOST_TRUST, OUTSIDE_OPTION, STAYED, dissolved, never_exit, outside_option_exit
from hsbp.sim.rules.governance import no_turnover, trust_regression
from hsbp.sim.rules.licence import ACCEPTANCE, APPROVAL, IDENTIFICATION, WITHDRAWAL, licence_levels
from hsbp.sim.rules.mobilisation import ACTIVE, JAILED, QUIET, epstein_mobilisation, no_mobilisation
from hsbp.sim.rules.risk import no_pooling, pooled_losses
from hsbp.sim.rules.sanctions import apply_sanctions, graduated_sanctions, no_sanctions, sanction_acts
from hsbp.sim.rules.shocks import no_shocks, poisson_shocks
from hsbp.sim.rules.trust import asymmetric_trust, moffat_zhang_channels, promise_signal, symmetric_trust
from hsbp.sim.rules.voice import (
    contact_quality,
    effective_facilitation,
    interpolated_voice,
    procedural_fairness,
    quorum_decision,
)


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def one(value: float) -> np.ndarray:
    """A 1x1 matrix, the smallest relational state."""
    return np.array([[value]])


OBSERVED = np.ones((1, 1), dtype=bool)


# ----------------------------------------------------------------------------- registry
def test_every_mechanism_has_its_default_rule_registered() -> None:
    for mechanism, default in MECHANISMS.items():
        assert default in rules_for(mechanism), mechanism
    # Every value of the benefit_rule lever names a registered benefit rule.
    assert set(BY_NAME["benefit_rule"].choices) <= set(rules_for("benefit"))


# ----------------------------------------------------------------------------- trust
@pytest.mark.parametrize("ratio", [1.0, 3.0, 6.0])
def test_broken_promise_costs_loss_ratio_times_kept_promise(ratio: float) -> None:
    p = make_params({"trust_gain": 0.05, "trust_loss_ratio": ratio})
    up, _ = asymmetric_trust(one(0.5), one(0.0), one(1.0), OBSERVED, p)
    down, _ = asymmetric_trust(one(0.5), one(0.0), one(-1.0), OBSERVED, p)
    gain = up[0, 0] - 0.5  # λ₊·1·(1 − 0.5)·(1 − 0) = 0.025
    loss = 0.5 - down[0, 0]  # λ₋·1·0.5 = ratio·0.025
    assert gain == pytest.approx(0.025)
    assert loss == pytest.approx(0.025 * ratio)
    assert loss / gain == pytest.approx(ratio)


def test_symmetric_trust_has_loss_ratio_one_whatever_the_parameter() -> None:
    p = make_params({"trust_gain": 0.05, "trust_loss_ratio": 6.0})
    up, damage_up = symmetric_trust(one(0.5), one(0.3), one(1.0), OBSERVED, p)
    down, damage_down = symmetric_trust(one(0.5), one(0.3), one(-1.0), OBSERVED, p)
    assert up[0, 0] - 0.5 == pytest.approx(0.025)
    assert 0.5 - down[0, 0] == pytest.approx(0.025)
    # No damage layer: damage neither caps the gain nor moves.
    assert damage_up[0, 0] == damage_down[0, 0] == 0.3


def test_damage_rises_after_negative_signal_and_decays_after_positive() -> None:
    p = make_params({"damage_rate": 0.1, "damage_decay": 0.02})
    _, after_bad = asymmetric_trust(one(0.5), one(0.2), one(-1.0), OBSERVED, p)
    _, after_good = asymmetric_trust(one(0.5), one(0.2), one(1.0), OBSERVED, p)
    assert after_bad[0, 0] == pytest.approx(0.98 * 0.2 + 0.1)  # (1 − δ_R)·R + μ·1
    assert after_good[0, 0] == pytest.approx(0.98 * 0.2)  # positive signal adds no damage
    _, capped = asymmetric_trust(one(0.5), one(0.99), one(-5.0), OBSERVED, make_params({"damage_rate": 0.3}))
    assert capped[0, 0] == 1.0


def test_damage_caps_trust_gains() -> None:
    p = make_params({"trust_gain": 0.08})
    clean, _ = asymmetric_trust(one(0.4), one(0.0), one(0.5), OBSERVED, p)
    half, _ = asymmetric_trust(one(0.4), one(0.5), one(0.5), OBSERVED, p)
    full, _ = asymmetric_trust(one(0.4), one(1.0), one(0.5), OBSERVED, p)
    assert clean[0, 0] - 0.4 == pytest.approx(0.08 * 0.5 * 0.6)
    assert half[0, 0] - 0.4 == pytest.approx(0.5 * (clean[0, 0] - 0.4))
    assert full[0, 0] == pytest.approx(0.4)  # full damage: no kept promise rebuilds trust


def test_damage_does_not_soften_trust_losses() -> None:
    p = make_params({"trust_gain": 0.05, "trust_loss_ratio": 3.0})
    clean, _ = asymmetric_trust(one(0.6), one(0.0), one(-0.5), OBSERVED, p)
    damaged, _ = asymmetric_trust(one(0.6), one(0.8), one(-0.5), OBSERVED, p)
    assert clean[0, 0] == pytest.approx(damaged[0, 0])
    assert clean[0, 0] == pytest.approx(0.6 - 0.15 * 0.5 * 0.6)


def test_unobserved_pairs_keep_trust_and_damage() -> None:
    p = make_params({})
    trust = np.array([[1.0, 0.3], [0.4, 1.0]])
    damage = np.array([[0.0, 0.2], [0.1, 0.0]])
    observed = np.array([[False, True], [False, False]])
    signal = np.full((2, 2), -1.0)
    new_trust, new_damage = asymmetric_trust(trust, damage, signal, observed, p)
    assert new_trust[1, 0] == 0.4 and new_damage[1, 0] == 0.1
    assert new_trust[0, 1] < 0.3 and new_damage[0, 1] > 0.2


def test_trust_stays_in_unit_interval_under_extreme_signals() -> None:
    p = make_params({"trust_gain": 0.1, "trust_loss_ratio": 6.0, "damage_rate": 0.3})
    trust = np.array([[0.0, 0.5, 1.0]])
    damage = np.array([[0.0, 0.5, 1.0]])
    for s in (-20.0, 20.0):
        for update in (asymmetric_trust, symmetric_trust):
            t, r = update(trust, damage, np.full((1, 3), s), np.ones((1, 3), dtype=bool), p)
            assert np.all((t >= 0) & (t <= 1)) and np.all((r >= 0) & (r <= 1))


def test_promise_signal_sign_follows_tolerance() -> None:
    kappa, nu = 2.0, 0.2
    pledged = np.array([10.0, 10.0, 10.0, 0.0])
    delivered = np.array([10.0, 8.0, 0.0, 0.0])
    s = promise_signal(delivered, pledged, kappa, nu)
    assert s[0] == pytest.approx(math.tanh(kappa * 0.2))  # kept exactly: (10 − 8)/10
    assert s[1] == pytest.approx(0.0)  # delivered exactly (1 − ν)·π
    assert s[2] == pytest.approx(math.tanh(-kappa * 0.8))  # broke it entirely
    assert s[3] == 0.0  # nothing promised, nothing given: no news
    assert np.all(np.abs(s) <= 1)


def test_licence_channels_weigh_fairness_above_contact() -> None:
    p = make_params({"fairness_weight": 0.08, "contact_weight": 0.04, "impact_weight": 0.02})
    t = np.array([0.5, 0.5])
    moved = moffat_zhang_channels(t, np.array([1.0, 0.0]), np.array([0.0, 1.0]), 0.0, p)
    assert moved[0] == pytest.approx(0.5 + 0.08 * 0.5 - 0.04 * 0.5)  # fair process, poor contact
    assert moved[1] == pytest.approx(0.5 - 0.08 * 0.5 + 0.04 * 0.5)  # good contact, unfair process
    assert moved[0] > moved[1]
    # At the channels' fixed point only the impact term moves trust.
    still = moffat_zhang_channels(t, t, t, 0.5, p)
    assert still == pytest.approx(0.5 - 0.02 * 0.5)


# ----------------------------------------------------------------------------- risk pooling
LOSSES = np.array([10.0, 0.0, 30.0, 5.0, 7.0])
CONTRIB = np.array([1.0, 4.0, 0.0, 2.0, 3.0])
MEMBERS = np.array([True, True, True, True, False])


def test_pooling_off_leaves_losses_unchanged() -> None:
    out = pooled_losses(LOSSES, CONTRIB, MEMBERS, make_params({"risk_pooling": 0.0}))
    np.testing.assert_allclose(out, LOSSES)


def test_full_pooling_with_equal_contributions_equalises_losses() -> None:
    members = np.ones(4, dtype=bool)
    losses = np.array([12.0, 0.0, 4.0, 8.0])
    out = pooled_losses(losses, np.full(4, 2.5), members, make_params({"risk_pooling": 1.0}))
    np.testing.assert_allclose(out, np.full(4, 6.0))


def test_full_pooling_shares_losses_in_proportion_to_contributions() -> None:
    members = np.ones(2, dtype=bool)
    out = pooled_losses(np.array([10.0, 30.0]), np.array([3.0, 1.0]), members, make_params({"risk_pooling": 1.0}))
    np.testing.assert_allclose(out, [30.0, 10.0])  # ω = (0.75, 0.25) of a pool of 40


def test_pooling_without_contributions_uses_equal_weights() -> None:
    members = np.ones(2, dtype=bool)
    out = pooled_losses(np.array([10.0, 30.0]), np.zeros(2), members, make_params({"risk_pooling": 0.5}))
    np.testing.assert_allclose(out, [0.5 * 10 + 0.5 * 20, 0.5 * 30 + 0.5 * 20])


@pytest.mark.parametrize("m", [0.0, 0.1, 0.3, 0.5, 0.77, 1.0])
def test_pooling_conserves_total_loss_and_spares_non_members(m: float) -> None:
    out = pooled_losses(LOSSES, CONTRIB, MEMBERS, make_params({"risk_pooling": m}))
    assert out.sum() == pytest.approx(LOSSES.sum())
    assert out[MEMBERS].sum() == pytest.approx(LOSSES[MEMBERS].sum())
    assert out[4] == LOSSES[4]  # a non-member neither pays into nor draws from the pool
    # Member with the largest loss but no contribution is relieved by exactly m of its loss.
    assert out[2] == pytest.approx((1 - m) * 30.0)


def test_pooling_without_members_changes_nothing() -> None:
    out = pooled_losses(LOSSES, CONTRIB, np.zeros(5, dtype=bool), make_params({"risk_pooling": 1.0}))
    np.testing.assert_allclose(out, LOSSES)


def test_no_pooling_rule_ignores_the_lever() -> None:
    out = no_pooling(LOSSES, CONTRIB, MEMBERS, make_params({"risk_pooling": 1.0}))
    np.testing.assert_allclose(out, LOSSES)


# ----------------------------------------------------------------------------- voice
POWER = np.array([4.0, 3.0, 1.0, 1.0, 1.0])
PRESENT = np.array([True, True, False, True, True])


def test_full_inclusivity_gives_equal_voice_over_present_partners() -> None:
    w = interpolated_voice(POWER, PRESENT, make_params({"inclusivity": 1.0}))
    np.testing.assert_allclose(w, [0.25, 0.25, 0.0, 0.25, 0.25])


def test_zero_inclusivity_gives_power_shares_over_present_partners() -> None:
    w = interpolated_voice(POWER, PRESENT, make_params({"inclusivity": 0.0}))
    np.testing.assert_allclose(w, [4 / 9, 3 / 9, 0.0, 1 / 9, 1 / 9])


@pytest.mark.parametrize("iota", [0.0, 0.25, 0.5, 0.9, 1.0])
def test_voice_interpolates_sums_to_one_and_excludes_absent(iota: float) -> None:
    w = interpolated_voice(POWER, PRESENT, make_params({"inclusivity": iota}))
    assert w.sum() == pytest.approx(1.0)
    assert w[2] == 0.0
    assert w[0] == pytest.approx((1 - iota) * 4 / 9 + iota / 4)
    assert w[3] == pytest.approx((1 - iota) * 1 / 9 + iota / 4)


def test_voice_with_zero_power_falls_back_to_equal_and_nobody_present_is_silent() -> None:
    p = make_params({"inclusivity": 0.0})
    w = interpolated_voice(np.zeros(3), np.array([True, True, False]), p)
    np.testing.assert_allclose(w, [0.5, 0.5, 0.0])
    assert np.all(interpolated_voice(POWER, np.zeros(5, dtype=bool), p) == 0.0)


# ----------------------------------------------------------------------------- decision
def test_unanimity_fails_when_one_present_partner_loses_on_the_best_project() -> None:
    voice = np.full(3, 1 / 3)
    utility = np.array([[1.0, 0.0], [1.0, 0.0], [-0.1, 0.5]])
    present = np.ones(3, dtype=bool)
    best, adopted, acceptability = quorum_decision(voice, utility, present, make_params({"quorum": 1.0}))
    assert best == 0  # scores 1.9/3 against 0.5/3
    assert not adopted
    np.testing.assert_allclose(acceptability, [1.0, 1.0, 0.0])
    _, adopted_majority, _ = quorum_decision(voice, utility, present, make_params({"quorum": 0.5}))
    assert adopted_majority


def test_unanimity_passes_when_all_gain() -> None:
    voice = np.array([0.5, 0.3, 0.2])
    utility = np.array([[0.2, 0.1], [0.05, 0.4], [0.3, 0.3]])
    best, adopted, _ = quorum_decision(voice, utility, np.ones(3, dtype=bool), make_params({"quorum": 1.0}))
    assert best == 1  # Σ w·U: 0.175 for project 0, 0.23 for project 1
    assert adopted  # every partner gains from project 1


def test_decision_picks_the_voice_weighted_best_project() -> None:
    voice = np.array([0.8, 0.1, 0.1])
    utility = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]])
    present = np.ones(3, dtype=bool)
    best, adopted, _ = quorum_decision(voice, utility, present, make_params({"quorum": 0.75}))
    assert best == 1  # 0.8 against 0.2
    assert adopted  # the 0.8 of voice that gains reaches 0.75
    _, adopted_unanimity, _ = quorum_decision(voice, utility, present, make_params({"quorum": 1.0}))
    assert not adopted_unanimity


def test_absent_partner_cannot_block_unanimity() -> None:
    p = make_params({"quorum": 1.0, "inclusivity": 1.0})
    present = np.array([True, True, False])
    voice = interpolated_voice(np.ones(3), present, p)
    utility = np.array([[1.0, 0.0], [1.0, 0.0], [-5.0, -5.0]])
    best, adopted, _ = quorum_decision(voice, utility, present, p)
    assert best == 0 and adopted


def test_three_quarters_of_equal_voices_meet_the_075_quorum() -> None:
    voice = np.full(4, 0.25)
    utility = np.array([[1.0], [1.0], [1.0], [-1.0]])
    _, adopted, _ = quorum_decision(voice, utility, np.ones(4, dtype=bool), make_params({"quorum": 0.75}))
    assert adopted


def test_two_of_three_equal_voices_meet_the_two_thirds_quorum() -> None:
    """q = 0.67 is the catalogue's two-thirds supermajority; two of three equal voices are two thirds."""
    voice = np.full(3, 1 / 3)
    utility = np.array([[1.0], [1.0], [-1.0]])
    _, adopted, _ = quorum_decision(voice, utility, np.ones(3, dtype=bool), make_params({"quorum": 0.67}))
    assert adopted


# ----------------------------------------------------------------------------- procedural fairness, contact
def test_procedural_fairness_is_capped_voice_times_responsiveness() -> None:
    voice = np.array([0.4, 0.1, 0.25, 0.25, 0.0])
    present = np.array([True, True, True, True, False])
    responsiveness = np.array([0.5, 0.8, 1.0, 0.2, 0.9])
    pf = procedural_fairness(voice, responsiveness, present, make_params({}))
    # n = 4 present: min(1, w·4) × responsiveness
    np.testing.assert_allclose(pf, [0.5, 0.4 * 0.8, 1.0, 0.2, 0.0])


def test_equal_voice_makes_procedural_fairness_equal_responsiveness() -> None:
    p = make_params({"inclusivity": 1.0})
    present = np.ones(5, dtype=bool)
    responsiveness = np.array([0.1, 0.3, 0.5, 0.7, 0.9])
    voice = interpolated_voice(POWER, present, p)
    np.testing.assert_allclose(procedural_fairness(voice, responsiveness, present, p), responsiveness)


def test_contact_quality_needs_facilitation_and_peace() -> None:
    attended = np.array([True, False, True])
    assert np.all(contact_quality(attended, 0.0, make_params({"facilitation": 0.0})) == 0.0)
    assert np.all(contact_quality(attended, 1.0, make_params({"facilitation": 1.0})) == 0.0)
    p = make_params({"facilitation": 0.6, "facilitation_scale": 0.25})
    cq = contact_quality(attended, 0.25, p)
    phi = (1 - math.exp(-0.6 / 0.25)) / (1 - math.exp(-1 / 0.25))  # saturating effect of f = 0.6
    assert cq[0, 2] == pytest.approx(phi * 0.75) and cq[2, 0] == pytest.approx(phi * 0.75)
    assert cq[0, 1] == 0.0 and cq[1, 2] == 0.0 and cq[1, 1] == 0.0  # no overlap with an absent partner


@pytest.mark.parametrize("scale", [0.05, 0.25, 1.0, 2.0])
def test_facilitation_effect_runs_from_none_to_full_and_saturates(scale: float) -> None:
    """φ(0) = 0, φ(1) = 1, increasing and concave (Bahr & Nakagawa 2017); large scales approach φ(f) = f."""
    phi = [effective_facilitation(make_params({"facilitation": f, "facilitation_scale": scale})) for f in F_GRID]
    assert phi[0] == 0.0 and phi[-1] == pytest.approx(1.0)
    steps = np.diff(phi)
    assert np.all(steps > 0) and np.all(np.diff(steps) < 1e-12)
    assert all(value >= f - 1e-12 for value, f in zip(phi, F_GRID, strict=True))  # at or above the linear effect


F_GRID = np.linspace(0.0, 1.0, 11)


# ----------------------------------------------------------------------------- convening
CONVENE = {
    "convene_intercept": 0.0,
    "convene_trust": 2.0,
    "convene_benefit": 1.0,
    "convene_cost": 1.0,
    "convene_security": 2.0,
}


def test_attendance_probability_rises_with_trust() -> None:
    p = make_params(CONVENE)
    trust = np.linspace(0.0, 1.0, 6)
    zero = np.zeros(6)
    prob = logistic_attendance(trust, zero, zero, zero, p)
    assert np.all(np.diff(prob) > 0)
    assert prob[0] == pytest.approx(0.5)
    assert prob[-1] == pytest.approx(sigmoid(2.0))


def test_attendance_falls_with_cost_and_insecurity_and_rises_with_benefit() -> None:
    p = make_params(CONVENE)
    zero, one_ = np.zeros(1), np.ones(1)
    assert logistic_attendance(zero, zero, np.full(1, 0.8), zero, p)[0] == pytest.approx(sigmoid(-0.8))
    assert logistic_attendance(zero, zero, zero, one_, p)[0] == pytest.approx(sigmoid(-2.0))
    assert logistic_attendance(zero, np.full(1, 0.5), zero, zero, p)[0] == pytest.approx(sigmoid(0.5))


def test_trust_does_not_matter_when_its_weight_is_zero() -> None:
    p = make_params({**CONVENE, "convene_trust": 0.0})
    zero = np.zeros(3)
    prob = logistic_attendance(np.array([0.0, 0.5, 1.0]), zero, zero, zero, p)
    np.testing.assert_allclose(prob, 0.5)
    np.testing.assert_array_equal(always_attend(np.array([0.0, 0.9]), zero[:2], zero[:2], zero[:2], p), [1.0, 1.0])


# ----------------------------------------------------------------------------- common ground
def test_identical_profiles_with_full_understanding_give_full_common_ground() -> None:
    profiles = np.tile([0.2, 0.3, 0.5], (3, 1))
    np.testing.assert_allclose(risk_overlap(profiles, np.ones((3, 3)), make_params({})), 1.0)
    np.testing.assert_allclose(risk_overlap(profiles, np.full((3, 3), 0.4), make_params({})), 0.4)


def test_disjoint_profiles_share_no_ground() -> None:
    profiles = np.array([[0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.3, 0.7]])
    cg = risk_overlap(profiles, np.ones((2, 2)), make_params({}))
    assert cg[0, 1] == 0.0 and cg[1, 0] == 0.0
    assert cg[0, 0] == pytest.approx(1.0)


def test_common_ground_is_scaled_overlap() -> None:
    profiles = np.array([[0.5, 0.5, 0.0], [0.25, 0.25, 0.5]])
    kappa = np.full((2, 2), 0.6)
    cg = risk_overlap(profiles, kappa, make_params({}))
    # Σ min = 0.5, Σ max = 1.5
    assert cg[0, 1] == pytest.approx(0.6 / 3) and cg[1, 0] == pytest.approx(0.6 / 3)


# ----------------------------------------------------------------------------- joint risk mapping
def _kappa() -> np.ndarray:
    kappa = np.full((3, 3), 0.3)
    np.fill_diagonal(kappa, 1.0)
    return kappa


ATTENDED = np.array([True, True, False])


def test_risk_mapping_off_leaves_understanding_unchanged() -> None:
    p = make_params({"risk_mapping": 0.0, "mapping_learning": 0.5})
    np.testing.assert_allclose(joint_risk_mapping(_kappa(), np.ones(3, dtype=bool), 4, p), _kappa(), rtol=0, atol=1e-12)


def test_risk_mapping_moves_attending_pairs_towards_one() -> None:
    p = make_params({"risk_mapping": 0.5, "mapping_learning": 0.2})
    once = joint_risk_mapping(_kappa(), ATTENDED, 1, p)
    assert once[0, 1] == pytest.approx(0.3 + 0.2 * 0.5 * 0.7) and once[1, 0] == pytest.approx(0.37)
    twice = joint_risk_mapping(_kappa(), ATTENDED, 2, p)
    assert twice[0, 1] == pytest.approx(1 - 0.7 * 0.9**2)
    # Pairs not both attending are unchanged; so is the diagonal.
    for i, j in [(0, 2), (2, 0), (1, 2), (2, 1)]:
        assert once[i, j] == 0.3 and twice[i, j] == 0.3
    assert np.all(np.diag(once) == 1.0)
    np.testing.assert_allclose(joint_risk_mapping(_kappa(), ATTENDED, 0, p), _kappa(), rtol=0, atol=1e-12)
    full = joint_risk_mapping(_kappa(), ATTENDED, 1, make_params({"risk_mapping": 1.0, "mapping_learning": 1.0}))
    assert full[0, 1] == pytest.approx(1.0)


# ----------------------------------------------------------------------------- contributions, pledges
CAPACITY = np.array([10.0, 20.0, 5.0, 8.0])


@pytest.mark.parametrize("common_ground", [0.0, 0.5])
def test_free_riders_give_nothing_without_sanctions_pressure(common_ground: float) -> None:
    """Free riders contribute nothing whatever others do (Fischbacher, Gächter & Fehr 2001); the pledge
    rule's docstring says they "pledge the norm and deliver nothing". In a run, once a forum has met,
    mean common ground is positive, hence the 0.5 case."""
    p = make_params({})
    types = np.full(4, FREE_RIDER)
    ones, zeros = np.ones(4), np.zeros(4)
    given = conditional_contribution(CAPACITY, types, ones, ones, np.full(4, common_ground), zeros, p)
    np.testing.assert_array_equal(given, 0.0)
    pressed = conditional_contribution(CAPACITY, types, ones, ones, np.full(4, common_ground), np.full(4, 0.4), p)
    assert np.all(pressed > 0)


def test_conditional_cooperators_follow_others_and_trust() -> None:
    p = make_params({"commitment": 0.3, "cooperation_slope": 0.85})
    types = np.full(1, CONDITIONAL)
    e, zero = np.array([10.0]), np.zeros(1)

    def give(others: float, trust: float) -> float:
        return float(conditional_contribution(e, types, np.full(1, others), np.full(1, trust), zero, zero, p)[0])

    assert give(0.4, 0.5) == pytest.approx(10 * (0.3 + 0.85 * 0.5 * 0.4))
    assert give(0.8, 0.5) > give(0.2, 0.5)
    assert give(0.5, 0.8) > give(0.5, 0.2)
    assert give(0.0, 0.9) == give(1.0, 0.0) == pytest.approx(10 * 0.3)  # no trust: others don't matter


def test_hump_shaped_cooperation_peaks_at_half_and_others_are_unconditional() -> None:
    p = make_params({"commitment": 0.3, "cooperation_slope": 0.85})
    e, zero, trust = np.ones(1), np.zeros(1), np.full(1, 0.5)

    def give(kind: int, others: float) -> float:
        return float(conditional_contribution(e, np.full(1, kind), np.full(1, others), trust, zero, zero, p)[0])

    assert give(HUMP, 0.5) == pytest.approx(0.3 + 2 * 0.85 * 0.5 * 0.5)
    assert give(HUMP, 0.2) == pytest.approx(0.3 + 2 * 0.85 * 0.5 * 0.2) == pytest.approx(give(HUMP, 0.8))
    assert give(HUMP, 1.0) == pytest.approx(0.3)
    assert give(OTHER, 0.0) == give(OTHER, 1.0) == pytest.approx(0.3)


def test_contributions_stay_between_zero_and_capacity() -> None:
    p = make_params(
        {
            "commitment": 1.0,
            "cooperation_slope": 1.2,
            "common_ground_bonus": 0.5,
            "sanction_response": 1.0,
        }
    )
    types = np.array([CONDITIONAL, FREE_RIDER, HUMP, OTHER])
    ones = np.ones(4)
    top = conditional_contribution(CAPACITY, types, ones * 0.5, ones, ones, ones, p)
    assert np.all(top <= CAPACITY)
    assert top[0] == CAPACITY[0]  # 1 + 1.2·0.5 + 0.5 + 1 clipped to 1
    low = make_params({"commitment": 0.0, "sanction_response": 1.0})
    bottom = conditional_contribution(CAPACITY, types, ones * 0.5, ones * 0.5, 0 * ones, -ones, low)
    np.testing.assert_array_equal(bottom, 0.0)
    unconditional = unconditional_contribution(CAPACITY, types, ones, ones, ones, ones * 0.2, p)
    np.testing.assert_array_equal(unconditional, CAPACITY)  # clip(1 + 0.2) = 1


def test_unconditional_rule_gives_commitment_share() -> None:
    p = make_params({"commitment": 0.3, "sanction_response": 0.5})
    types = np.array([CONDITIONAL, FREE_RIDER, HUMP, OTHER])
    zeros = np.zeros(4)
    np.testing.assert_allclose(
        unconditional_contribution(CAPACITY, types, zeros, zeros, zeros, zeros, p), 0.3 * CAPACITY
    )
    pressed = unconditional_contribution(CAPACITY, types, zeros, zeros, zeros, np.full(4, 0.2), p)
    np.testing.assert_allclose(pressed, 0.4 * CAPACITY)


def test_pledges_never_fall_below_the_norm() -> None:
    p = make_params({"pledge_norm": 0.3, "commitment": 0.1})
    types = np.array([CONDITIONAL, FREE_RIDER, HUMP, OTHER])
    zeros = np.zeros(4)
    np.testing.assert_allclose(norm_floor_pledge(CAPACITY, types, zeros, zeros, zeros, p), 0.3 * CAPACITY)
    rng = np.random.default_rng(7)
    for _ in range(50):
        pledge = norm_floor_pledge(CAPACITY, rng.integers(0, 4, size=4), rng.random(4), rng.random(4), rng.random(4), p)
        assert np.all(pledge >= 0.3 * CAPACITY - 1e-12)
        assert np.all(pledge <= CAPACITY + 1e-12)


def test_willing_partners_pledge_above_the_norm() -> None:
    p = make_params({"pledge_norm": 0.3, "commitment": 0.5, "cooperation_slope": 0.85, "common_ground_bonus": 0.0})
    types = np.array([CONDITIONAL, OTHER])
    pledge = norm_floor_pledge(CAPACITY[:2], types, np.full(2, 0.2), np.full(2, 0.5), np.zeros(2), p)
    np.testing.assert_allclose(pledge, [10 * (0.5 + 0.85 * 0.5 * 0.2), 20 * 0.5])


# ----------------------------------------------------------------------------- sanctions
SIGNAL = np.array([[0.0, 0.5, -0.8], [0.5, 0.0, -0.8], [0.5, 0.5, 0.0]])
WATCHED = ~np.eye(3, dtype=bool)


def test_sanctions_lever_off_adds_no_pressure_and_no_counter_signal() -> None:
    p = make_params({"sanctions": False, "rule_of_law": 0.0, "antisocial_max": 1.0})
    pressure, counter = graduated_sanctions(np.random.default_rng(0), SIGNAL, WATCHED, np.zeros(3), p)
    np.testing.assert_array_equal(pressure, 0.0)
    np.testing.assert_array_equal(counter, 0.0)
    decayed, _ = graduated_sanctions(np.random.default_rng(0), SIGNAL, WATCHED, np.array([0.4, 0.0, -0.2]), p)
    np.testing.assert_allclose(decayed, p.sanction_memory * np.array([0.4, 0.0, -0.2]))  # existing pressure fades


@pytest.mark.parametrize("seed", range(5))
def test_full_rule_of_law_has_no_antisocial_sanctions(seed: int) -> None:
    p = make_params({"sanctions": True, "rule_of_law": 1.0, "antisocial_max": 1.0, "sanction_severity": 0.3})
    pressure, counter = graduated_sanctions(np.random.default_rng(seed), SIGNAL, WATCHED, np.zeros(3), p)
    np.testing.assert_allclose(pressure, [0.0, 0.0, 0.6])  # two observers punish partner 2
    np.testing.assert_array_equal(counter, 0.0)


def test_sanctions_escalate_and_are_bounded() -> None:
    p = make_params({"sanctions": True, "rule_of_law": 1.0, "sanction_severity": 0.3, "sanction_memory": 0.5})
    rng = np.random.default_rng(1)
    pressure = np.zeros(3)
    expected = [0.6, 0.3 + 0.6, 1.0]  # carry half (memory 0.5) then add 2 × severity, clipped at 1
    for want in expected:
        pressure, _ = graduated_sanctions(rng, SIGNAL, WATCHED, pressure, p)
        assert pressure[2] == pytest.approx(want)


def test_unobserved_breaches_go_unpunished() -> None:
    p = make_params({"sanctions": True, "rule_of_law": 1.0})
    pressure, counter = graduated_sanctions(np.random.default_rng(0), SIGNAL, np.zeros((3, 3), bool), np.zeros(3), p)
    np.testing.assert_array_equal(pressure, 0.0)
    np.testing.assert_array_equal(counter, 0.0)


def test_lawless_sanctions_are_revenge_by_the_sanctioned() -> None:
    """Herrmann, Thöni & Gächter 2008: antisocial punishment is revenge by those punished for giving too
    little, aimed at the cooperators. Nobody under pressure: only the breaker is punished."""
    p = make_params(
        {"sanctions": True, "rule_of_law": 0.0, "antisocial_max": 1.0, "sanction_severity": 0.3, "sanction_memory": 0.5}
    )
    pressure, counter = graduated_sanctions(np.random.default_rng(0), SIGNAL, WATCHED, np.zeros(3), p)
    np.testing.assert_allclose(pressure, [0.0, 0.0, 0.6])
    np.testing.assert_array_equal(counter, 0.0)
    # The sanctioned breaker (partner 2, pressure 0.4 > 0) takes revenge on both promise keepers (s_2j > 0)
    # while still being punished by them; with rule of law 0 and antisocial_max 1 every revenge happens.
    pressure, counter = graduated_sanctions(np.random.default_rng(0), SIGNAL, WATCHED, np.array([0.0, 0.0, 0.4]), p)
    np.testing.assert_allclose(pressure, [-0.3, -0.3, 0.2 + 0.6])
    # The target j reads a negative signal about its sanctioner i: counter[j, i].
    np.testing.assert_allclose(counter, [[0.0, 0.0, -0.3], [0.0, 0.0, -0.3], [0.0, 0.0, 0.0]])


def test_sanctions_work_on_stacks_of_groups() -> None:
    """The laboratory mode calls the rule's halves on (groups, n, n) stacks: each group as if alone."""
    p = make_params({"sanctions": True, "rule_of_law": 0.0, "antisocial_max": 1.0})
    stack = np.stack([SIGNAL, -SIGNAL])
    pressure = np.array([[0.0, 0.0, 0.4], [0.0, 0.2, 0.0]])
    punish, spite = sanction_acts(np.random.default_rng(0), stack, np.stack([WATCHED, WATCHED]), pressure, p)
    for g in range(2):
        alone_punish, alone_spite = sanction_acts(np.random.default_rng(0), stack[g], WATCHED, pressure[g], p)
        np.testing.assert_array_equal(punish[g], alone_punish)
        np.testing.assert_array_equal(spite[g], alone_spite)  # every draw passes when revenge_p = 1
    stacked, counter = apply_sanctions(pressure, punish, spite, p)
    for g in range(2):
        alone, alone_counter = apply_sanctions(pressure[g], punish[g], spite[g], p)
        np.testing.assert_allclose(stacked[g], alone)
        np.testing.assert_allclose(counter[g], alone_counter)


def test_no_sanctions_rule_ignores_the_lever() -> None:
    p = make_params({"sanctions": True, "rule_of_law": 0.0})
    pressure, counter = no_sanctions(np.random.default_rng(0), SIGNAL, WATCHED, np.ones(3), p)
    np.testing.assert_array_equal(pressure, 0.0)
    np.testing.assert_array_equal(counter, 0.0)


# ----------------------------------------------------------------------------- spending and delivery
SPENDING = {
    "synergy": 1.0,
    "protection_share": 0.5,
    "leakage": 0.2,
    "transparency": 0.5,
    "duplication_loss": 0.3,
    "max_gain": 0.02,
    "cost_per_person": 5.0,
}


def test_priorities_are_half_even_half_on_the_spenders_risks() -> None:
    profile = np.zeros((1, 6))
    profile[0, 0] = 1.0  # all on violence, which maps to personal and community security
    w = priorities(profile)[0]
    assert w.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(w[[4, 5]], 0.5 / 7 + 0.25)  # personal, community
    np.testing.assert_allclose(w[[0, 1, 2, 3, 6]], 0.5 / 7)


def test_landing_spreads_each_spender_over_targets_and_dimensions() -> None:
    amounts = np.array([10.0, 4.0])
    targets = np.array([[0.5, 0.5], [0.0, 1.0]])  # spender 0 shares equally; spender 1 spends on community 1
    split = np.zeros((2, 7))
    split[0, 0] = 1.0
    split[1, 6] = 1.0
    got = landing(amounts, targets, split)
    expected = np.zeros((2, 7))
    expected[:, 0] = 5.0
    expected[1, 6] = 4.0
    np.testing.assert_allclose(got, expected)
    assert got.sum() == pytest.approx(amounts.sum()), "no money vanishes on the way"


def test_pooled_money_beats_the_same_money_spent_alone_by_the_stated_factors() -> None:
    p = make_params(SPENDING)
    one_unit = np.ones((1, 7))
    pooled = pooled_vs_alone(one_unit, np.zeros((1, 7)), p)
    alone = pooled_vs_alone(np.zeros((1, 7)), one_unit, p)
    np.testing.assert_allclose(pooled, (1 + 0.25) * (1 - 0.2 * 0.5))  # synergy at a balanced budget; half the leakage
    np.testing.assert_allclose(alone, (1 - 0.3) * (1 - 0.2))  # duplication lost, full leakage
    both = pooled_vs_alone(one_unit, one_unit, p)
    np.testing.assert_allclose(both, pooled + alone)


def test_no_coordination_gain_treats_pooled_money_like_money_spent_alone() -> None:
    p = make_params(SPENDING)
    one_unit = np.ones((1, 7))
    np.testing.assert_allclose(no_coordination_gain(one_unit, np.zeros((1, 7)), p), 0.7 * 0.8)
    np.testing.assert_allclose(no_coordination_gain(one_unit, one_unit, p), 2 * 0.7 * 0.8)


def test_delivery_follows_its_equation() -> None:
    p = make_params(SPENDING)
    effective = np.array([[5.0 / 7, 0.0, 5.0 / 7, 0, 0, 0, 0]])  # US$ k on two dimensions
    gain = saturating_delivery(effective, 1000, 0.25, p)
    effort = 7 * (5.0 / 7) * 1000 / (1000 * 5.0)  # = 1: spending per person equals the cost scale
    np.testing.assert_allclose(gain[0, [0, 2]], 0.02 * (1 - math.exp(-effort)) * 0.75)
    np.testing.assert_array_equal(gain[0, [1, 3, 4, 5, 6]], 0.0)
    np.testing.assert_allclose(linear_delivery(effective, 1000, 0.25, p)[0, 0], 0.02 * 1.0 * 0.75)


def test_delivery_depends_on_money_only_through_spending_per_person_over_the_cost_scale() -> None:
    p = make_params(SPENDING)
    q = make_params({**SPENDING, "cost_per_person": 15.0})
    effective = np.full((2, 7), 3.0)
    base = saturating_delivery(effective, 800, 0.0, p)
    np.testing.assert_allclose(base, saturating_delivery(3 * effective, 800, 0.0, q))
    np.testing.assert_allclose(base, saturating_delivery(2 * effective, 1600, 0.0, p))


def test_delivery_has_diminishing_returns_and_full_disruption_delivers_nothing() -> None:
    p = make_params(SPENDING)
    gains = [saturating_delivery(np.full((1, 7), x), 1000, 0.0, p)[0, 0] for x in (1.0, 2.0, 3.0)]
    assert gains[0] < gains[1] < gains[2] < p.max_gain
    assert gains[2] - gains[1] < gains[1] - gains[0]
    np.testing.assert_array_equal(saturating_delivery(np.full((1, 7), 5.0), 1000, 1.0, p), 0.0)


# ----------------------------------------------------------------------------- benefit rules
OUTPUT = 90.0
PAID = np.array([0.0, 10.0, 30.0])
NEED = np.array([0.2, 0.5, 0.3])


@pytest.mark.parametrize("benefit", [equal_benefit, proportional_benefit, need_benefit])
def test_benefit_shares_add_up_to_output(benefit) -> None:
    shares = benefit(OUTPUT, PAID, NEED)
    assert shares.sum() == pytest.approx(OUTPUT)
    assert np.all(shares >= 0)


def test_benefit_rules_by_hand() -> None:
    np.testing.assert_allclose(equal_benefit(OUTPUT, PAID, NEED), [30.0, 30.0, 30.0])
    np.testing.assert_allclose(proportional_benefit(OUTPUT, PAID, NEED), [0.0, 22.5, 67.5])
    np.testing.assert_allclose(need_benefit(OUTPUT, PAID, NEED), [18.0, 45.0, 27.0])


def test_need_rule_gives_more_to_the_needier() -> None:
    shares = need_benefit(OUTPUT, PAID, NEED)
    order = np.argsort(NEED)
    assert np.all(np.diff(shares[order]) > 0)


def test_benefit_rules_fall_back_to_equal_shares() -> None:
    np.testing.assert_allclose(proportional_benefit(OUTPUT, np.zeros(3), NEED), 30.0)
    np.testing.assert_allclose(need_benefit(OUTPUT, PAID, np.zeros(3)), 30.0)


# ----------------------------------------------------------------------------- human security
HS = {"hs_decay": 0.005}


def _residents(seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    h = np.random.default_rng(seed).uniform(0.05, 0.95, size=(2, 7, 30))  # (communities, 7, residents)
    return h, 0.005 * h / (1.0 - h)


def test_resident_at_fixed_point_stays_without_spending() -> None:
    h, services = _residents()
    start = h.copy()
    for _ in range(24):
        diminishing_returns(h, services, np.zeros((2, 7)), make_params(HS))
    np.testing.assert_allclose(h, start, atol=1e-12)


def test_a_gain_rate_closes_that_share_of_the_gap() -> None:
    h, services = _residents()
    start = h.copy()
    after = diminishing_returns(h.copy(), services, np.full((2, 7), 0.01), make_params(HS))
    np.testing.assert_allclose(after, start + 0.01 * (1 - start))


def test_a_gain_on_one_dimension_of_one_community_raises_only_that_dimension() -> None:
    h, services = _residents()
    start = h.copy()
    gain = np.zeros((2, 7))
    gain[1, 4] = 0.01
    after = diminishing_returns(h, services, gain, make_params(HS))
    moved = np.abs(after - start) > 1e-12
    assert moved[1, 4].all(), "every resident of community 1 gains on dimension 4"
    assert moved.sum() == moved[1, 4].size, "nothing else moves (the rest sits at its fixed point)"


def test_human_security_decays_without_services_or_spending() -> None:
    h = np.full((1, 7, 2), 0.6)
    after = diminishing_returns(h, np.zeros_like(h), np.zeros((1, 7)), make_params(HS))
    np.testing.assert_allclose(after, 0.6 * (1 - 0.005))


def test_human_security_stays_in_unit_interval() -> None:
    h = np.concatenate([np.zeros((1, 7, 2)), np.ones((1, 7, 2))], axis=2)
    after = diminishing_returns(h, np.full_like(h, 5.0), np.full((1, 7), 0.2), make_params({"hs_decay": 0.02}))
    assert np.all((after >= 0) & (after <= 1))
    low = diminishing_returns(np.zeros((1, 7, 1)), np.zeros((1, 7, 1)), np.zeros((1, 7)), make_params(HS))
    np.testing.assert_array_equal(low, 0.0)


# ----------------------------------------------------------------------------- social licence
LICENCE = {
    "licence_intercept": -3.0,
    "licence_trust": 4.0,
    "licence_fairness": 1.5,
    "licence_government": 1.5,
    "licence_impact": 2.0,
    "acceptance_fairness": 0.5,
    "credibility_trust": 0.4,
    "institutional_trust": 0.5,
    "identification_months": 12,
}


def _licence(tk: float, df: float, tg: float, impact: float, months: int = 0):
    a, level, m = licence_levels(
        np.array([tk]), np.array([df]), np.array([tg]), impact, np.array([months]), make_params(LICENCE)
    )
    return float(a[0]), int(level[0]), int(m[0])


def test_high_trust_and_fairness_reach_identification_after_enough_months() -> None:
    months = 0
    for month in range(1, 12):
        a, level, months = _licence(0.9, 1.0, 0.9, 0.0, months)
        assert a == pytest.approx(sigmoid(-3 + 4 * 0.9 + 1.5 + 1.5 * 0.9))
        assert months == month
        assert level == APPROVAL
    _, level, months = _licence(0.9, 1.0, 0.9, 0.0, months)
    assert months == 12 and level == IDENTIFICATION


def test_institutional_months_reset_when_trust_in_government_falls() -> None:
    a, level, months = _licence(0.9, 1.0, 0.3, 0.0, 30)
    assert months == 0
    assert a == pytest.approx(sigmoid(-3 + 3.6 + 1.5 + 0.45))
    assert level == APPROVAL


def test_zero_trust_gives_withdrawal() -> None:
    a, level, months = _licence(0.0, 0.5, 0.0, 0.2)
    assert a == pytest.approx(sigmoid(-3 + 0.75 - 0.4))
    assert level == WITHDRAWAL and months == 0


def test_zero_trust_in_the_company_caps_the_licence_at_acceptance() -> None:
    a, level, _ = _licence(0.0, 1.0, 1.0, 0.0, 100)
    assert a == pytest.approx(0.5)
    assert level == ACCEPTANCE


def test_unfair_distribution_withholds_the_licence_despite_trust() -> None:
    a, level, _ = _licence(0.9, 0.2, 0.9, 0.0, 100)
    assert a > 0.75
    assert level == WITHDRAWAL


# ----------------------------------------------------------------------------- mobilisation
MOB = {
    "grievance_scale": 1.0,  # Epstein's form; the scale has its own test
    "protective_presence": 0.04,
    "activation_threshold": 0.1,
    "arrest_constant": 2.3,
    "max_jail_months": 6,
    "arrests_per_cop": 1,  # Epstein's one arrest per cop
}
C, R = 2, 200


def _people(state_value: int = QUIET):
    return np.full((C, R), state_value, dtype=np.int8), np.zeros((C, R), dtype=np.int16)


def test_full_legitimacy_leaves_nobody_active() -> None:
    state, jail = _people()
    arrests, mobilised = epstein_mobilisation(
        np.random.default_rng(0), np.ones((C, R)), np.zeros((C, R)), state, jail, np.ones(C), make_params(MOB)
    )
    assert np.all(state == QUIET)
    np.testing.assert_array_equal(arrests, 0)
    np.testing.assert_array_equal(mobilised, 0)


def test_jailed_residents_are_released_when_their_term_ends() -> None:
    state, jail = _people()
    state[0, 0], jail[0, 0] = JAILED, 1
    state[0, 1], jail[0, 1] = JAILED, 3
    p, rng, legit = make_params(MOB), np.random.default_rng(0), np.ones(C)
    epstein_mobilisation(rng, np.ones((C, R)), np.zeros((C, R)), state, jail, legit, p)
    assert state[0, 0] == QUIET
    assert state[0, 1] == JAILED
    epstein_mobilisation(rng, np.ones((C, R)), np.zeros((C, R)), state, jail, legit, p)
    assert state[0, 1] == JAILED
    epstein_mobilisation(rng, np.ones((C, R)), np.zeros((C, R)), state, jail, legit, p)
    assert state[0, 1] == QUIET


def test_jailed_residents_do_not_turn_active_while_in_jail() -> None:
    state, jail = _people()
    state[:, :5], jail[:, :5] = JAILED, 5
    epstein_mobilisation(
        np.random.default_rng(0), np.ones((C, R)), np.zeros((C, R)), state, jail, np.zeros(C), make_params(MOB)
    )
    assert np.all(state[:, :5] == JAILED)


@pytest.mark.parametrize("per_cop", [1, 2, 3])
def test_arrests_never_exceed_the_cops(per_cop: int) -> None:
    p = make_params({**MOB, "arrests_per_cop": per_cop})
    cops = 0.04 * R  # 8 per community
    state, jail = _people()
    arrests, mobilised = epstein_mobilisation(
        np.random.default_rng(0), np.ones((C, R)), np.zeros((C, R)), state, jail, np.zeros(C), p
    )
    # Everyone is active (G = 1 > 0.1 and no risk aversion); each cop takes its quota.
    np.testing.assert_array_equal(arrests, [cops * per_cop, cops * per_cop])
    np.testing.assert_array_equal(mobilised, [R, R]), "mobilisation is counted before arrests"
    np.testing.assert_array_equal((state == JAILED).sum(axis=1), arrests)
    np.testing.assert_array_equal((state == ACTIVE).sum(axis=1), R - arrests)
    terms = jail[state == JAILED]
    assert terms.min() >= 1 and terms.max() <= 6


def test_cops_take_only_active_residents_and_all_of_them_when_they_suffice() -> None:
    p = make_params(MOB)  # 8 cops, one arrest each, per community
    hardship = np.zeros((C, R))
    hardship[0, 10:15] = 1.0  # 5 active in community 0: all taken
    hardship[1, ::10] = 1.0  # 20 active in community 1: 8 taken
    state, jail = _people()
    arrests, mobilised = epstein_mobilisation(
        np.random.default_rng(0), hardship, np.zeros((C, R)), state, jail, np.zeros(C), p
    )
    np.testing.assert_array_equal(arrests, [5, 8])
    np.testing.assert_array_equal(mobilised, [5, 20])
    assert np.all(state[0, 10:15] == JAILED)
    jailed = state == JAILED
    assert not jailed[hardship == 0].any(), "a quiet resident was arrested"
    assert np.all(state[(hardship > 0) & ~jailed] == ACTIVE)


def test_arrests_pick_the_active_uniformly_and_depend_only_on_the_seed() -> None:
    p = make_params(MOB)
    hardship, calm = np.zeros((1, R)), np.zeros((1, R))
    hardship[0, :40] = 1.0  # 40 active, 8 cops
    picks = np.zeros(R)
    for seed in range(400):
        runs = []
        for _ in range(2):
            state, jail = np.zeros((1, R), dtype=np.int8), np.zeros((1, R), dtype=np.int16)
            epstein_mobilisation(np.random.default_rng(seed), hardship, calm, state, jail, np.zeros(1), p)
            runs.append((state, jail))
        (state, jail), (again, again_jail) = runs
        np.testing.assert_array_equal(again, state)
        np.testing.assert_array_equal(again_jail, jail)
        picks += state[0] == JAILED
    assert picks[40:].sum() == 0
    # Each active resident is taken with probability 8/40 = 0.2: 80 of 400 times, SD 8.
    assert np.all(np.abs(picks[:40] - 80) < 40)


def test_activation_rule_is_grievance_minus_risk_above_threshold() -> None:
    p = make_params(MOB)
    risk = np.zeros((C, R))
    risk[:, R // 2 :] = 1.0
    state, jail = _people()
    # G = 0.5·(1 − 0.2) = 0.4; arrest probability 1 − exp(−2.3·8/1) ≈ 1 makes the risk-averse stay home.
    epstein_mobilisation(np.random.default_rng(0), np.full((C, R), 0.5), risk, state, jail, np.full(C, 0.2), p)
    assert np.all(state[:, R // 2 :] == QUIET)
    assert np.all(state[:, : R // 2] != QUIET)
    assert np.all((state == JAILED).sum(axis=1) == 8)  # 8 cops, one arrest each
    for hardship, expected in [(0.09, QUIET), (0.11, ACTIVE)]:
        state, jail = _people()
        epstein_mobilisation(
            np.random.default_rng(0),
            np.full((C, R), hardship),
            np.zeros((C, R)),
            state,
            jail,
            np.zeros(C),
            make_params({**MOB, "protective_presence": 0.01}),
        )
        assert np.all(state[state != JAILED] == expected)


def test_grievance_scale_multiplies_grievance() -> None:
    """G = s·H·(1 − L): with s = 0.5 the activation threshold 0.1 needs twice the hardship."""
    for hardship, expected in [(0.19, QUIET), (0.21, ACTIVE)]:
        state, jail = _people()
        params = make_params({**MOB, "protective_presence": 0.01, "grievance_scale": 0.5})
        hardships = np.full((C, R), hardship)
        epstein_mobilisation(np.random.default_rng(0), hardships, np.zeros((C, R)), state, jail, np.zeros(C), params)
        assert np.all(state[state != JAILED] == expected)


def test_no_mobilisation_rule_quiets_everyone() -> None:
    state, jail = _people(ACTIVE)
    arrests, mobilised = no_mobilisation(
        np.random.default_rng(0), np.ones((C, R)), np.zeros((C, R)), state, jail, np.zeros(C), make_params(MOB)
    )
    assert np.all(state == QUIET)
    np.testing.assert_array_equal(arrests, 0)
    np.testing.assert_array_equal(mobilised, 0)


# ----------------------------------------------------------------------------- shocks
def test_no_armed_events_without_armed_groups() -> None:
    p = make_params({"armed_event_rate": 0.0, "market_shock_rate": 0.0, "armed_company_link": 1.0})
    rng = np.random.default_rng(11)
    for _ in range(2000):
        events, linked, market = poisson_shocks(rng, 4, p)
        assert events.shape == (4,)
        assert events.sum() == 0 and linked.sum() == 0 and not market


def test_armed_event_rate_is_lowered_by_protective_presence() -> None:
    p = make_params({"armed_event_rate": 0.3, "protective_presence": 0.04, "protection_efficacy": 5.0})
    rng = np.random.default_rng(12)
    draws = 20000
    total = 0
    for _ in range(draws):
        events, linked, _ = poisson_shocks(rng, 3, p)
        assert np.all(linked <= events) and np.all(linked >= 0)
        total += events.sum()
    assert total / draws == pytest.approx(0.3 * (1 - 0.2), abs=0.02)  # SE ≈ 0.0035


def test_company_link_bounds() -> None:
    rng = np.random.default_rng(13)
    for link, check in [(0.0, lambda e, lk: lk.sum() == 0), (1.0, lambda e, lk: np.array_equal(e, lk))]:
        p = make_params({"armed_event_rate": 0.3, "armed_company_link": link})
        for _ in range(500):
            events, linked, _ = poisson_shocks(rng, 3, p)
            assert check(events, linked)


def test_no_shocks_rule() -> None:
    events, linked, market = no_shocks(np.random.default_rng(0), 5, make_params({"armed_event_rate": 0.3}))
    assert events.sum() == 0 and linked.sum() == 0 and market is False and len(events) == 5


# ----------------------------------------------------------------------------- turnover
TRUST_G = np.array([0.8, 0.1, 0.6])
INITIAL_G = np.array([0.2, 0.2, 0.6])


def test_turnover_happens_only_on_multiples_of_the_period() -> None:
    p = make_params({"turnover_period": 48, "turnover_regression": 0.5})
    for month in (1, 24, 47, 49, 95):
        np.testing.assert_array_equal(trust_regression(TRUST_G, INITIAL_G, month, p), TRUST_G)
    for month in (48, 96):
        np.testing.assert_allclose(trust_regression(TRUST_G, INITIAL_G, month, p), [0.5, 0.15, 0.6])


def test_turnover_regression_bounds() -> None:
    np.testing.assert_allclose(
        trust_regression(TRUST_G, INITIAL_G, 12, make_params({"turnover_period": 12, "turnover_regression": 0.0})),
        TRUST_G,
    )
    np.testing.assert_allclose(
        trust_regression(TRUST_G, INITIAL_G, 12, make_params({"turnover_period": 12, "turnover_regression": 1.0})),
        INITIAL_G,
    )
    np.testing.assert_array_equal(no_turnover(TRUST_G, INITIAL_G, 48, make_params({})), TRUST_G)


# ----------------------------------------------------------------------------- exit
EXIT = {"exit_trust": 0.1, "exit_grace": 12}
SHORTFALL = np.array([0.5, -0.5, -0.5])  # only the first falls short of its outside option
TRUST_MEAN = np.array([0.5, 0.5, 0.05])  # T_min = 0.1: only the third is below
PATIENCE = np.array([3, 3, 3])


def test_strikes_accumulate_and_partners_leave_after_their_patience_with_a_reason() -> None:
    p = make_params(EXIT)
    strikes = np.zeros(3, dtype=int)
    for month, want in [(13, [1, 0, 1]), (14, [2, 0, 2])]:
        leaves, strikes, reason = outside_option_exit(SHORTFALL, TRUST_MEAN, strikes, PATIENCE, month, p)
        np.testing.assert_array_equal(strikes, want)
        assert not leaves.any()
        np.testing.assert_array_equal(reason, STAYED)
    leaves, strikes, reason = outside_option_exit(SHORTFALL, TRUST_MEAN, strikes, PATIENCE, 15, p)
    np.testing.assert_array_equal(strikes, [3, 0, 3])
    np.testing.assert_array_equal(leaves, [True, False, True])
    np.testing.assert_array_equal(reason, [OUTSIDE_OPTION, STAYED, LOST_TRUST])


def test_each_partner_leaves_after_its_own_patience() -> None:
    p = make_params(EXIT)
    strikes = np.zeros(3, dtype=int)
    unhappy = np.full(3, 0.5)
    months = []
    for month in range(13, 30):
        leaves, strikes, _ = outside_option_exit(unhappy, np.full(3, 0.5), strikes, np.array([1, 4, 9]), month, p)
        months.append(leaves.copy())
    first = [int(np.argmax([m[i] for m in months])) + 13 for i in range(3)]
    assert first == [13, 16, 21]


def test_a_good_month_resets_strikes() -> None:
    p = make_params(EXIT)
    good = np.full(3, -0.1)
    leaves, strikes, _ = outside_option_exit(good, np.full(3, 0.5), np.array([2, 5, 0]), PATIENCE, 30, p)
    np.testing.assert_array_equal(strikes, 0)
    assert not leaves.any()


def test_nothing_is_counted_during_the_grace_period() -> None:
    """Strikes cannot pile up before the grace period ends and then fire together (docs/MODEL.md §4 Exit)."""
    p = make_params(EXIT)
    strikes = np.zeros(3, dtype=int)
    for month in range(1, 13):
        leaves, strikes, _ = outside_option_exit(SHORTFALL, TRUST_MEAN, strikes, PATIENCE, month, p)
        assert not leaves.any()
        np.testing.assert_array_equal(strikes, 0)
    leaves, strikes, _ = outside_option_exit(SHORTFALL, TRUST_MEAN, strikes, PATIENCE, 13, p)
    np.testing.assert_array_equal(strikes, [1, 0, 1])
    assert not leaves.any(), "the first counted month is one strike, not a backlog"


def test_never_exit_rule() -> None:
    leaves, strikes, reason = never_exit(SHORTFALL, TRUST_MEAN, np.array([9, 9, 9]), PATIENCE, 100, make_params(EXIT))
    assert not leaves.any()
    np.testing.assert_array_equal(strikes, [9, 9, 9])
    np.testing.assert_array_equal(reason, STAYED)


@pytest.mark.parametrize(
    ("companies_left", "government_left", "communities_left", "communities", "expected"),
    [
        (False, False, 0, 4, False),
        (True, False, 0, 4, True),
        (False, True, 0, 4, True),
        (False, False, 2, 4, False),  # exactly half is not more than half
        (False, False, 3, 4, True),
        (False, False, 1, 3, False),
        (False, False, 2, 3, True),
        (False, False, 1, 2, False),
        (False, False, 2, 2, True),
    ],
)
def test_dissolution_cases(
    companies_left: bool, government_left: bool, communities_left: int, communities: int, expected: bool
) -> None:
    assert dissolved(companies_left, government_left, communities_left, communities) is expected
