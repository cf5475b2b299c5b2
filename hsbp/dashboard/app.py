"""The dashboard page: Mesa's SolaraViz around a `DesignComparison`, one model per browser session.

Served by `hsbp dashboard` (or `solara run hsbp.dashboard.app`). Solara renders `Page` once
for every browser session, so each session builds and steps a model of its own. The scenario
picker sits above SolaraViz's controls: choosing a scenario remounts SolaraViz, with a fresh
model and controls starting at that scenario's values. Everything else (Reset, Step, Play,
the parameter inputs, the layout) is SolaraViz's own.
"""

from __future__ import annotations

import os

import solara
from mesa.visualization import SolaraViz

from hsbp.dashboard.components import Guide, PartnerNetwork, Readout, monthly_plot
from hsbp.dashboard.controls import user_params
from hsbp.dashboard.model import MEASURES, DesignComparison
from hsbp.dashboard.server import SCENARIO_ENV
from hsbp.sim.scenario import available, load_scenario

DEFAULT_SCENARIO = "tumaco"
TITLE = "HSBP dashboard: partnership designs month by month"
COMPONENTS = [Readout, PartnerNetwork, *(monthly_plot(measure) for measure in MEASURES), Guide]
PICKER_LABEL = "Scenario (the setting closest to your site)"
PLAY_INTERVAL_MS = 150


def initial_scenario() -> str:
    """The scenario a new browser session opens on: `hsbp dashboard SCENARIO`, else tumaco."""
    return os.environ.get(SCENARIO_ENV, DEFAULT_SCENARIO)


def scenario_choices(current: str) -> list[str]:
    """The picker's entries: the shipped scenarios, and the current one if it is a file of the user's."""
    names = list(available())
    return names if current in names else [current, *names]


@solara.component
def Page() -> None:
    """One browser session: the scenario picker, then SolaraViz on this session's own model."""
    scenario_name = solara.use_reactive(initial_scenario())
    name = scenario_name.value
    setting = solara.use_memo(lambda: load_scenario(name), [name])
    model = solara.use_memo(lambda: DesignComparison(name), [name])
    solara.Style(CSS)
    with solara.Sidebar():
        solara.Select(label=PICKER_LABEL, value=scenario_name, values=scenario_choices(name))
    SolaraViz(
        model,
        components=COMPONENTS,
        model_params=user_params(setting, name),
        name=TITLE,
        play_interval=PLAY_INTERVAL_MS,
    ).key(f"scenario:{name}")  # a new scenario remounts SolaraViz: fresh controls, fresh model


CSS = """
.hsbp-box { font-size: 0.85rem; }
.hsbp-scroll { overflow-y: auto; height: 100%; }
.hsbp-readout td, .hsbp-readout th { padding: 1px 10px; text-align: right; }
.hsbp-readout td:first-child { text-align: left; }
.hsbp-diff ul { margin: 0; }
.hsbp-guide { border-collapse: collapse; }
.hsbp-guide td, .hsbp-guide th {
  padding: 2px 6px; border-bottom: 1px solid #ddd; vertical-align: top; text-align: left;
}
.hsbp-note { color: #666; font-size: 0.7rem; }
.hsbp-prefix { color: #888; }
.hsbp-changed { font-weight: bold; }
/* Each slider's value under its thumb: Vuetify keeps it in aria-valuenow, SolaraViz shows it only while dragging. */
.v-slider__thumb-container::after {
  content: attr(aria-valuenow); position: absolute; top: 9px; left: 0; transform: translateX(-50%);
  font-size: 10px; line-height: 1; color: #555;
}
"""
