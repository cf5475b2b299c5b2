"""A researcher's own rule, registered in their own module and selected from a scenario (docs/custom_rules.md)."""

from __future__ import annotations

import dataclasses
import importlib
import re
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from hsbp import sim
from hsbp.sim import registry
from hsbp.sim.params import Params

DOC = Path(__file__).resolve().parents[2] / "docs" / "custom_rules.md"

# Small and short, so each run takes a few milliseconds; the custom rule still gets called.
FAST = """
[structure]
residents = 50
horizon_months = 36
"""

# Every other way trust can move is switched off, so only the trust rule changes the trust matrix.
TRUST_ONLY = """
[structure]
residents = 50
horizon_months = 36

[context]
company_impact = 0.0

[rules]
modules = ["{module}"]
trust = "{trust}"
licence_channels = "none"
legitimacy_channel = "none"
mobilisation = "none"
turnover = "none"
exit = "never"
"""

FROZEN = """
from hsbp.sim import rule

CALLS = []


@rule("trust", "{name}")
def frozen_trust(trust, damage, signal, observed, p):
    CALLS.append((trust, damage, signal, observed, p))
    return trust.copy(), damage.copy()
"""


@pytest.fixture
def user_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], str]]:
    """Write a uniquely named module into tmp_path, importable for this test; return its name.

    `{name}` in the body becomes the module's unique rule name, `rule_name(module)`. The registry is
    global, so it and sys.modules are restored afterwards.
    """
    monkeypatch.syspath_prepend(str(tmp_path))
    saved = {mechanism: dict(rules) for mechanism, rules in registry._RULES.items()}
    written: list[str] = []

    def write(body: str) -> str:
        module = f"hsbp_user_rules_{uuid.uuid4().hex[:10]}"
        (tmp_path / f"{module}.py").write_text(textwrap.dedent(body).replace("{name}", rule_name(module)))
        importlib.invalidate_caches()
        written.append(module)
        return module

    yield write
    for module in written:
        sys.modules.pop(module, None)
    for mechanism, rules in saved.items():
        registry._RULES[mechanism] = rules


def rule_name(module: str) -> str:
    """The unique rule name a test module registers (derived from its unique module name)."""
    return "frozen_" + module.rsplit("_", 1)[-1]


def write_scenario(tmp_path: Path, text: str, stem: str = "scenario") -> Path:
    path = tmp_path / f"{stem}.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run_model(scenario: sim.Scenario, seed: int = 3) -> sim.PartnershipModel:
    model = sim.PartnershipModel(scenario, rng=np.random.default_rng(seed))
    model.run()
    return model


def test_scenario_selects_a_custom_rule_from_a_user_module(tmp_path, user_module):
    module = user_module(FROZEN)
    name = rule_name(module)
    path = write_scenario(tmp_path, FAST + f'\n[rules]\nmodules = ["{module}"]\ntrust = "{name}"\n')

    scenario = sim.load_scenario(path)

    assert scenario.rules == {"trust": name}
    assert scenario.rule_modules == (module,)
    model = sim.PartnershipModel(scenario, rng=np.random.default_rng(0))
    assert model.rules["trust"] is sys.modules[module].frozen_trust
    assert model.rules["trust"].rule_name == name
    model.run()
    assert len(sys.modules[module].CALLS) > 0


def test_frozen_trust_rule_keeps_mean_trust_constant_where_the_default_rule_moves_it(tmp_path, user_module):
    module = user_module(FROZEN)
    frozen = sim.load_scenario(write_scenario(tmp_path, TRUST_ONLY.format(module=module, trust=rule_name(module))))
    default = sim.load_scenario(write_scenario(tmp_path, TRUST_ONLY.format(module=module, trust="asymmetric"), "b"))

    with_custom = run_model(frozen)
    with_default = run_model(default)

    calls = sys.modules[module].CALLS
    assert len(calls) > 0, "the custom rule was never called"
    custom_series = np.array(with_custom.datacollector.model_vars["mean_trust"])
    default_series = np.array(with_default.datacollector.model_vars["mean_trust"])
    assert len(custom_series) == frozen.params.horizon_months + 1
    assert np.all(custom_series == custom_series[0]), "trust moved although the only rule that moves it is frozen"
    assert np.ptp(default_series) > 1e-3, "the default rule should move trust in the same setting"
    assert not np.allclose(custom_series, default_series)
    assert sim.outcomes(with_custom)["mean_trust_final"] != sim.outcomes(with_default)["mean_trust_final"]


def test_rule_gets_partner_arrays_and_the_immutable_params(tmp_path, user_module):
    module = user_module(FROZEN)
    scenario = sim.load_scenario(
        write_scenario(tmp_path, FAST + f'\n[rules]\nmodules = ["{module}"]\ntrust = "{rule_name(module)}"\n')
    )
    model = run_model(scenario)
    n = model.state.size
    assert n == scenario.params.companies + 2 + scenario.params.communities

    for trust, damage, signal, observed, p in sys.modules[module].CALLS:
        assert trust.shape == damage.shape == signal.shape == observed.shape == (n, n)
        assert trust.dtype == damage.dtype == signal.dtype == np.float64
        assert observed.dtype == bool
        assert not observed.diagonal().any(), "nobody updates trust in itself"
        assert isinstance(p, Params)
        assert p is model.params
    with pytest.raises(dataclasses.FrozenInstanceError):
        sys.modules[module].CALLS[0][4].trust_gain = 1.0


NO_SPENDING = """
from hsbp.sim import rule

CALLS = []


@rule("human_security", "{name}")
def no_spending_effect(h, services, spend_per_capita, p):
    CALLS.append((h.copy(), services, spend_per_capita))
    h *= 1 - p.hs_decay
    return h
"""


def test_human_security_rule_gets_residents_dimension_by_dimension_and_its_result_is_kept(tmp_path, user_module):
    module = user_module(NO_SPENDING)
    scenario = sim.load_scenario(
        write_scenario(tmp_path, FAST + f'\n[rules]\nmodules = ["{module}"]\nhuman_security = "{rule_name(module)}"\n')
    )
    model = run_model(scenario)
    c, r = scenario.params.communities, scenario.params.residents

    calls = sys.modules[module].CALLS
    assert len(calls) == scenario.params.horizon_months
    for h, services, spend in calls:
        assert h.shape == services.shape == (c, 7, r), "documented layout: h[community, dimension, resident]"
        assert spend.shape == (c, 7)
    # The rule only decays h, so the residents' h is the last h it saw, decayed once more.
    np.testing.assert_allclose(model.residents.h, calls[-1][0] * (1 - scenario.params.hs_decay))
    index = np.exp(np.log(np.maximum(model.residents.h, 1e-6)).mean(axis=1))
    np.testing.assert_allclose(model.residents.index(), index, rtol=1e-12)


def test_override_selects_a_custom_rule_when_its_module_is_listed_or_imported(tmp_path, user_module):
    module = user_module(FROZEN)
    name = rule_name(module)
    path = write_scenario(tmp_path, FAST + f'\n[rules]\nmodules = ["{module}"]\n')
    scenario = sim.load_scenario(path)
    assert scenario.rules == {}  # the default trust rule, until overridden

    # `hsbp run SCENARIO --set rules.trust=NAME` applies the override like this.
    overridden = scenario.with_overrides({"rules.trust": name}, origin="--set")
    assert overridden.rules == {"trust": name}
    run_model(overridden)
    calls_after_override = len(sys.modules[module].CALLS)
    assert calls_after_override > 0

    # sim.run: the scenario (which lists the module) plus a rules override...
    first = sim.run({"scenario": str(path), "rules.trust": name, "horizon_months": 24}, 5)
    assert len(sys.modules[module].CALLS) > calls_after_override
    # ...or, once the module is imported, the override alone on catalogue defaults.
    calls = len(sys.modules[module].CALLS)
    second = sim.run({"rules.trust": name, "residents": 50, "horizon_months": 24}, 5)
    assert len(sys.modules[module].CALLS) > calls
    assert first == second  # same setting, same seed


def test_sim_run_with_a_rule_from_a_module_nobody_imported_says_which_rule_and_what_is_allowed():
    name = f"never_registered_{uuid.uuid4().hex[:8]}"
    with pytest.raises(sim.ScenarioError) as caught:
        sim.run({"rules.trust": name}, 0)
    message = str(caught.value)
    assert "rules.trust" in message
    assert repr(name) in message
    assert "asymmetric" in message and "symmetric" in message


def test_unknown_rule_name_names_file_key_value_and_allowed_rules(tmp_path, user_module):
    module = user_module(FROZEN)
    path = write_scenario(tmp_path, f'[rules]\nmodules = ["{module}"]\ntrust = "no_such_trust_rule"\n', "typo")

    with pytest.raises(sim.ScenarioError) as caught:
        sim.load_scenario(path)

    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message or "typo.toml" in message
    assert "rules.trust" in message
    assert "'no_such_trust_rule'" in message
    allowed = message.split("allowed:", 1)[1]
    for name in ("asymmetric", "symmetric", rule_name(module)):
        assert name in allowed


def test_unimportable_module_names_file_key_and_module(tmp_path):
    missing = f"hsbp_no_such_module_{uuid.uuid4().hex[:8]}"
    path = write_scenario(tmp_path, f'[rules]\nmodules = ["{missing}"]\ntrust = "asymmetric"\n', "missing")

    with pytest.raises(sim.ScenarioError) as caught:
        sim.load_scenario(path)

    message = str(caught.value)
    assert "missing.toml" in message
    assert "rules.modules" in message
    assert "cannot import" in message
    assert repr(missing) in message


def test_module_whose_own_import_fails_names_the_missing_dependency(tmp_path, user_module):
    dependency = f"hsbp_absent_dependency_{uuid.uuid4().hex[:8]}"
    module = user_module(f"import {dependency}\n")
    path = write_scenario(tmp_path, f'[rules]\nmodules = ["{module}"]\n')

    with pytest.raises(sim.ScenarioError, match=rf"rules\.modules: cannot import '{module}'.*{dependency}"):
        sim.load_scenario(path)


def test_rule_for_an_unknown_mechanism_is_a_scenario_error(tmp_path, user_module):
    module = user_module(
        'from hsbp.sim import rule\n\n\n@rule("trusst", "{name}")\ndef typo(*args):\n    return args\n'
    )
    path = write_scenario(tmp_path, f'[rules]\nmodules = ["{module}"]\n')

    with pytest.raises(sim.ScenarioError, match=r"unknown mechanism 'trusst'; allowed: .*trust"):
        sim.load_scenario(path)


def test_module_that_raises_on_import_is_a_scenario_error(tmp_path, user_module):
    module = user_module('raise RuntimeError("bug in the researcher\'s module")\n')
    path = write_scenario(tmp_path, f'[rules]\nmodules = ["{module}"]\n')

    with pytest.raises(sim.ScenarioError) as caught:
        sim.load_scenario(path)

    message = str(caught.value)
    assert "\n" not in message
    assert f"rules.modules: cannot import '{module}'" in message
    assert "RuntimeError" in message and "bug in the researcher's module" in message


def test_module_with_a_syntax_error_is_a_scenario_error(tmp_path, user_module):
    module = user_module("def broken(:\n    pass\n")
    path = write_scenario(tmp_path, f'[rules]\nmodules = ["{module}"]\n')

    with pytest.raises(sim.ScenarioError, match=rf"rules\.modules: cannot import '{module}' \(SyntaxError"):
        sim.load_scenario(path)


def test_worked_example_in_the_docs_runs(tmp_path, user_module):
    text = DOC.read_text(encoding="utf-8")
    code = re.search(r"```python\n(# my_rules\.py\n.*?)```", text, re.S)
    toml = re.search(r"```toml\n(# noticing\.toml\n.*?)```", text, re.S)
    assert code and toml, "docs/custom_rules.md lost its worked example (# my_rules.py / # noticing.toml blocks)"
    module = user_module(code.group(1))
    scenario_text = toml.group(1).replace('"my_rules"', f'"{module}"')
    path = write_scenario(tmp_path, scenario_text.replace("[rules]", FAST + "\n[rules]", 1), "noticing")

    scenario = sim.load_scenario(path)
    assert scenario.rules["trust"] == "noticing"
    custom = sim.outcomes(run_model(scenario))
    default = sim.outcomes(run_model(scenario.with_overrides({"rules.trust": "asymmetric"})))
    assert set(custom) == set(sim.OUTCOMES)
    assert custom != default
