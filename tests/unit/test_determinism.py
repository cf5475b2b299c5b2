"""Determinism: a run is a pure function of its parameters and seed (docs/DESIGN.md decision 3)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hsbp.sim.model import PartnershipModel
from hsbp.sim.outcomes import outcomes
from hsbp.sim.params import make_params
from hsbp.sim.rules.trust import symmetric_trust
from hsbp.sim.run import run
from hsbp.sim.scenario import load_scenario

# Small and eventful: armed events, sanctions, antisocial punishment and blockades all draw random numbers.
SMALL = {
    "horizon_months": 30,
    "residents": 120,
    "communities": 3,
    "armed_event_rate": 0.3,
    "market_shock_rate": 0.1,
    "sanctions": True,
    "rule_of_law": 0.2,
    "observation_noise": 0.3,
    "meeting_frequency": 1.5,
}

SCENARIO = textwrap.dedent(
    """
    name = "testville"
    description = "A fragile test municipality"
    [structure]
    communities = 3
    residents = 100
    horizon_months = 24
    [context]
    armed_event_rate = 0.3
    initial_trust = 0.1
    [design]
    inclusivity = 0.9
    benefit_rule = "need"
    [behaviour]
    trust_loss_ratio = 5.0
    [rules]
    trust = "symmetric"
    """
)


def _model(params: dict, seed: int) -> PartnershipModel:
    model = PartnershipModel(None, rng=np.random.default_rng(seed), **params)
    model.run()
    return model


def test_same_params_and_seed_give_identical_outcomes_and_frames() -> None:
    first, second = _model(SMALL, 42), _model(SMALL, 42)
    assert outcomes(first) == outcomes(second)
    frame = first.datacollector.get_model_vars_dataframe()
    assert len(frame) == SMALL["horizon_months"] + 1
    pd.testing.assert_frame_equal(frame, second.datacollector.get_model_vars_dataframe())
    np.testing.assert_array_equal(first.state.trust, second.state.trust)
    np.testing.assert_array_equal(first.residents.h, second.residents.h)


def test_different_seeds_give_different_runs() -> None:
    first, second = _model(SMALL, 1), _model(SMALL, 2)
    assert outcomes(first) != outcomes(second)
    assert not first.datacollector.get_model_vars_dataframe().equals(second.datacollector.get_model_vars_dataframe())
    assert not np.array_equal(first.residents.h, second.residents.h)


def test_run_is_reproducible_and_ignores_global_random_state() -> None:
    np.random.seed(0)
    first = run(SMALL, seed=9)
    np.random.seed(12345)
    np.random.random(100)
    second = run(SMALL, seed=9)
    assert first == second
    assert run(SMALL, seed=10) != first


def test_run_equals_a_model_run_by_hand() -> None:
    by_hand = PartnershipModel(None, rng=5, **SMALL)
    by_hand.run()
    assert run(SMALL, seed=5) == outcomes(by_hand)


def test_without_collecting_only_the_monthly_series_is_missing() -> None:
    quiet = PartnershipModel(None, rng=5, collect=False, **SMALL)
    quiet.run()
    full = PartnershipModel(None, rng=5, **SMALL)
    full.run()
    assert outcomes(quiet) == outcomes(full)
    np.testing.assert_array_equal(quiet.residents.h, full.residents.h)
    np.testing.assert_array_equal(quiet.state.trust, full.state.trust)
    assert quiet.datacollector.get_model_vars_dataframe().empty
    assert len(full.datacollector.get_model_vars_dataframe()) == SMALL["horizon_months"] + 1


def test_run_does_not_change_the_params_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "testville.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    params = {"scenario": str(path), "horizon_months": 12}
    run(params, seed=0)
    assert params == {"scenario": str(path), "horizon_months": 12}


def test_run_with_a_scenario_key_uses_that_scenario(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "testville.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.params.inclusivity == 0.9 and scenario.params.benefit_rule == "need"

    by_hand = PartnershipModel(scenario, rng=3)
    assert by_hand.rules["trust"] is symmetric_trust
    assert by_hand.params.horizon_months == 24
    by_hand.run()
    assert by_hand.month == 24

    via_path = run({"scenario": str(path)}, seed=3)
    assert via_path == outcomes(by_hand)
    # By name, from the scenarios folder.
    monkeypatch.setenv("HSBP_SCENARIOS", str(tmp_path))
    assert run({"scenario": "testville"}, seed=3) == via_path
    # The scenario is not the catalogue defaults: without the key the run differs.
    assert run({}, seed=3) != via_path


def test_params_override_the_scenario(tmp_path: Path) -> None:
    path = tmp_path / "testville.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    calm = run({"scenario": str(path), "armed_event_rate": 0.0, "rules.trust": "asymmetric"}, seed=4)
    assert calm["armed_events"] == 0.0
    assert calm["durability_months"] <= 24
    model = PartnershipModel(load_scenario(path), rng=np.random.default_rng(4), armed_event_rate=0.0)
    assert model.params.communities == 3 and model.params.armed_event_rate == 0.0


def test_order_of_keys_does_not_matter() -> None:
    params = {**SMALL, "rules.trust": "symmetric", "rules.exit": "never", "inclusivity": 0.8, "quorum": 0.75}
    reordered = dict(reversed(list(params.items())))
    assert list(reordered) != list(params)
    assert run(params, seed=7) == run(reordered, seed=7)
    assert make_params({k: v for k, v in params.items() if "." not in k}) == make_params(
        {k: v for k, v in reordered.items() if "." not in k}
    )
    first = PartnershipModel(None, rng=np.random.default_rng(7), **params)
    second = PartnershipModel(None, rng=np.random.default_rng(7), **reordered)
    first.run()
    second.run()
    pd.testing.assert_frame_equal(
        first.datacollector.get_model_vars_dataframe(), second.datacollector.get_model_vars_dataframe()
    )


def test_a_run_does_not_leak_into_the_next() -> None:
    """Runs in one process share no state: a run between two equal runs changes nothing."""
    before = run(SMALL, seed=11)
    run({**SMALL, "rules.trust": "symmetric", "sanctions": False, "armed_event_rate": 0.0}, seed=99)
    assert run(SMALL, seed=11) == before
