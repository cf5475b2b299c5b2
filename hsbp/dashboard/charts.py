"""The dashboard's charts: monthly series as SVG (drawn in milliseconds), the same charts as a PNG, the series as CSV.

Every chart reads its words from `hsbp.sim.measures.SERIES` (label, unit, scale) and shows
month on the x axis over the whole horizon, so a run grows across a fixed frame. The y axis
starts at 0 and its top follows the unit: 100 for an index in points (0-100), the number of
partners or communities for counts of them, else a round number above the largest value.
A series shown unscaled whose values are all whole numbers is a count: drawn as steps, or as
bars when it counts events per month.

The SVG is written by hand because a month's redraw must stay well under 0.2 s (Matplotlib
takes that long for one figure); Matplotlib draws the PNG for download only.
"""

from __future__ import annotations

import csv
import html
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib import colormaps

from hsbp.sim.measures import SERIES, Measure

DESIGN_COLOURS = {"A": "#1f66b4", "B": "#d95f02"}
DESIGN_DASH = {"A": "", "B": "6 3"}  # B dashed, so the designs differ without colour too
PARTNER_COLOURS = {"company": "#4d4d4d", "government": "#2c7fb8", "ngo": "#31a354", "community": "#e6550d"}
WIDTH, HEIGHT = 400, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 26, 36
BAR, STEP, LINE = "bar", "step", "line"


@dataclass(frozen=True)
class Panel:
    """One chart's data: a measure and, for each design, its displayed monthly values (index = month)."""

    measure: Measure
    values: Mapping[str, np.ndarray]  # design name → displayed values, months 0..now (NaN: not running)
    horizon: int
    capacity: Mapping[str, float]  # unit → largest possible count (e.g. "partners" → 8)

    @property
    def style(self) -> str:
        """Bars for events per month, steps for other counts, lines for everything else."""
        finite = np.concatenate([v[np.isfinite(v)] for v in self.values.values()])
        count = self.measure.scale == 1 and "$" not in self.measure.unit and bool(np.all(finite == np.round(finite)))
        if not count:
            return LINE
        return BAR if "per month" in self.measure.unit else STEP

    @property
    def top(self) -> float:
        """The y axis's top (its bottom is 0)."""
        unit = self.measure.unit
        largest = max((float(np.nanmax(v)) for v in self.values.values() if np.isfinite(v).any()), default=0.0)
        if unit.endswith("0-100"):
            return 100.0
        if unit in self.capacity:
            return max(float(self.capacity[unit]), largest)
        if unit.startswith("%"):
            return min(100.0, nice_ceiling(max(largest, 10.0)))
        return nice_ceiling(max(largest, 3.0 if self.style != LINE else 1.0))


def panels(
    series: Mapping[str, Mapping[str, np.ndarray]], names: Sequence[str], horizon: int, capacity: Mapping[str, float]
) -> list[Panel]:
    """Panels for the series `names`, from stored values by series and design (scaled here to displayed units)."""
    return [
        Panel(SERIES[name], {d: SERIES[name].show(v) for d, v in series[name].items()}, horizon, capacity)
        for name in names
    ]


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above `value` (value > 0)."""
    power = 10 ** math.floor(math.log10(value))
    for multiple in (1, 2, 2.5, 5, 10):
        if value <= multiple * power * (1 + 1e-9):
            return multiple * power
    raise AssertionError("unreachable")  # pragma: no cover


def ticks(top: float, whole: bool) -> list[float]:
    """About five round ticks from 0 to `top`; whole numbers only for counts."""
    step = nice_ceiling(top / 5)
    if whole:
        step = max(1.0, math.ceil(step))
    count = math.floor(top / step + 1e-9)
    return [i * step for i in range(count + 1)]


def month_ticks(horizon: int) -> list[int]:
    """Month ticks: every year, or every half year or two years for short or long horizons."""
    every = 6 if horizon <= 48 else 12 if horizon <= 180 else 24
    return list(range(0, horizon + 1, every))


def _number(value: float) -> str:
    return f"{value:g}"


def chart_svg(panel: Panel) -> str:
    """One chart as an SVG element: title, month axis, labelled y axis with unit, one line (or bars) per design."""
    measure, horizon, top, style = panel.measure, max(panel.horizon, 1), panel.top, panel.style
    pw, ph = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(month: float) -> float:
        return LEFT + pw * month / horizon

    def y(value: float) -> float:
        return TOP + ph * (1 - min(max(value, 0.0), top) / top)

    parts = [
        f'<svg class="hsbp-chart" data-series="{measure.name}" data-style="{style}" data-top="{_number(top)}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{html.escape(measure.heading)} by month">',
        f"<title>{html.escape(measure.heading)} by month: {html.escape(measure.meaning)}</title>",
        f'<text x="{LEFT}" y="15" class="hsbp-chart-title">{html.escape(measure.label)}</text>',
    ]
    for tick in ticks(top, style != LINE):
        ty = y(tick)
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + pw}" y1="{ty:.1f}" y2="{ty:.1f}" class="hsbp-grid"/>')
        parts.append(
            f'<text x="{LEFT - 4}" y="{ty + 3:.1f}" text-anchor="end" class="hsbp-tick">{_number(tick)}</text>'
        )
    for month in month_ticks(horizon):
        tx = x(month)
        parts.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{TOP + ph}" y2="{TOP + ph + 4}" class="hsbp-axis"/>')
        parts.append(f'<text x="{tx:.1f}" y="{TOP + ph + 14}" text-anchor="middle" class="hsbp-tick">{month}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{LEFT + pw}" y1="{TOP + ph}" y2="{TOP + ph}" class="hsbp-axis"/>')
    parts.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + ph}" class="hsbp-axis"/>')
    parts.append(
        f'<text x="{LEFT + pw / 2}" y="{HEIGHT - 4}" text-anchor="middle" class="hsbp-axis-label">Month</text>'
    )
    parts.append(
        f'<text transform="translate(11 {TOP + ph / 2}) rotate(-90)" text-anchor="middle" '
        f'class="hsbp-axis-label">{html.escape(measure.unit)}</text>'
    )
    designs = list(panel.values)
    slot = pw / horizon
    for index, (design, values) in enumerate(panel.values.items()):
        colour, dash = DESIGN_COLOURS[design], DESIGN_DASH[design]
        months = np.flatnonzero(np.isfinite(values))
        if not len(months):
            continue
        if style == BAR:
            width = max(slot * 0.9 / len(designs), 0.8)
            rects = "".join(
                f'<rect x="{x(m) - slot * 0.45 + index * width:.1f}" y="{y(values[m]):.1f}" width="{width:.1f}" '
                f'height="{TOP + ph - y(values[m]):.1f}"/>'
                for m in months
                if values[m] > 0
            )
            parts.append(f'<g class="hsbp-series" data-design="{design}" fill="{colour}">{rects}</g>')
            continue
        if style == STEP:
            points = []
            for i, m in enumerate(months):
                if i:
                    points.append(f"{x(m):.1f},{y(values[months[i - 1]]):.1f}")
                points.append(f"{x(m):.1f},{y(values[m]):.1f}")
        else:
            points = [f"{x(m):.1f},{y(values[m]):.1f}" for m in months]
        if len(points) == 1:  # month 0: a dot, so the start shows
            parts.append(
                f'<circle class="hsbp-series" data-design="{design}" cx="{x(months[0]):.1f}" '
                f'cy="{y(values[months[0]]):.1f}" r="2.5" fill="{colour}"/>'
            )
            continue
        parts.append(
            f'<polyline class="hsbp-series" data-design="{design}" points="{" ".join(points)}" fill="none" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def legend_html(labels: Mapping[str, str]) -> str:
    """The designs' legend: a line sample and 'Design A: Full HSBP' for each."""
    items = []
    for design, label in labels.items():
        sample = (
            f'<svg width="28" height="10"><line x1="0" x2="28" y1="5" y2="5" stroke="{DESIGN_COLOURS[design]}" '
            f'stroke-width="3" stroke-dasharray="{DESIGN_DASH[design]}"/></svg>'
        )
        items.append(
            f'<span class="hsbp-legend-item" data-design="{design}">{sample} '
            f"Design {design}: {html.escape(label)}</span>"
        )
    return f'<div class="hsbp-legend">{"".join(items)}</div>'


def charts_png(chart_panels: Sequence[Panel], labels: Mapping[str, str], title: str) -> bytes:
    """All charts in one PNG (Matplotlib), as on the page: month on x, unit on y, the designs in a legend."""
    from matplotlib.figure import Figure

    columns = 3
    rows = max(1, math.ceil(len(chart_panels) / columns))
    fig = Figure(figsize=(4.2 * columns, 2.9 * rows + 0.8), layout="constrained")
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    for ax, panel in zip(axes, chart_panels, strict=False):
        style = panel.style
        designs = list(panel.values)
        for index, (design, values) in enumerate(panel.values.items()):
            months = np.arange(len(values))
            keep = np.isfinite(values)
            label = f"Design {design}: {labels[design]}"
            colour = DESIGN_COLOURS[design]
            if style == BAR:
                width = 0.9 / len(designs)
                ax.bar(
                    months[keep] - 0.45 + (index + 0.5) * width, values[keep], width=width, color=colour, label=label
                )
            else:
                ax.plot(
                    months[keep],
                    values[keep],
                    color=colour,
                    linestyle="--" if design == "B" else "-",
                    drawstyle="steps-post" if style == STEP else "default",
                    label=label,
                )
        ax.set_xlim(0, panel.horizon)
        ax.set_ylim(-0.02 * panel.top, 1.03 * panel.top)  # a margin, so lines at 0 or at the top stay visible
        ax.set_yticks(ticks(panel.top, style != LINE))
        ax.set_xticks(month_ticks(panel.horizon))
        ax.set_title(panel.measure.label, fontsize=10, loc="left")
        ax.set_xlabel("Month", fontsize=8)
        ax.set_ylabel(panel.measure.unit, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(axis="y", color="#e5e5e5")
    for ax in axes[len(chart_panels) :]:
        ax.set_axis_off()
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="outside upper right", fontsize=9, ncols=len(names))
    fig.suptitle(title, fontsize=10, x=0.01, ha="left")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def series_csv(series: Mapping[str, Mapping[str, np.ndarray]], labels: Mapping[str, str]) -> str:
    """Every monthly series in displayed units: one row per month and design, columns headed 'label (unit)'."""
    names = list(series)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Month", "Design", *(SERIES[name].heading for name in names)])
    months = max(len(values) for by_design in series.values() for values in by_design.values())
    for month in range(months):
        for design, label in labels.items():
            row = []
            for name in names:
                value = SERIES[name].show(series[name][design][month])
                row.append("" if not np.isfinite(value) else f"{value:.6g}")
            writer.writerow([month, f"{design}: {label}", *row])
    return buffer.getvalue()


def network_svg(state, title: str) -> str:
    """One design's partners on a circle; each edge's width and colour is mutual trust; a partner who left is hollow."""
    n = state.trust.shape[0]
    kinds = ["company"] * n
    kinds[state.government] = "government"
    kinds[state.ngo] = "ngo"
    for i in state.communities:
        kinds[int(i)] = "community"
    names = [f"K{i + 1}" for i in range(len(state.companies))] + ["Gov", "NGO"]
    names += [f"C{i + 1}" for i in range(len(state.communities))]
    size, radius, centre = 260, 95, 130
    angle = np.pi / 2 - 2 * np.pi * np.arange(n) / n
    px, py = centre + radius * np.cos(angle), centre + 12 - radius * np.sin(angle)
    mutual = (state.trust + state.trust.T) / 2
    cmap = colormaps["RdYlGn"]
    parts = [
        f'<svg class="hsbp-network" viewBox="0 0 {size} {size + 14}" role="img" aria-label="{html.escape(title)}">',
        f'<text x="{centre}" y="13" text-anchor="middle" class="hsbp-chart-title">{html.escape(title)}</text>',
    ]
    member = np.asarray(state.member, dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            if member[i] and member[j]:
                w = float(mutual[i, j])
                r, g, b, _ = cmap(min(max(w, 0.0), 1.0))
                parts.append(
                    f'<line x1="{px[i]:.1f}" y1="{py[i]:.1f}" x2="{px[j]:.1f}" y2="{py[j]:.1f}" '
                    f'stroke="rgb({r * 255:.0f},{g * 255:.0f},{b * 255:.0f})" stroke-width="{0.5 + 6 * w:.2f}"/>'
                )
    for i, kind in enumerate(kinds):
        colour = PARTNER_COLOURS[kind]
        fill, text = (colour, "white") if member[i] else ("white", colour)
        parts.append(
            f'<circle cx="{px[i]:.1f}" cy="{py[i]:.1f}" r="15" fill="{fill}" stroke="{colour}" stroke-width="2"/>'
            f'<text x="{px[i]:.1f}" y="{py[i] + 3.5:.1f}" text-anchor="middle" font-size="10" fill="{text}">'
            f"{names[i]}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


CHART_CSS = """
.hsbp-chart, .hsbp-network { width: 100%; height: auto; font-family: Roboto, sans-serif; }
.hsbp-chart-title { font-size: 13px; font-weight: 600; fill: #222; }
.hsbp-tick { font-size: 10px; fill: #555; }
.hsbp-axis-label { font-size: 11px; fill: #333; }
.hsbp-grid { stroke: #e6e6e6; stroke-width: 1; }
.hsbp-axis { stroke: #888; stroke-width: 1; }
.hsbp-legend { display: flex; gap: 24px; flex-wrap: wrap; font-size: 0.9rem; margin: 4px 0 8px; }
.hsbp-legend-item { display: inline-flex; align-items: center; gap: 6px; }
"""
