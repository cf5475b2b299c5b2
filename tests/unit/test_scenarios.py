"""Every shipped scenario validates and runs; bad files give one-line errors naming file, key, value, allowed."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hsbp.sim import PartnershipModel, ScenarioError, load_scenario, run
from hsbp.sim.outcomes import outcomes
from hsbp.sim.scenario import available

SHIPPED = sorted(available())


def test_at_least_eight_scenarios_including_the_pilot_sites() -> None:
    assert len(SHIPPED) >= 8
    for name in (
        "tumaco",
        "el_charco",
        "bello",
        "dabeiba",
        "ituango",
        "stable_baseline",
        "acute_crisis",
        "extractive_enclave",
    ):
        assert name in SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_scenario_validates_and_runs(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.description
    model = PartnershipModel(scenario, rng=np.random.default_rng(3), horizon_months=24)
    model.run()
    result = outcomes(model)
    assert all(math.isfinite(v) for v in result.values())
    assert 0 <= result["durability_months"] <= 24


@pytest.mark.parametrize("name", ["tumaco", "el_charco", "bello", "dabeiba", "ituango"])
def test_pilot_site_files_say_they_are_stylised(name: str) -> None:
    assert "not calibrated" in load_scenario(name).note


def _write(tmp_path, text: str):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[context]\narmed_event_rate = 1.7\n", ["context.armed_event_rate = 1.7", "out of range", "0 to 0.3"]),
        ('[context]\ninitial_trust = "low"\n', ["context.initial_trust", '"low"', "wrong type"]),
        ("[context]\nunknown_thing = 1\n", ["context.unknown_thing", "not a parameter", "allowed in [context]"]),
        ("[design]\narmed_event_rate = 0.1\n", ["design.armed_event_rate", "belongs in [context]"]),
        ("[design]\nquorum = 0.6\n", ["quorum = 0.6", "one of 0.5, 0.67, 0.75, 1"]),
        ('[design]\nbenefit_rule = "lottery"\n', ['"lottery"', '"equal", "proportional", "need"']),
        ("[structure]\ncommunities = 2.5\n", ["communities = 2.5", "integer"]),
        ('[rules]\ntrust = "telepathic"\n', ["rules.trust", "telepathic", "asymmetric", "symmetric"]),
        ('[rules]\nbenefit = "need"\n', ["rules.benefit", "benefit_rule"]),
        ('[rules]\nmodules = ["no_such_module_xyz"]\n', ["rules.modules", "no_such_module_xyz"]),
        ('colour = "blue"\n', ["unknown key 'colour'"]),
        ("[context\n", ["not valid TOML"]),
        (
            "[behaviour]\nfairness_weight = 0.05\ncontact_weight = 0.1\n",
            ["contact_weight must be below fairness_weight"],
        ),
    ],
)
def test_bad_files_name_file_key_value_and_what_is_allowed(tmp_path, text: str, expected: list[str]) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert "\n" not in message
    assert "bad.toml" in message
    for fragment in expected:
        assert fragment in message


def test_unknown_scenario_name_lists_the_shipped_ones() -> None:
    with pytest.raises(ScenarioError, match="tumaco"):
        load_scenario("atlantis")


def test_overrides_are_validated_like_file_values() -> None:
    scenario = load_scenario("tumaco")
    with pytest.raises(ScenarioError, match="inclusivity = 2 is out of range"):
        scenario.with_overrides({"inclusivity": 2.0})
    changed = scenario.with_overrides({"inclusivity": 0.9, "rules.trust": "symmetric"})
    assert changed.params.inclusivity == 0.9
    assert changed.rules["trust"] == "symmetric"
    assert scenario.params.inclusivity != 0.9  # the original is untouched


def test_changing_a_lever_changes_the_run_with_the_same_seed() -> None:
    low = run({"scenario": "dabeiba", "inclusivity": 0.0, "horizon_months": 60}, seed=5)
    high = run({"scenario": "dabeiba", "inclusivity": 1.0, "horizon_months": 60}, seed=5)
    assert low != high
