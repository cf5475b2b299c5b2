"""Property tests: whole runs over the whole parameter catalogue keep the state meaningful.

Every parameter is drawn from its catalogue bounds or choices (structure sizes capped
for speed), respecting the cross-parameter CONSTRAINTS; rule choices are drawn from
the registry. After every month the relational state, residents and counters must be
finite and inside their ranges, and every outcome must be finite.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hsbp.sim.model import PartnershipModel
from hsbp.sim.outcomes import OUTCOMES, outcomes
from hsbp.sim.params import CATALOGUE, CONSTRAINTS, Parameter, make_params
from hsbp.sim.registry import MECHANISMS, rules_for
from hsbp.sim.rules.licence import IDENTIFICATION, WITHDRAWAL
from hsbp.sim.rules.mobilisation import ACTIVE, JAILED, QUIET

# Smaller upper bounds for the structure, so that a run takes a fraction of a second.
CAPS: dict[str, int] = {"residents": 200, "horizon_months": 36}
# Drawn together below so that the CONSTRAINTS hold.
JOINT = {"fairness_weight", "contact_weight", "cooperator_share", "free_rider_share", "hump_share"}


def _strategy(parameter: Parameter) -> st.SearchStrategy[Any]:
    if parameter.choices is not None:
        return st.sampled_from(parameter.choices)
    if parameter.type is bool:
        return st.booleans()
    lo, hi = parameter.bounds  # type: ignore[misc]
    hi = min(hi, CAPS.get(parameter.name, hi))
    if parameter.type is int:
        return st.integers(int(lo), int(hi))
    return st.floats(float(lo), float(hi), allow_nan=False, allow_infinity=False)


@st.composite
def catalogue_values(draw: st.DrawFn) -> dict[str, Any]:
    """One value for every catalogue parameter, inside its bounds and the cross-parameter constraints."""
    values = {p.name: draw(_strategy(p)) for p in CATALOGUE if p.name not in JOINT}
    fairness = draw(st.floats(0.02, 0.2, exclude_min=True))
    values["fairness_weight"] = fairness
    values["contact_weight"] = draw(st.floats(0.02, fairness, exclude_max=True))
    cooperators = draw(st.floats(0.0, 1.0))
    free_riders = draw(st.floats(0.0, 1.0 - cooperators))
    values["cooperator_share"] = cooperators
    values["free_rider_share"] = free_riders
    values["hump_share"] = draw(st.floats(0.0, max(0.0, 1.0 - cooperators - free_riders)))
    return values


@st.composite
def rule_choices(draw: st.DrawFn) -> dict[str, str]:
    """One registered rule for every mechanism, as `rules.<mechanism>` overrides."""
    return {f"rules.{m}": draw(st.sampled_from(sorted(rules_for(m)))) for m in MECHANISMS}


def _in_unit(name: str, array: np.ndarray) -> None:
    assert np.all(np.isfinite(array)), f"{name} has NaN or inf"
    assert np.all((array >= 0.0) & (array <= 1.0)), f"{name} leaves [0, 1]: {array.min()}..{array.max()}"


def _check_state(model: PartnershipModel) -> None:
    state, residents = model.state, model.residents
    for field in dataclasses.fields(state):
        value = getattr(state, field.name)
        assert np.all(np.isfinite(np.asarray(value, dtype=float))), f"state.{field.name} has NaN or inf"
    _in_unit("trust", state.trust)
    _in_unit("damage", state.damage)
    _in_unit("understanding", state.understanding)
    _in_unit("acceptance", state.acceptance)
    _in_unit("residents.h", residents.h)
    # The cached readings of h are those of the current h (every change to h forgets them).
    fresh_index = np.exp(np.log(np.maximum(residents.h, 1e-6)).mean(axis=1))
    np.testing.assert_allclose(residents.index(), fresh_index, rtol=1e-12, atol=0)
    np.testing.assert_allclose(residents.dimension_means(), residents.h.mean(axis=2), rtol=1e-12, atol=0)
    assert np.all(np.isfinite(residents.services))
    assert np.all(np.isin(residents.state, (QUIET, ACTIVE, JAILED)))
    assert np.all((state.licence_level >= WITHDRAWAL) & (state.licence_level <= IDENTIFICATION))
    assert np.all(state.contribution >= 0.0)
    assert np.all(state.contribution <= state.capacity * (1 + 1e-9) + 1e-12)
    assert 0.0 <= model.active_share <= 1.0
    for name, value in model.counters.items():
        assert math.isfinite(value), f"counter {name} is not finite"


def _run_and_check(values: dict[str, Any], rules: dict[str, str], seed: int) -> None:
    make_params(values)  # the drawn values are valid, constraints included
    assert all(holds(values) for _, holds in CONSTRAINTS)
    model = PartnershipModel(None, rng=np.random.default_rng(seed), **values, **rules)
    _check_state(model)
    for _ in range(values["horizon_months"]):
        model.step()
        _check_state(model)
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == values["horizon_months"] + 1
    assert not frame.isna().any().any(), "DataCollector frame has NaN"
    assert np.all(np.isfinite(frame.to_numpy(dtype=float)))
    result = outcomes(model)
    assert set(result) == set(OUTCOMES)
    for name, value in result.items():
        assert math.isfinite(value), f"outcome {name} = {value}"
    for name in (
        "dissolved",
        "survived_42",
        "survived_60",
        "hsi_final",
        "hsi_min_dimension",
        "hsi_inequality_adjusted",
        "peak_active_share",
        "decision_success_rate",
        "mean_trust_final",
        "government_legitimacy_final",
        "jailed_share_final",
        "hsi_worst_quintile",
        "pooled_share",
    ):
        assert 0.0 <= result[name] <= 1.0, f"outcome {name} = {result[name]}"
    assert -1e-12 <= result["hsi_gini"] < 1.0
    assert result["hsi_worst_quintile"] <= result["hsi_final"] + 1e-9 or result["hsi_gini"] > 0
    assert result["exits_outside_option"] + result["exits_trust"] == result["partner_exits"]
    months, community_months = result["blockade_months"], result["blockade_community_months"]
    assert months <= community_months <= values["communities"] * months
    assert result["company_conflict_cost"] <= result["company_cost"] + 1e-9
    assert 0.0 <= result["durability_months"] <= values["horizon_months"]
    assert 0.0 <= result["licence_level_mean"] <= 3.0
    partners = values["companies"] + 2 + values["communities"]
    if values["partnership"]:
        assert result["partner_exits"] + result["partners_remaining"] == partners
    else:  # the no-partnership baseline has no members and nobody to leave
        assert result["partner_exits"] == 0.0 and result["partners_remaining"] == 0.0
    for name in ("armed_events", "blockade_months", "disruption_cost", "contributions_total", "company_cost"):
        assert result[name] >= 0.0, f"outcome {name} = {result[name]}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=catalogue_values(), seed=st.integers(0, 2**32 - 1))
def test_default_rules_keep_state_in_range_across_the_catalogue(values: dict[str, Any], seed: int) -> None:
    _run_and_check(values, {}, seed)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=catalogue_values(), rules=rule_choices(), seed=st.integers(0, 2**32 - 1))
def test_any_rule_choice_keeps_state_in_range_across_the_catalogue(
    values: dict[str, Any], rules: dict[str, str], seed: int
) -> None:
    _run_and_check(values, rules, seed)


def test_a_community_reads_its_own_residents_resident_by_resident() -> None:
    model = PartnershipModel(None, rng=np.random.default_rng(2), residents=60, horizon_months=12, armed_event_rate=0.3)
    model.run()
    community = model.communities[1]
    assert community.human_security.shape == (60, 7)
    np.testing.assert_array_equal(community.human_security[:, 4], model.residents.h[1, 4])
    index = np.exp(np.log(community.human_security).mean(axis=1))
    np.testing.assert_allclose(community.hardship, 1.0 - index, rtol=1e-12)
    np.testing.assert_array_equal(community.activity, model.residents.state[1])
