"""The dashboard without a browser: its model, the settings and their words, the charts and the exports."""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from pathlib import Path

import numpy as np
import pytest

from hsbp.dashboard import assets
from hsbp.dashboard.charts import BAR, LINE, STEP, Panel, chart_svg, charts_png, nice_ceiling, series_csv, ticks
from hsbp.dashboard.model import DesignComparison
from hsbp.dashboard.settings import (
    DesignChoice,
    Settings,
    allowed,
    differences,
    guide_rows,
    site_choices,
    site_title,
    slider_step,
)
from hsbp.sim.designs import BY_DESIGN, DESIGNS
from hsbp.sim.measures import SERIES
from hsbp.sim.params import BY_NAME, Kind, params_of_kind
from hsbp.sim.scenario import ScenarioError, available, load_scenario


# --------------------------------------------------------------------------- the model
def test_two_identical_designs_give_identical_series_and_levers_make_them_differ() -> None:
    same = DesignComparison("dabeiba", seed=3, compare=True)
    same.run(24)
    for name in SERIES:
        assert np.array_equal(same.series(name, "A"), same.series(name, "B"), equal_nan=True), name
    different = DesignComparison("dabeiba", seed=3, compare=True, inclusivity=1.0, **{"b.inclusivity": 0.0})
    different.run(24)
    assert not np.allclose(different.series("mean_trust", "A"), different.series("mean_trust", "B"))


def test_context_values_apply_to_both_designs() -> None:
    model = DesignComparison("bello", compare=True, armed_event_rate=0.3, risk_pooling=0.9)
    assert model.designs["A"].params.armed_event_rate == model.designs["B"].params.armed_event_rate == 0.3
    assert model.designs["A"].params.risk_pooling == 0.9
    assert model.designs["B"].params.risk_pooling == load_scenario("bello").params.risk_pooling


def test_the_model_stops_at_the_horizon(tmp_path: Path) -> None:
    short = tmp_path / "short.toml"
    short.write_text('name = "short"\n[structure]\nhorizon_months = 12\n', encoding="utf-8")
    model = DesignComparison(str(short), compare=True)
    model.run()
    assert model.month == model.horizon == 12 and not model.running
    model.run(5)
    assert model.month == 12
    assert len(model.series("mean_trust", "B")) == 13


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


# --------------------------------------------------------------------------- settings
def test_the_settings_build_the_model_the_controls_show() -> None:
    """The site, its conditions, both designs (presets and hand edits) and the seed reach the model."""
    settings = Settings("el_charco", seed=7, compare=True, a=DesignChoice("full_hsbp"))
    settings = settings.with_context("armed_event_rate", 0.25)
    settings = dataclasses.replace(settings, a=settings.a.with_lever(settings.setting, "quorum", 0.5))
    model = DesignComparison(**settings.model_kwargs())
    a, b = model.designs["A"].params, model.designs["B"].params
    assert model.setting.name == "el_charco" and model.seed == 7
    assert a.armed_event_rate == b.armed_event_rate == 0.25
    for lever, value in BY_DESIGN["full_hsbp"].levers.items():
        assert getattr(a, lever) == value
    assert a.quorum == 0.5
    assert not b.partnership  # design B starts as the no-partnership counterfactual
    assert settings.a.label() == "Full HSBP, adjusted"


def test_a_lever_moved_back_is_no_longer_a_change() -> None:
    setting = load_scenario("tumaco")
    moved = DesignChoice().with_lever(setting, "inclusivity", 0.9)
    assert moved.edits == (("inclusivity", 0.9),)
    assert moved.with_lever(setting, "inclusivity", setting.params.inclusivity) == DesignChoice()


def test_changes_waiting_are_listed_in_plain_words() -> None:
    applied = Settings("tumaco")
    draft = Settings("tumaco", seed=4, compare=True, a=DesignChoice("consultation")).with_context("rule_of_law", 0.9)
    changes = draft.changes_since(applied)
    assert "Random seed: 0 → 4" in changes
    assert "Compare with a second design: on" in changes
    tumaco = load_scenario("tumaco").params
    assert f"Site · {BY_NAME['rule_of_law'].title}: {tumaco.rule_of_law:g} → 0.9" in changes
    assert "Design A: The site's own design (the scenario's values) → Consultation" in changes
    assert f"Design A · {BY_NAME['inclusivity'].title}: {tumaco.inclusivity:g} → 0" in changes
    assert applied.changes_since(applied) == []
    assert not any("_" in change for change in changes)  # no code names


def test_a_new_site_keeps_the_designs_and_drops_the_old_sites_conditions() -> None:
    settings = Settings("tumaco", a=DesignChoice("state_led")).with_context("initial_trust", 0.4)
    moved = settings.with_site("acute_crisis")
    assert moved.a == settings.a and moved.context == ()
    assert moved.context_values()["initial_trust"] == load_scenario("acute_crisis").params.initial_trust


def test_differences_name_the_levers_in_words() -> None:
    settings = Settings("tumaco", compare=True, a=DesignChoice("full_hsbp"), b=DesignChoice("full_hsbp"))
    assert differences(settings) == []
    settings = Settings("tumaco", compare=True, a=DesignChoice("full_hsbp"), b=DesignChoice("no_partnership"))
    assert f"{BY_NAME['partnership'].title}: A yes, B no" in differences(settings)


def test_sites_are_offered_by_name_in_words_with_their_description(tmp_path: Path) -> None:
    choices = site_choices("tumaco")
    assert [choice["name"] for choice in choices] == list(available())
    for choice in choices:
        assert "_" not in choice["title"] and choice["title"] == site_title(choice["name"])
        assert choice["description"] == load_scenario(choice["name"]).description
    assert site_title("el_charco") == "El Charco" and site_title("sites/my_site.toml") == "My Site"
    mine = tmp_path / "my_site.toml"
    mine.write_text('name = "my_site"\ndescription = "Our valley"\n', encoding="utf-8")
    assert site_choices(str(mine))[0] == {"name": str(mine), "title": "My Site", "description": "Our valley"}


def test_allowed_values_read_in_words_without_repeating_the_range() -> None:
    assert allowed(BY_NAME["initial_trust"]) == "0.05 to 0.5"  # unit "0-1" adds nothing
    assert allowed(BY_NAME["armed_event_rate"]) == "0 to 0.3 events per month"
    assert allowed(BY_NAME["partnership"]) == "yes or no"
    assert "(0-1)" not in " ".join(allowed(p) for p in params_of_kind(Kind.LEVER) + params_of_kind(Kind.CONTEXT))


def test_the_guide_covers_every_control_with_meaning_and_source() -> None:
    settings = Settings("ituango", compare=True, a=DesignChoice("full_hsbp"))
    rows = guide_rows(settings)
    assert len(rows) == len(params_of_kind(Kind.LEVER)) + len(params_of_kind(Kind.CONTEXT))
    assert all(row["meaning"] and row["source"] and row["allowed"] for row in rows)
    inclusivity = next(row for row in rows if row["control"] == BY_NAME["inclusivity"].title)
    assert inclusivity["designs"] == {"A": "1", "B": f"{load_scenario('ituango').params.inclusivity:g}"}


@pytest.mark.parametrize(("low", "high", "expected"), [(0, 1, 0.01), (0.25, 4.0, 0.05), (0, 0.05, 0.0005)])
def test_slider_steps_are_round(low: float, high: float, expected: float) -> None:
    assert slider_step(low, high) == pytest.approx(expected)


def test_every_value_a_slider_starts_at_lies_on_its_grid() -> None:
    """A slider snaps its value to its grid; a value off it would move, and count as a change nobody made."""
    floats = [p for p in params_of_kind(Kind.LEVER) + params_of_kind(Kind.CONTEXT) if p.type is float and p.bounds]
    values = [load_scenario(name).values() for name in available()]
    values += [{**values[0], **design.levers} for design in DESIGNS]
    for parameter in floats:
        low, high = parameter.bounds
        for site in values:
            step = slider_step(low, high, site[parameter.name])
            k = (site[parameter.name] - low) / step
            assert abs(k - round(k)) < 1e-6, (parameter.name, site[parameter.name], step)
            assert (high - low) / step <= 20_000


# --------------------------------------------------------------------------- charts and exports
def panel(name: str, values: dict[str, list[float]], capacity: dict | None = None) -> Panel:
    return Panel(
        SERIES[name], {d: SERIES[name].show(np.array(v, float)) for d, v in values.items()}, 120, capacity or {}
    )


def test_chart_ranges_and_styles_follow_the_unit() -> None:
    assert panel("human_security_index", {"A": [0.40, 0.41]}).top == 100  # an index: 0-100, not zoomed on 0.01
    zero = panel("blockades", {"A": [0, 0, 0]}, {"communities": 4})
    assert zero.top == 4 and zero.style == STEP  # an all-zero count: 0 to the number of communities
    assert panel("armed_events", {"A": [0, 2, 1], "B": [1, 0, 0]}).style == BAR
    assert panel("mean_trust", {"A": [0.2, 0.21]}).style == LINE
    assert panel("contributions", {"A": [0.0, 12.0, 40.0]}).style == LINE  # money is never a count
    assert panel("contributions", {"A": [0.0, 12.0, 40.0]}).top == 50
    assert ticks(100, False) == [0, 20, 40, 60, 80, 100]
    assert ticks(4, True) == [0, 1, 2, 3, 4]
    assert nice_ceiling(0.3) == pytest.approx(0.5) and nice_ceiling(7) == 10


def test_a_chart_reads_in_months_and_units() -> None:
    svg = chart_svg(panel("human_security_index", {"A": [0.4, 0.45, float("nan")], "B": [0.4, 0.3, 0.35]}))
    measure = SERIES["human_security_index"]
    assert ">Month<" in svg and f">{measure.unit}<" in svg and f">{measure.label}<" in svg
    assert ">120<" in svg and ">100<" in svg
    assert svg.count("<polyline") == 2


def test_the_series_export_has_every_series_in_displayed_units() -> None:
    model = DesignComparison("tumaco", compare=True)
    model.run(3)
    series = {name: {d: model.series(name, d) for d in model.designs} for name in SERIES}
    text = series_csv(series, {"A": "Full HSBP", "B": "No partnership"})
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Month", "Design", *(m.heading for m in SERIES.values())]
    assert len(rows) == 1 + 4 * 2
    trust = rows[0].index(SERIES["mean_trust"].heading)
    assert math.isclose(float(rows[1][trust]), 100 * model.series("mean_trust", "A")[0], rel_tol=1e-5)
    assert rows[2][1] == "B: No partnership"


def test_the_charts_export_is_a_png() -> None:
    png = charts_png([panel("mean_trust", {"A": [0.2, 0.3]}), panel("armed_events", {"A": [0, 1]})], {"A": "x"}, "t")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_asset_list_names_the_packages_solara_requests() -> None:
    listed = assets.packages()
    assert "requirejs@2.3.6" in listed and "@widgetti/solara-vuetify-app@10.1.1" in listed
    assert all("@" in spec[1:] for spec in listed)  # every package pinned to the version the page asks for
