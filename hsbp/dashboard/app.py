"""The dashboard page: a small Solara page around a `DesignComparison`, one model per browser session.

Served by `hsbp dashboard` (or `solara run hsbp.dashboard.app`). Solara renders `Page` once
for every browser session, so each session builds and steps a model of its own.

How choices apply (one rule, shown on the page):
- choosing a **site** starts over at month 0 on that site, at once;
- every other change (a design, a lever, a site condition, the seed, comparing or not) is
  marked as waiting, listed in a banner, and applied with one button, *Apply: restart at
  month 0*; until then Step, Play and Run are disabled, so no month runs a design other
  than the one on the controls.

The charts are SVG written by `charts` (a month's redraw takes milliseconds); the network
view, this month's values and the guide are small HTML blocks; downloads give the series
as CSV and the charts as PNG.
"""

from __future__ import annotations

import dataclasses
import html
import math
import os
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import solara

from hsbp.dashboard.charts import (
    CHART_CSS,
    chart_svg,
    charts_png,
    legend_html,
    network_svg,
    panels,
    series_csv,
)
from hsbp.dashboard.model import DesignComparison
from hsbp.dashboard.server import SCENARIO_ENV
from hsbp.dashboard.settings import (
    SOURCE_TAGS,
    DesignChoice,
    Settings,
    design_label,
    design_labels,
    differences,
    guide_rows,
    preset_of,
    show,
    site_choices,
    site_title,
    slider_step,
    unit_words,
)
from hsbp.sim.measures import SERIES
from hsbp.sim.params import Kind, Parameter, params_of_kind

DEFAULT_SCENARIO = "tumaco"
TITLE = "HSBP dashboard: partnership designs month by month"
DEFAULT_CHARTS = (
    "human_security_index",
    "mean_trust",
    "partners_engaged",
    "government_legitimacy",
    "active_share",
    "blockades",
    "armed_events",
)  # series names (labels come from hsbp.sim.measures.SERIES); the page offers every series
PLAY_PAUSE_S = 0.05  # pause between played months, so the browser keeps up
RUN_CHUNK = 12  # months between redraws while running to the end
SEED_MAX = 999


def initial_scenario() -> str:
    """The site a new browser session opens on: `hsbp dashboard SCENARIO`, else tumaco."""
    return os.environ.get(SCENARIO_ENV, DEFAULT_SCENARIO)


@solara.component
def Page() -> None:
    """One browser session: its choices, its model, the controls and the results."""
    first = solara.use_memo(lambda: Settings(site=initial_scenario()), [])
    applied = solara.use_reactive(first)  # what the model was built from
    draft = solara.use_reactive(first)  # what the controls show
    rebuilds = solara.use_reactive(0)  # Restart: the same settings, a fresh model
    tick = solara.use_reactive(0)  # bumped whenever the model advanced
    mode = solara.use_reactive("idle")  # idle, play or run (to the end)
    model = solara.use_memo(lambda: DesignComparison(**applied.value.model_kwargs()), [applied.value, rebuilds.value])

    solara.Title("HSBP dashboard")
    solara.Style(CSS + CHART_CSS)
    with solara.AppBarTitle():
        solara.Text(TITLE)
    with solara.Sidebar(), solara.Column(classes=["hsbp-sidebar"]):
        Controls(applied, draft, mode)
    with solara.Column(classes=["hsbp-main"]):
        RunBar(model, applied, draft, rebuilds, tick, mode)
        Results(model, applied.value, tick)
        Guide(applied.value)


@solara.component
def Controls(applied: solara.Reactive[Settings], draft: solara.Reactive[Settings], mode: solara.Reactive[str]) -> None:
    """The sidebar: site, design A, comparison and design B, the site's conditions, the seed."""
    settings = draft.value
    setting = settings.setting

    def choose_site(site: str) -> None:
        mode.set("idle")
        applied.set(applied.value.with_site(site))
        draft.set(draft.value.with_site(site))

    SitePicker(value=settings.site, sites=site_choices(settings.site), event_pick=choose_site)
    solara.HTML(tag="div", unsafe_innerHTML=html.escape(setting.description), classes=["hsbp-site-description"])
    DesignControls("A", draft)
    solara.Checkbox(
        label="Compare with a second design (B)",
        value=settings.compare,
        on_value=lambda on: draft.set(_replace(draft.value, compare=on)),
    )
    if settings.compare:
        DesignControls("B", draft)
    with solara.Details(summary=f"Site conditions ({site_title(settings.site)})"):
        values = settings.context_values()
        for parameter in params_of_kind(Kind.CONTEXT):
            ParameterControl(
                parameter,
                values[parameter.name],
                lambda value, name=parameter.name: draft.set(draft.value.with_context(name, value)),
            )
    solara.SliderInt(
        label=f"Random seed (both designs): {settings.seed}",
        value=settings.seed,
        min=0,
        max=SEED_MAX,
        on_value=lambda seed: draft.set(_replace(draft.value, seed=seed)),
        thumb_label=False,
    )


@solara.component_vue("site_picker.vue")
def SitePicker(value: str, sites: list[dict[str, str]], event_pick: Callable[[str], None]) -> None:
    """The site picker: each site by name, its description under it in the list (a Vuetify select with slots)."""


@solara.component
def DesignControls(name: str, draft: solara.Reactive[Settings]) -> None:
    """One design: a named design as preset, and its levers (moving one marks the design adjusted)."""
    settings = draft.value
    choice: DesignChoice = getattr(settings, name.lower())

    def set_choice(new: DesignChoice) -> None:
        draft.set(_replace(draft.value, **{name.lower(): new}))

    solara.Select(
        label=f"Design {name}",
        value=design_label(choice.preset),
        values=design_labels(),
        on_value=lambda label: set_choice(DesignChoice(preset_of(label))),
        classes=[f"hsbp-design-{name.lower()}"],
    )
    levers = choice.levers(settings.setting)
    adjusted = f" · {len(choice.edits)} moved by hand" if choice.edits else ""
    with solara.Details(summary=f"Levers of design {name}{adjusted}"):
        for parameter in params_of_kind(Kind.LEVER):
            ParameterControl(
                parameter,
                levers[parameter.name],
                lambda value, lever=parameter.name: set_choice(
                    getattr(draft.value, name.lower()).with_lever(draft.value.setting, lever, value)
                ),
            )


@solara.component
def ParameterControl(parameter: Parameter, value: Any, on_value: Callable[[Any], None]) -> None:
    """One catalogue parameter as a control: its plain label, value and unit in the label."""
    unit = unit_words(parameter)
    text = f"{parameter.title}: {show(value)}{' ' + unit if unit else ''}"
    if parameter.choices is not None:
        solara.Select(label=parameter.title, value=value, values=list(parameter.choices), on_value=on_value)
    elif parameter.type is bool:
        solara.Checkbox(label=parameter.title, value=value, on_value=on_value)
    elif parameter.type is int:
        low, high = parameter.bounds  # type: ignore[misc]
        solara.SliderInt(label=text, value=value, min=low, max=high, on_value=on_value, thumb_label=False)
    else:
        low, high = parameter.bounds  # type: ignore[misc]
        solara.SliderFloat(
            label=text,
            value=value,
            min=low,
            max=high,
            step=slider_step(low, high, value),
            on_value=lambda v: on_value(round(float(v), 10)),
            thumb_label=False,
        )


@solara.component
def RunBar(
    model: DesignComparison,
    applied: solara.Reactive[Settings],
    draft: solara.Reactive[Settings],
    rebuilds: solara.Reactive[int],
    tick: solara.Reactive[int],
    mode: solara.Reactive[str],
) -> None:
    """Step, Play or Pause, Run to the end, Restart; and the banner of changes waiting to be applied."""
    tick.value  # noqa: B018 - re-render when the model advanced (the buttons depend on the month)
    changes = draft.value.changes_since(applied.value)
    busy = mode.value != "idle"

    guard = solara.use_memo(threading.Lock, [model])  # one writer at a time: the play thread or a button

    def advance(cancel: threading.Event) -> None:
        """Play (a month, a redraw, a short pause) or run to the end (a redraw every RUN_CHUNK months)."""
        if mode.value == "idle":
            return
        # A change on the controls stops the run: no month runs a design other than the one shown.
        while model.running and draft.value == applied.value:
            with guard:  # Pause takes the guard, so no month starts after it
                if cancel.is_set():
                    break
                model.run(1 if mode.value == "play" else RUN_CHUNK)
            tick.set(tick.value + 1)  # redraw outside the guard: a button waiting for it may hold the render
            if mode.value == "play":
                time.sleep(PLAY_PAUSE_S)
        if not cancel.is_set():  # cancelled: a newer press owns `mode`
            mode.set("idle")

    thread = solara.use_thread(advance, dependencies=[mode.value, model], intrusive_cancel=False)

    def step() -> None:
        with guard:
            model.step()
        tick.set(tick.value + 1)

    def pause() -> None:
        with guard:  # waits for a month in progress; none starts after this
            thread.cancel()
        mode.set("idle")
        tick.set(tick.value + 1)  # show the month the model stopped at

    def restart() -> None:
        mode.set("idle")
        rebuilds.set(rebuilds.value + 1)
        tick.set(tick.value + 1)

    def apply() -> None:
        mode.set("idle")
        applied.set(draft.value)
        tick.set(tick.value + 1)

    blocked = bool(changes) or not model.running
    with solara.Row(classes=["hsbp-runbar"]):
        solara.Button("Step one month", on_click=step, disabled=blocked or busy, color="primary")
        if mode.value == "play":
            solara.Button("Pause", on_click=pause, icon_name="mdi-pause")
        else:
            solara.Button("Play", on_click=lambda: mode.set("play"), disabled=blocked or busy, icon_name="mdi-play")
        solara.Button(
            f"Run to month {model.horizon}", on_click=lambda: mode.set("run"), disabled=blocked or busy, color="primary"
        )
        solara.Button("Restart at month 0", on_click=restart, disabled=busy, outlined=True)
        status = "running to the end…" if mode.value == "run" else "playing…" if mode.value == "play" else ""
        solara.Text(status, classes=["hsbp-status"])
    if changes:
        with solara.Card(classes=["hsbp-pending"], elevation=0):
            solara.HTML(
                tag="div",
                unsafe_innerHTML=(
                    "<b>Changed, not yet applied.</b> The run shown still uses the earlier settings; "
                    "apply the changes to restart at month 0 with them:<ul>"
                    + "".join(f"<li>{html.escape(change)}</li>" for change in changes)
                    + "</ul>"
                ),
            )
            with solara.Row():
                solara.Button("Apply: restart at month 0", on_click=apply, color="warning")
                solara.Button("Undo the changes", on_click=lambda: draft.set(applied.value), text=True)


@solara.component
def Results(model: DesignComparison, settings: Settings, tick: solara.Reactive[int]) -> None:
    """This month's values, the charts, the partner network and the downloads."""
    tick.value  # noqa: B018 - re-render when the model advanced
    shown = solara.use_reactive([SERIES[name].label for name in DEFAULT_CHARTS if name in SERIES])
    labels = {name: design.label() for name, design in settings.designs().items()}
    series = {name: {d: model.series(name, d) for d in model.designs} for name in SERIES}
    chosen = [name for name in SERIES if SERIES[name].label in shown.value]
    design = model.designs["A"]
    capacity = {"partners": design.state.size, "communities": design.params.communities}
    chart_panels = panels(series, chosen, model.horizon, capacity)
    month = model.month

    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            month_html(model, settings)
            + legend_html(labels)
            + f'<div class="hsbp-charts" data-month="{month}">'
            + "".join(chart_svg(panel) for panel in chart_panels)
            + "</div>"
        ),
    )
    with solara.Row(classes=["hsbp-tools"]):
        solara.SelectMultiple("Charts shown", shown, [SERIES[name].label for name in SERIES], dense=True)
        stem = f"hsbp-{site_title(settings.site).lower().replace(' ', '-')}-month-{month}"
        solara.FileDownload(
            lambda: series_csv(series, labels),
            filename=f"{stem}.csv",
            label="Download the series (CSV)",
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: charts_png(chart_panels, labels, f"{site_title(settings.site)}, month {month} of {model.horizon}"),
            filename=f"{stem}.png",
            label="Download the charts (PNG)",
            mime_type="image/png",
        )
    networks = "".join(
        f'<div class="hsbp-network-box">{network_svg(d.state, f"Design {name}, month {d.month}")}</div>'
        for name, d in model.designs.items()
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            '<div class="hsbp-now">'
            f'<div><h3 class="hsbp-heading">This month</h3>{readout_html(settings, labels, series, month)}</div>'
            f'<div><h3 class="hsbp-heading">Who trusts whom</h3><div class="hsbp-networks">{networks}</div>'
            '<p class="hsbp-caption">Each circle is a partner: <b>K</b> a company, <b>Gov</b> the local government, '
            "<b>NGO</b> the facilitating NGO, <b>C</b> a community organisation. A line joins two partners in the "
            "partnership; the thicker and greener it is, the more they trust each other (their mutual trust, the "
            "mean of each one's trust in the other); thin and red is little trust. A hollow circle is a partner "
            "who has left the partnership, or never joined one when there is no partnership.</p></div></div>"
        ),
        classes=["hsbp-box"],
    )


def month_html(model: DesignComparison, settings: Settings) -> str:
    """The line saying where the run is: month, horizon, site, seed."""
    return (
        f'<div class="hsbp-month">Month <b>{model.month}</b> of {model.horizon} · site '
        f"<b>{html.escape(site_title(settings.site))}</b> · seed {settings.seed}</div>"
    )


def readout_html(
    settings: Settings, labels: dict[str, str], series: dict[str, dict[str, np.ndarray]], month: int
) -> str:
    """This month's value of every series for each design, and how the designs differ."""
    head = "".join(f"<th>Design {name}<br><small>{html.escape(labels[name])}</small></th>" for name in labels)
    rows = []
    for name, measure in SERIES.items():
        cells = "".join(
            f'<td class="hsbp-value" data-measure="{name}" data-design="{d}">'
            f"{_number(measure.show(series[name][d][-1]))}</td>"
            for d in labels
        )
        rows.append(f"<tr><td>{html.escape(measure.label)}</td>{cells}<td>{html.escape(measure.unit)}</td></tr>")
    found = differences(settings)
    diff = ""
    if settings.compare:
        diff = (
            '<div class="hsbp-diff">Designs A and B differ in: '
            + ("; ".join(html.escape(item) for item in found) if found else "nothing yet (choose another design B)")
            + "</div>"
        )
    table = f'<table class="hsbp-readout" data-month="{month}"><tr><th></th>{head}<th>unit</th></tr>'
    return f"{table}{''.join(rows)}</table>{diff}"


@solara.component
def Guide(settings: Settings) -> None:
    """Every lever and site condition: what it means, what it allows, its source, and the values the run uses."""
    head = "".join(f"<th>Design {name}</th>" for name in settings.designs())
    rows = []
    for row in guide_rows(settings):
        prefix = "Lever" if row["kind"] is Kind.LEVER else "Site"
        cells = "".join(
            f'<td class="{"hsbp-changed" if value != row["site"] else ""}">{html.escape(value)}</td>'
            for value in row["designs"].values()
        )
        rows.append(
            f'<tr><td><span class="hsbp-prefix">{prefix}</span> {html.escape(row["control"])}</td>'
            f'<td>{html.escape(row["meaning"])}<div class="hsbp-note">allowed: {html.escape(row["allowed"])} · '
            f"source: {html.escape(row['source'])}</div></td><td>{html.escape(row['site'])}</td>{cells}</tr>"
        )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            '<h3 class="hsbp-heading">Guide to the controls</h3>'
            "<p>Choosing a <b>site</b> starts over at month 0 on it. Any other change is listed in a yellow banner "
            "and takes effect when you press <b>Apply: restart at month 0</b>. Both designs always share the site, "
            "its conditions and the random seed, so any difference between them comes from the levers alone. "
            "Values in bold differ from the site's own.</p>"
            f'<p class="hsbp-note">{html.escape(SOURCE_TAGS)}</p>'
            f'<table class="hsbp-guide"><tr><th>control</th><th>meaning</th><th>site</th>{head}</tr>'
            f"{''.join(rows)}</table>"
        ),
        classes=["hsbp-box"],
    )


def _replace(settings: Settings, **changes: Any) -> Settings:
    return dataclasses.replace(settings, **changes)


def _number(value: float) -> str:
    if not math.isfinite(value):  # the design has stopped
        return "–"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


CSS = """
.hsbp-main { max-width: 1500px; }
.hsbp-sidebar { min-width: 430px; }
/* A slider's label (its name, value and unit) on its own line, the slider full width under it. */
.hsbp-sidebar .v-input__slider .v-input__slot { flex-wrap: wrap; }
.hsbp-sidebar .v-input__slider .v-label { flex: 1 0 100%; max-width: 100%; margin-bottom: -6px; }
.hsbp-box { font-size: 0.9rem; }
.hsbp-site-description { font-size: 0.8rem; color: #555; margin: -12px 0 12px; }
.hsbp-site-option { font-size: 0.8rem; color: #666; white-space: normal; line-height: 1.3; padding-bottom: 4px; }
.hsbp-runbar { align-items: center; flex-wrap: wrap; }
.hsbp-status { color: #666; font-style: italic; }
.hsbp-pending { background: #fff4d6 !important; border-left: 4px solid #f0a500; padding: 8px 12px; }
.hsbp-pending ul { margin: 4px 0; }
.hsbp-month { font-size: 1.05rem; margin: 4px 0; }
.hsbp-readout { border-collapse: collapse; }
.hsbp-readout td, .hsbp-readout th { padding: 1px 10px; text-align: right; vertical-align: bottom; }
.hsbp-readout td:first-child, .hsbp-readout th:first-child, .hsbp-readout td:last-child { text-align: left; }
.hsbp-readout td:last-child { color: #777; }
.hsbp-diff { margin-top: 4px; }
.hsbp-charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 8px 16px; }
.hsbp-tools { align-items: center; flex-wrap: wrap; }
.hsbp-now { display: flex; gap: 32px; flex-wrap: wrap; align-items: flex-start; }
.hsbp-networks { display: flex; gap: 24px; flex-wrap: wrap; }
.hsbp-network-box { width: 300px; }
.hsbp-caption { font-size: 0.85rem; color: #444; max-width: 640px; }
.hsbp-heading { margin: 12px 0 4px; font-size: 1.05rem; }
.hsbp-guide { border-collapse: collapse; }
.hsbp-guide td, .hsbp-guide th {
  padding: 3px 6px; border-bottom: 1px solid #ddd; vertical-align: top; text-align: left;
}
.hsbp-note { color: #666; font-size: 0.75rem; }
.hsbp-prefix { color: #888; font-size: 0.75rem; }
.hsbp-changed { font-weight: bold; }
"""
