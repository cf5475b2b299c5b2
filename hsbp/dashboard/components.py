"""The dashboard's main-area components, each a function of the session's `DesignComparison`.

SolaraViz lays them out in its draggable grid and re-renders them after every step
(through Mesa's `update_counter`). The monthly plots are Mesa's own `PlotMatplotlib`,
one line per design; the other components are small Solara components of our own.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import networkx as nx
import numpy as np
import solara
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from mesa.visualization.components.matplotlib_components import PlotMatplotlib
from mesa.visualization.utils import update_counter

from hsbp.dashboard.controls import differences, guide_rows
from hsbp.dashboard.model import MEASURES, DesignComparison, column
from hsbp.sim.model import PartnershipModel
from hsbp.sim.params import Kind

DESIGN_COLOURS = {"A": "#1f77b4", "B": "#d95f02"}
PARTNER_COLOURS = {"company": "#4d4d4d", "government": "#2c7fb8", "ngo": "#31a354", "community": "#e6550d"}
PLOT_INCHES, PLOT_DPI = (5.6, 3.3), 90  # a plot that fits one cell of SolaraViz's grid


@solara.component
def Readout(model: DesignComparison) -> None:
    """The month, this month's value of every plotted series (one column per design), and how the designs differ."""
    update_counter.get()
    frame = model.datacollector.get_model_vars_dataframe()
    head = "".join(f"<th>design {name}</th>" for name in model.designs)
    rows = "".join(
        f"<tr><td>{html.escape(title)}</td>"
        + "".join(
            f'<td class="hsbp-value" data-measure="{measure}" data-design="{name}">'
            f"{_number(frame[column(measure, name)].iloc[-1])}</td>"
            for name in model.designs
        )
        + "</tr>"
        for measure, title in MEASURES.items()
    )
    horizon = model.designs["A"].params.horizon_months
    solara.HTML(
        unsafe_innerHTML=(
            f'<div class="hsbp-month">Month <b>{model.month}</b> of {horizon} · scenario '
            f"<b>{html.escape(model.setting.name)}</b> · seed {model.seed}</div>"
            f'<table class="hsbp-readout"><tr><th></th>{head}</tr>{rows}</table>'
            f"{_differences(model)}<p>{html.escape(model.setting.description)}</p>"
        ),
        classes=["hsbp-box"],
    )


@solara.component
def PartnerNetwork(model: DesignComparison) -> None:
    """The partners of each design: mutual trust as edge width and colour; a partner who has left is hollow."""
    update_counter.get()
    fig = Figure(figsize=(4.6 * len(model.designs), 4.6))
    axes = fig.subplots(1, len(model.designs), squeeze=False)[0]
    for ax, (name, design) in zip(axes, model.designs.items(), strict=True):
        draw_network(ax, design, f"design {name}, month {design.month}")
    fig.text(
        0.5,
        0.01,
        "K company · Gov local government · NGO facilitator · C community organisation\n"
        "edges: mutual trust, thin and red (low) to thick and green (high) · hollow: has left",
        ha="center",
        fontsize=8,
        color="#555",
    )
    solara.FigureMatplotlib(fig, format="png", bbox_inches="tight")


def monthly_plot(measure: str) -> Callable[[DesignComparison], solara.Element]:
    """A component function plotting one measure by month with Mesa's PlotMatplotlib, one line per design."""

    def decorate(ax: Axes) -> None:
        ax.figure.set_size_inches(*PLOT_INCHES)
        ax.figure.set_dpi(PLOT_DPI)
        ax.set_title(f"{MEASURES[measure]} (by month)")
        lines = ax.get_lines()
        for line in lines:
            line.set_color(DESIGN_COLOURS[line.get_label()[-1]])  # labels end in the design's name
        if len(lines) > 1:
            ax.legend(loc="best", fontsize="small")
        elif ax.get_legend() is not None:
            ax.get_legend().remove()

    def MonthlyPlot(model: DesignComparison) -> solara.Element:
        return PlotMatplotlib(model, [column(measure, name) for name in model.designs], post_process=decorate)

    MonthlyPlot.__name__ = MonthlyPlot.__qualname__ = f"MonthlyPlot_{measure}"
    return MonthlyPlot


@solara.component
def Guide(model: DesignComparison) -> None:
    """Every lever and context control: the catalogue's meaning, allowed values and source, and the values in use."""
    params = {name: design.params for name, design in model.designs.items()}
    head = "".join(f"<th>design {name}</th>" for name in params)
    rows = []
    for row in guide_rows(model.setting, params):
        prefix = "A · / B ·" if row["kind"] is Kind.LEVER else "Site ·"
        cells = "".join(
            f'<td class="{"hsbp-changed" if value != row["scenario"] else ""}">{html.escape(value)}</td>'
            for value in row["designs"].values()
        )
        rows.append(
            f'<tr><td><span class="hsbp-prefix">{prefix}</span> {html.escape(row["control"])}</td>'
            f'<td>{html.escape(row["meaning"])}<div class="hsbp-note">allowed {html.escape(row["allowed"])}; '
            f"source: {html.escape(row['source'])}</div></td><td>{html.escape(row['scenario'])}</td>{cells}</tr>"
        )
    solara.HTML(
        unsafe_innerHTML=(
            "<p><b>Guide to the controls.</b> In the sidebar, <b>A ·</b> are design A's levers, <b>Site ·</b> the "
            "context both designs share, <b>B ·</b> design B's levers (used when <i>Compare with design B</i> is "
            "ticked). Move them, then press <b>Reset</b> to rebuild the partnership; <b>Step</b> advances one "
            "month (times the render interval) and <b>▶</b> plays. Values in bold differ from the scenario's.</p>"
            f'<table class="hsbp-guide"><tr><th>control</th><th>meaning</th><th>scenario</th>{head}</tr>'
            f"{''.join(rows)}</table>"
        ),
        classes=["hsbp-box", "hsbp-scroll"],
    )


def draw_network(ax: Axes, design: PartnershipModel, title: str) -> None:
    """Draw one design's partners on a circle, edges weighted by mutual trust (T_ij + T_ji) / 2."""
    state = design.state
    n = state.trust.shape[0]
    kinds = ["company"] * n
    kinds[state.government] = "government"
    kinds[state.ngo] = "ngo"
    for i in state.communities:
        kinds[int(i)] = "community"
    names = [f"K{i + 1}" for i in range(len(state.companies))] + ["Gov", "NGO"]
    names += [f"C{i + 1}" for i in range(len(state.communities))]
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    mutual = (state.trust + state.trust.T) / 2
    graph.add_weighted_edges_from(
        (i, j, float(mutual[i, j])) for i in range(n) for j in range(i + 1, n) if state.member[i] and state.member[j]
    )
    position = nx.circular_layout(graph)
    weights = np.array([weight for _, _, weight in graph.edges(data="weight")])
    if len(weights):
        nx.draw_networkx_edges(
            graph,
            position,
            ax=ax,
            width=0.5 + 6 * weights,
            edge_color=weights,
            edge_cmap=colormaps["RdYlGn"],
            edge_vmin=0.0,
            edge_vmax=1.0,
        )
    fill = [PARTNER_COLOURS[kind] if state.member[i] else "white" for i, kind in enumerate(kinds)]
    outline = [PARTNER_COLOURS[kind] for kind in kinds]
    nx.draw_networkx_nodes(graph, position, ax=ax, node_color=fill, edgecolors=outline, linewidths=2, node_size=650)
    text = {i: "white" if state.member[i] else PARTNER_COLOURS[kind] for i, kind in enumerate(kinds)}
    for i, (x, y) in position.items():
        ax.text(x, y, names[i], ha="center", va="center", fontsize=8, color=text[i])
    ax.set_title(title, fontsize=10)
    ax.set_axis_off()
    ax.margins(0.15)


def _differences(model: DesignComparison) -> str:
    if len(model.designs) < 2:
        return ""
    found = differences({name: design.params for name, design in model.designs.items()})
    if not found:
        return '<p class="hsbp-diff">Designs A and B are the same: move the <b>B ·</b> levers and press Reset.</p>'
    items = "".join(f"<li>{html.escape(item)}</li>" for item in found)
    return f'<div class="hsbp-diff">Designs differ in:<ul>{items}</ul></div>'


def _number(value: float) -> str:
    if np.isnan(value):  # the design has stopped
        return "–"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.3f}"
