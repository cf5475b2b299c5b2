"""The dashboard's model and controls without a browser: catalogue-generated inputs, Mesa's Reset path, two designs."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from mesa.visualization.solara_viz import _build_model_init_kwargs, _check_model_params, split_model_params

from hsbp.dashboard import assets
from hsbp.dashboard.controls import differences, guide_rows, step, user_params
from hsbp.dashboard.model import DESIGN_B, MEASURES, DesignComparison, column
from hsbp.sim.params import Kind, params_of_kind
from hsbp.sim.scenario import ScenarioError, load_scenario


def test_every_lever_and_context_parameter_has_a_control_at_the_scenarios_value() -> None:
    setting = load_scenario("el_charco")
    controls = user_params(setting, "el_charco")
    values = setting.values()
    levers, context = params_of_kind(Kind.LEVER), params_of_kind(Kind.CONTEXT)
    expected = {"scenario_name", "seed", "compare"} | {p.name for p in levers + context}
    expected |= {DESIGN_B + p.name for p in levers}
    assert set(controls) == expected
    for parameter in levers + context:
        control = controls[parameter.name]
        assert control["value"] == values[parameter.name]
        if parameter.choices is not None:
            assert control["type"] == "Select" and control["values"] == list(parameter.choices)
        elif parameter.type is bool:
            assert control["type"] == "Checkbox"
        else:
            assert (control["min"], control["max"]) == parameter.bounds
            assert control["type"] == ("SliderInt" if parameter.type is int else "SliderFloat")
    assert controls[DESIGN_B + "inclusivity"]["label"] == "B · Inclusivity"
    assert controls["armed_event_rate"]["label"] == "Site · Armed event rate"


@pytest.mark.parametrize(
    ("low", "high", "expected"), [(0, 1, 0.01), (0.25, 4.0, 0.05), (0, 0.05, 0.0005), (0, 0.3, 0.005)]
)
def test_slider_steps_are_round(low: float, high: float, expected: float) -> None:
    assert step(low, high) == pytest.approx(expected)


def test_mesa_accepts_the_controls_and_its_reset_rebuilds_the_model() -> None:
    """SolaraViz's own checks and its Reset path (which adds a Mesa Scenario) work with DesignComparison."""
    setting = load_scenario("tumaco")
    controls = user_params(setting, "tumaco")
    model = DesignComparison("tumaco")
    _check_model_params(model, controls)
    adjustable, fixed = split_model_params(controls)
    chosen = {**fixed, **{name: control["value"] for name, control in adjustable.items()}}
    chosen |= {"inclusivity": 0.9, "compare": True, DESIGN_B + "partnership": False, "seed": 5}
    kwargs = _build_model_init_kwargs(model, chosen, add_scenario_when_empty=True, require_model_accepts_scenario=True)
    rebuilt = type(model)(**kwargs)
    assert set(rebuilt.designs) == {"A", "B"}
    assert rebuilt.designs["A"].params.inclusivity == 0.9
    assert rebuilt.designs["B"].params.inclusivity == setting.params.inclusivity
    assert not rebuilt.designs["B"].params.partnership
    assert rebuilt.seed == 5


def test_two_identical_designs_give_identical_series_and_levers_make_them_differ() -> None:
    same = DesignComparison("dabeiba", seed=3, compare=True)
    for _ in range(24):
        same.step()
    frame = same.datacollector.get_model_vars_dataframe()
    for measure in MEASURES:
        assert frame[column(measure, "A")].equals(frame[column(measure, "B")])
    different = DesignComparison("dabeiba", seed=3, compare=True, inclusivity=1.0, **{"b.inclusivity": 0.0})
    for _ in range(24):
        different.step()
    frame = different.datacollector.get_model_vars_dataframe()
    assert not np.allclose(frame[column("mean_trust", "A")], frame[column("mean_trust", "B")])
    assert differences({n: d.params for n, d in different.designs.items()}) == ["Inclusivity: A 1, B 0"]


def test_context_values_apply_to_both_designs() -> None:
    model = DesignComparison("bello", compare=True, armed_event_rate=0.3, risk_pooling=0.9)
    assert model.designs["A"].params.armed_event_rate == model.designs["B"].params.armed_event_rate == 0.3
    assert model.designs["A"].params.risk_pooling == 0.9
    assert model.designs["B"].params.risk_pooling == load_scenario("bello").params.risk_pooling


def test_the_model_stops_at_the_horizon(tmp_path: Path) -> None:
    short = tmp_path / "short.toml"
    short.write_text('name = "short"\n[structure]\nhorizon_months = 12\n', encoding="utf-8")
    model = DesignComparison(str(short), compare=True)
    months = 0
    while model.running:
        model.step()
        months += 1
    assert months == 12 and model.month == 12
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 13 and not math.isnan(frame[column("mean_trust", "B")].iloc[-1])


@pytest.mark.parametrize(
    "values",
    [{"no_such_lever": 1.0}, {"b.armed_event_rate": 0.1}, {"horizon_months": 24}, {"b.nothing": 1}],
)
def test_unknown_or_misplaced_names_are_refused(values: dict) -> None:
    with pytest.raises(ValueError, match="not a context or lever parameter"):
        DesignComparison("tumaco", **values)


def test_out_of_range_values_are_refused_with_the_catalogues_message() -> None:
    with pytest.raises(ScenarioError, match=r"design A: inclusivity = 2 is out of range; allowed 0 to 1"):
        DesignComparison("tumaco", inclusivity=2.0)


def test_the_guide_covers_every_control_with_meaning_and_source() -> None:
    setting = load_scenario("ituango")
    model = DesignComparison("ituango", compare=True, inclusivity=0.8)
    rows = guide_rows(setting, {n: d.params for n, d in model.designs.items()})
    assert len(rows) == len(params_of_kind(Kind.LEVER)) + len(params_of_kind(Kind.CONTEXT))
    assert all(row["meaning"] and row["source"] and row["allowed"] for row in rows)
    inclusivity = next(row for row in rows if row["control"] == "Inclusivity")
    assert inclusivity["designs"] == {"A": "0.8", "B": f"{setting.params.inclusivity:g}"}


def test_the_asset_list_names_the_packages_solara_requests() -> None:
    listed = assets.packages()
    assert "requirejs@2.3.6" in listed and "@widgetti/solara-vuetify-app@10.1.1" in listed
    assert all("@" in spec[1:] for spec in listed)  # every package pinned to the version the page asks for
