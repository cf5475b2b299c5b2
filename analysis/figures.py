"""Figures for papers from the analysis tables: headless, colour-blind-safe and byte-reproducible.

Every figure function takes long-format pandas tables, draws on a `matplotlib.figure.Figure`
made without pyplot (no global state, so it is safe in threads and never opens a window),
writes `<stem>.png` (200 dpi) and `<stem>.pdf`, and returns a `FigureResult` with the paths
written and the Figure (for inspection in tests). Sizes are for a paper's column: 3.5 in
single, 7 in double; text 7–8 pt; no titles, only short panel labels; colours from the
Okabe–Ito palette (Okabe & Ito 2008 [S]), one colour per design in every figure.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, NullLocator, PercentFormatter

from hsbp.sim.outcomes import OUTCOMES
from hsbp.sim.params import BY_NAME

FIGURE_WIDTH = {"single": 3.5, "double": 7.0}  # inches: one column or the full page width
DPI = 200
FONT = 8  # axis labels and tick labels, pt
SMALL = 7  # legends, annotations and panel labels, pt
SHORT_LABEL = 40  # longest catalogue description used as an axis label, characters
PILOT_MONTHS = 42  # the pilot's length (UNDP 2022 [S]); also the `survived_42` outcome
MAX_PANELS = 6  # designs in one fan chart
WRAP = 46  # characters per line of an axis label, about 2.6 in at 8 pt

OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
BASELINE = "no_partnership"  # the counterfactual design (docs/MODEL.md §8), grey in every figure
BASELINE_COLOR = "#999999"
S1_COLOR, ST_COLOR = "#56B4E9", "#0072B2"  # light and dark blue: the pair reads in greyscale too
RANGE_COLOR = "#DDDDDD"
INDEX_SYMBOLS = {"S1": "$S_1$", "ST": "$S_T$", "mu_star": "μ*", "sigma": "σ"}
CONVERGENCE_LINES = 6  # factors drawn in a convergence plot: the top ones by final value


@dataclass(frozen=True)
class FigureResult:
    """What a figure function wrote (`<stem>.png`, `<stem>.pdf`) and the Figure it drew."""

    paths: list[Path]
    figure: Figure


# --- labels and colours ----------------------------------------------------------------------------


def label(name: str) -> str:
    """A short, readable axis label for a parameter, an outcome or any other column name.

    Parameter: its catalogue meaning and unit, "Meaning (unit)"; if the meaning is longer than
    40 characters (the catalogue has no short form), the humanised name and unit instead,
    "Armed event rate (events per month)". Outcome: its catalogue label with the unit of the
    stored values the figures plot (sim/measures.py). Anything else: the humanised name.
    Nothing is cut mid-word.
    """
    parameter = BY_NAME.get(name)
    if parameter is not None:
        text = parameter.meaning if len(parameter.meaning) <= SHORT_LABEL else _humanise(name)
        return f"{text} ({parameter.unit})" if parameter.unit else text
    outcome = OUTCOMES.get(name)
    if outcome is not None:
        return outcome.stored_heading
    return _humanise(name)


def design_colors(designs: Sequence[str]) -> dict[str, str]:
    """One Okabe–Ito colour per design in the order given; "no_partnership" is always grey.

    The baseline does not take a palette slot, so adding or dropping it leaves the other
    designs' colours unchanged. Pass the same full list to every figure of a paper.
    """
    names = [str(d) for d in designs]
    if len(set(names)) != len(names):
        raise ValueError(f"design names repeat in {names}; pass each design once")
    others = [d for d in names if d != BASELINE]
    if len(others) > len(OKABE_ITO):
        raise ValueError(f"{len(others)} designs but {len(OKABE_ITO)} distinguishable colours; plot a subset")
    palette = dict(zip(others, OKABE_ITO, strict=False))
    return {d: BASELINE_COLOR if d == BASELINE else palette[d] for d in names}


# --- the figures -----------------------------------------------------------------------------------


def sobol_bars(table: pd.DataFrame, outcome: str, stem: Path) -> FigureResult:
    """Paired horizontal bars of first-order (S1) and total (ST) Sobol indices, ±conf, by ST descending.

    Table columns: factor, S1, S1_conf, ST, ST_conf (as `analysis.sensitivity.sobol_table`).
    """
    _require(table, ("factor", "S1", "S1_conf", "ST", "ST_conf"), "sobol_bars")
    ranked = table.sort_values("ST", ascending=False, kind="stable").reset_index(drop=True)
    fig = _figure("single", max(1.6, 0.7 + 0.24 * len(ranked)))
    ax = _axes(fig)
    y = np.arange(len(ranked))
    height = 0.38
    right = 1.0
    for offset, index, color, name in (
        (-height / 2, "S1", S1_COLOR, "first order $S_1$"),
        (height / 2, "ST", ST_COLOR, "total $S_T$"),
    ):
        value = ranked[index].to_numpy(dtype=float)
        conf = np.nan_to_num(ranked[f"{index}_conf"].to_numpy(dtype=float))
        # Indices are shares of variance; estimates below 0 are sampling error, so bars and the
        # ends of their intervals are drawn clipped at 0 (the tables keep the raw estimates).
        shown = np.clip(np.nan_to_num(value), 0.0, None)
        low, high = np.clip(value - conf, 0.0, None), np.clip(value + conf, 0.0, None)
        ax.barh(
            y + offset,
            shown,
            height=height,
            color=color,
            label=name,
            xerr=np.vstack([shown - np.minimum(low, shown), np.maximum(high, shown) - shown]),
            error_kw={"elinewidth": 0.6, "capsize": 1.5, "capthick": 0.6, "ecolor": "black"},
        )
        right = max(right, float(np.nanmax(high, initial=0.0)) * 1.05)
    ax.set_xlim(0.0, right)
    ax.set_yticks(y, [_humanise(f) for f in ranked["factor"]])
    ax.set_ylim(len(ranked) - 0.5, -0.5)  # the largest ST on top
    ax.set_xlabel(_wrap(f"Sobol index of {_lower_first(label(outcome))}"), fontsize=FONT)
    _legend(ax, loc="lower right")
    return FigureResult(_save(fig, stem), fig)


def morris_plot(table: pd.DataFrame, outcome: str, stem: Path) -> FigureResult:
    """Morris screening: μ* (x, ±conf) against σ (y), with the σ/μ* = 0.1 and 1 reference lines.

    Table columns: factor, mu_star, mu_star_conf, sigma. Below σ/μ* = 0.1 a factor's effect is
    almost linear, above 1 it is non-linear or interacting (Garcia Sanchez et al. 2014 [S]).
    """
    _require(table, ("factor", "mu_star", "mu_star_conf", "sigma"), "morris_plot")
    mu = table["mu_star"].to_numpy(dtype=float)
    conf = np.nan_to_num(table["mu_star_conf"].to_numpy(dtype=float))
    sigma = table["sigma"].to_numpy(dtype=float)
    fig = _figure("single", 2.6)
    ax = _axes(fig)
    right = _headroom(np.nanmax(mu + conf)) * 1.1
    top = _headroom(np.nanmax(sigma)) * 1.15
    ends = np.array([0.0, right])
    for ratio in (0.1, 1.0):
        ax.plot(ends, ratio * ends, linestyle="--", linewidth=0.7, color=BASELINE_COLOR, zorder=0)
        if ratio * right <= top:  # the line leaves through the right edge
            where, align = (right, ratio * right), ("right", "bottom")
        else:  # through the top edge
            where, align = (top / ratio, top), ("right", "top")
        ax.annotate(
            f"σ/μ* = {ratio:g}",
            where,
            xytext=(-2, 0),
            textcoords="offset points",
            ha=align[0],
            va=align[1],
            fontsize=SMALL - 1,
            color="#555555",
        )
    ax.errorbar(
        mu, sigma, xerr=conf, fmt="o", markersize=3, color=OKABE_ITO[0], elinewidth=0.6, capsize=1.5, capthick=0.6
    )
    ax.set_xlim(0.0, right)
    ax.set_ylim(0.0, top)
    _annotate_points(ax, mu / right, sigma / top, [_humanise(f) for f in table["factor"]])
    outcome_text = _lower_first(label(outcome))
    ax.set_xlabel(_wrap(f"μ* of {outcome_text}"), fontsize=FONT)
    ax.set_ylabel(_wrap(f"σ of {outcome_text}"), fontsize=FONT)
    return FigureResult(_save(fig, stem), fig)


def convergence_plot(table: pd.DataFrame, outcome: str, stem: Path, index: str = "ST") -> FigureResult:
    """An index against the base sample size n (log₂ axis), ±conf bands, one line per factor.

    Table columns: factor, n, <index>, <index>_conf. Only the top six factors by the index's
    value at the largest n are drawn; the legend's title says so when factors are left out.
    """
    conf_column = f"{index}_conf"
    _require(table, ("factor", "n", index, conf_column), "convergence_plot")
    final = table.sort_values("n", kind="stable").groupby("factor", sort=False)[index].last()
    top = list(final.sort_values(ascending=False, kind="stable").index[:CONVERGENCE_LINES])
    fig = _figure("single", 2.6)
    ax = _axes(fig)
    for factor, color in zip(top, OKABE_ITO, strict=False):
        rows = table[table["factor"] == factor].sort_values("n", kind="stable")
        n = rows["n"].to_numpy(dtype=float)
        value = rows[index].to_numpy(dtype=float)
        conf = np.nan_to_num(rows[conf_column].to_numpy(dtype=float))
        ax.fill_between(n, value - conf, value + conf, color=color, alpha=0.2, linewidth=0)
        ax.plot(n, value, color=color, linewidth=1.0, marker="o", markersize=2.5, label=_humanise(factor))
    ax.set_xscale("log", base=2)
    sizes = np.sort(table["n"].unique())
    if len(sizes) <= 8:
        ax.set_xticks(sizes)
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.set_xlabel("Base sample size n (log₂ scale)", fontsize=FONT)
    ax.set_ylabel(_wrap(f"{INDEX_SYMBOLS.get(index, index)} of {_lower_first(label(outcome))}"), fontsize=FONT)
    left_out = len(final) > len(top)
    title = f"top {len(top)} of {len(final)} factors by final {INDEX_SYMBOLS.get(index, index)}" if left_out else None
    fig.legend(loc="outside upper center", ncols=2, fontsize=SMALL, title=title, title_fontsize=SMALL, frameon=False)
    return FigureResult(_save(fig, stem), fig)


def fan_chart(series: pd.DataFrame, variable: str, stem: Path, designs: Sequence[str] | None = None) -> FigureResult:
    """Median and 25–75% / 10–90% bands across replicates of one variable over months, per design.

    Series columns: design, replicate, month, value (long format, one variable). One design is
    one panel; two to six designs are small multiples sharing both axes, in 2 or 3 columns.
    `designs` fixes the order and colours (default: order of first appearance).
    """
    _require(series, ("design", "replicate", "month", "value"), "fan_chart")
    order, colors = _designs(series, designs, "fan_chart")
    if len(order) > MAX_PANELS:
        raise ValueError(f"fan_chart: {len(order)} designs; at most {MAX_PANELS} fit, pass a subset")
    quantiles = series.groupby(["design", "month"])["value"].quantile([0.1, 0.25, 0.5, 0.75, 0.9]).unstack()
    count = len(order)
    ncols = 1 if count == 1 else 2 if count in (2, 4) else 3
    nrows = math.ceil(count / ncols)
    fig = _figure("single" if ncols <= 2 else "double", 0.9 + 1.5 * nrows if count > 1 else 2.6)
    grid = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False)
    for ax, design in zip(grid.flat, order, strict=False):
        _style(ax)
        q = quantiles.loc[design]
        months = q.index.to_numpy(dtype=float)
        color = colors[design]
        ax.fill_between(months, q[0.1], q[0.9], color=color, alpha=0.18, linewidth=0)
        ax.fill_between(months, q[0.25], q[0.75], color=color, alpha=0.38, linewidth=0)
        ax.plot(months, q[0.5], color=color, linewidth=1.2)
        ax.text(0.03, 0.97, _humanise(design), transform=ax.transAxes, ha="left", va="top", fontsize=SMALL)
    for ax in grid.flat[count:]:
        ax.set_visible(False)
    for column in range(ncols):  # the lowest drawn panel of each column carries the month ticks
        drawn = [grid[row, column] for row in range(nrows) if row * ncols + column < count]
        drawn[-1].xaxis.set_tick_params(labelbottom=True)
    if count == 1:
        grid[0, 0].set_xlabel("Time (months)", fontsize=FONT)
        grid[0, 0].set_ylabel(_wrap(label(variable)), fontsize=FONT)
    else:
        fig.supxlabel("Time (months)", fontsize=FONT)
        fig.supylabel(_wrap(label(variable)), fontsize=FONT)
    key = [
        Line2D([], [], color="#555555", linewidth=1.2, label="median"),
        Patch(color="#555555", alpha=0.38, linewidth=0, label="25–75%"),
        Patch(color="#555555", alpha=0.18, linewidth=0, label="10–90% of replicates"),
    ]
    fig.legend(handles=key, loc="outside upper center", ncols=3, fontsize=SMALL, frameon=False)
    return FigureResult(_save(fig, stem), fig)


def km_plot(table: pd.DataFrame, stem: Path, designs: Sequence[str] | None = None) -> FigureResult:
    """Kaplan–Meier survival of partnerships per design, with shaded confidence bands.

    Table columns: design, month, survival, ci_low, ci_high. A dotted line marks the pilot's
    length (42 months).
    """
    _require(table, ("design", "month", "survival", "ci_low", "ci_high"), "km_plot")
    order, colors = _designs(table, designs, "km_plot")
    fig = _figure("single", 2.6)
    ax = _axes(fig)
    for design in order:
        rows = table[table["design"] == design].sort_values("month", kind="stable")
        month = rows["month"].to_numpy(dtype=float)
        color = colors[design]
        ax.fill_between(month, rows["ci_low"], rows["ci_high"], step="post", color=color, alpha=0.2, linewidth=0)
        ax.step(month, rows["survival"], where="post", color=color, linewidth=1.1, label=_humanise(design))
    ax.axvline(PILOT_MONTHS, linestyle=":", color="black", linewidth=0.8, label=f"pilot length ({PILOT_MONTHS} months)")
    ax.set_xlim(left=0)
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel("Time since formation (months)", fontsize=FONT)
    ax.set_ylabel("probability of survival", fontsize=FONT)
    _legend(ax, loc="best")
    return FigureResult(_save(fig, stem), fig)


def satisficing_heatmap(
    table: pd.DataFrame, factor: str, stem: Path, designs: Sequence[str] | None = None
) -> FigureResult:
    """Share of contexts in which each design meets its goals, by bins of one context factor.

    Table columns: design, bin (label), bin_low, bin_high, met_share, contexts. Rows are designs
    in the order given, columns bins by bin_low; each cell shows its percentage. A cell with no
    contexts is left blank and marked "n/a".
    """
    _require(table, ("design", "bin", "bin_low", "bin_high", "met_share", "contexts"), "satisficing_heatmap")
    order, _ = _designs(table, designs, "satisficing_heatmap")
    if table.duplicated(["design", "bin"]).any():
        raise ValueError("satisficing_heatmap: a (design, bin) pair appears twice; pass one row per cell")
    bins = table.drop_duplicates("bin").sort_values("bin_low", kind="stable")["bin"].tolist()
    cells = table.assign(met_share=table["met_share"].where(table["contexts"] > 0))
    share = cells.pivot(index="design", columns="bin", values="met_share").reindex(index=order, columns=bins)
    values = share.to_numpy(dtype=float)
    fig = _figure("single" if len(bins) <= 5 else "double", 0.9 + 0.32 * len(order))
    ax = _axes(fig, spines=True)
    image = ax.imshow(
        np.ma.masked_invalid(values),
        cmap=matplotlib.colormaps["viridis"].with_extremes(bad="white"),
        vmin=0.0,
        vmax=1.0,
        aspect="auto",
    )
    for (row, column), value in np.ndenumerate(values):
        text = "n/a" if np.isnan(value) else f"{value:.0%}"
        color = "black" if np.isnan(value) or value > 0.55 else "white"  # viridis is dark below ~0.55
        ax.text(column, row, text, ha="center", va="center", fontsize=SMALL, color=color)
    ax.set_xticks(
        range(len(bins)), bins, rotation=30 if len(bins) > 4 else 0, ha="right" if len(bins) > 4 else "center"
    )
    ax.set_yticks(range(len(order)), [_humanise(d) for d in order])
    ax.tick_params(length=0)
    ax.set_xlabel(_wrap(label(factor)), fontsize=FONT)
    bar = fig.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    bar.ax.tick_params(labelsize=SMALL)
    bar.ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    bar.set_label("contexts meeting the goals", fontsize=SMALL)
    return FigureResult(_save(fig, stem), fig)


def breaking_curves_plot(
    curves: pd.DataFrame,
    factor: str,
    stem: Path,
    observed: pd.DataFrame | None = None,
    points: pd.DataFrame | None = None,
    designs: Sequence[str] | None = None,
    success: str = "survival",
) -> FigureResult:
    """Fitted probability of `success` against one context factor, per design, with breaking points.

    Curves columns: design, level, probability. Optional `observed` (design, bin_mid, observed)
    adds the empirical shares as open circles; optional `points` (design, breaking_point,
    ci_low, ci_high) marks each curve's 0.5 crossing with its interval (rows with no crossing,
    NaN, are skipped). A dashed line marks probability 0.5.
    """
    _require(curves, ("design", "level", "probability"), "breaking_curves_plot")
    order, colors = _designs(curves, designs, "breaking_curves_plot")
    for extra, columns, what in (
        (observed, ("design", "bin_mid", "observed"), "breaking_curves_plot observed"),
        (points, ("design", "breaking_point", "ci_low", "ci_high"), "breaking_curves_plot points"),
    ):
        if extra is not None:
            _require(extra, columns, what)
            _known(extra, colors, what)
    fig = _figure("single", 2.6)
    ax = _axes(fig)
    ax.axhline(0.5, linestyle="--", linewidth=0.7, color=BASELINE_COLOR, zorder=0)
    for design in order:
        color = colors[design]
        rows = curves[curves["design"] == design].sort_values("level", kind="stable")
        ax.plot(rows["level"], rows["probability"], color=color, linewidth=1.2, label=_humanise(design))
        if observed is not None:
            seen = observed[observed["design"] == design]
            ax.plot(seen["bin_mid"], seen["observed"], "o", markersize=3, markerfacecolor="none", color=color)
        if points is not None:
            lowest, highest = curves["level"].min(), curves["level"].max()
            for row in points[points["design"] == design].dropna(subset=["breaking_point"]).itertuples():
                # An interval end beyond the sampled range (±inf from the bootstrap) is drawn to the range's edge.
                low, high = np.clip([row.ci_low, row.ci_high], lowest, highest)
                error = [[max(row.breaking_point - low, 0.0)], [max(high - row.breaking_point, 0.0)]]
                ax.errorbar(
                    [row.breaking_point],
                    [0.5],
                    xerr=np.nan_to_num(np.array(error, dtype=float)),
                    fmt="D",
                    markersize=3.5,
                    color=color,
                    elinewidth=1.0,
                    capsize=2,
                    capthick=1.0,
                    zorder=3,
                )
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel(_wrap(label(factor)), fontsize=FONT)
    ax.set_ylabel(_wrap(f"probability of {success}"), fontsize=FONT)
    handles, _ = ax.get_legend_handles_labels()
    if observed is not None:
        handles.append(
            Line2D([], [], linestyle="", marker="o", markersize=3, markerfacecolor="none", color="#555555",
                   label="observed share")
        )  # fmt: skip
    if points is not None:
        handles.append(
            Line2D([], [], linestyle="", marker="D", markersize=3.5, color="#555555", label="breaking point (CI)")
        )
    ax.legend(handles=handles, loc="best", fontsize=SMALL, frameon=False)
    return FigureResult(_save(fig, stem), fig)


def prim_tradeoff(trajectory: pd.DataFrame, stem: Path, chosen: int | None = None) -> FigureResult:
    """PRIM's peeling trajectory: coverage against density, coloured by restricted dimensions.

    Trajectory columns: coverage, density, restricted_dimensions. `chosen` is a position in the
    trajectory (as in ema_workbench's `inspect(i)`); that box is circled and labelled.
    """
    _require(trajectory, ("coverage", "density", "restricted_dimensions"), "prim_tradeoff")
    if chosen is not None and not 0 <= chosen < len(trajectory):
        raise ValueError(
            f"prim_tradeoff: chosen = {chosen} is outside the trajectory; allowed 0 to {len(trajectory) - 1}"
        )
    coverage = trajectory["coverage"].to_numpy(dtype=float)
    density = trajectory["density"].to_numpy(dtype=float)
    dimensions = trajectory["restricted_dimensions"].to_numpy(dtype=int)
    levels = np.unique(dimensions)
    # Viridis sampled at one shade per dimension count, stopping short of its pale yellow end.
    shades = matplotlib.colormaps["viridis"](np.linspace(0.0, 0.85, len(levels)))
    fig = _figure("single", 2.6)
    ax = _axes(fig)
    ax.plot(coverage, density, color=RANGE_COLOR, linewidth=0.7, zorder=0)
    for level, shade in zip(levels, shades, strict=True):
        mask = dimensions == level
        ax.scatter(coverage[mask], density[mask], s=12, color=[shade], linewidths=0, label=str(level))
    if chosen is not None:
        ax.scatter(
            [coverage[chosen]], [density[chosen]], s=70, facecolors="none", edgecolors="black", linewidths=1.0, zorder=3
        )
        ax.annotate(
            f"box {chosen}",
            (coverage[chosen], density[chosen]),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize=SMALL,
        )
    ax.set_xlim(0.0, 1.02)
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel("Coverage (share of cases of interest)", fontsize=FONT)
    ax.set_ylabel("Density (share of box of interest)", fontsize=FONT)
    ax.legend(
        title="restricted dimensions",
        loc="lower left",
        fontsize=SMALL,
        title_fontsize=SMALL,
        frameon=False,
        ncols=min(len(levels), 5),
    )
    return FigureResult(_save(fig, stem), fig)


def prim_box_plot(box: pd.DataFrame, stem: Path, ranges: Mapping[str, tuple[float, float]]) -> FigureResult:
    """A PRIM box: for each restricted factor, the box's [low, high] within its sampled range.

    Box columns: factor, low, high, restricted. `ranges` maps each factor to the (min, max) it
    was sampled over; the x axis is that range scaled to 0–1, and each bar is labelled with the
    box's limits in the factor's own units.
    """
    _require(box, ("factor", "low", "high", "restricted"), "prim_box_plot")
    kept = box[box["restricted"].astype(bool)].reset_index(drop=True)
    if kept.empty:
        raise ValueError("prim_box_plot: the box restricts no factor; choose a box further along the trajectory")
    missing = [f for f in kept["factor"] if f not in ranges]
    if missing:
        raise ValueError(f"prim_box_plot: no sampled range for {missing}; add them to `ranges`")
    fig = _figure("single", 0.8 + 0.42 * len(kept))
    ax = _axes(fig)
    for row, entry in enumerate(kept.itertuples()):
        smallest, largest = ranges[entry.factor]
        if not largest > smallest:
            raise ValueError(f"prim_box_plot: range of {entry.factor} is ({smallest}, {largest}); need min < max")
        low = min(max((entry.low - smallest) / (largest - smallest), 0.0), 1.0)
        high = min(max((entry.high - smallest) / (largest - smallest), 0.0), 1.0)
        ax.barh(row, 1.0, left=0.0, height=0.45, color=RANGE_COLOR)
        ax.barh(row, high - low, left=low, height=0.45, color=OKABE_ITO[0])
        parameter = BY_NAME.get(entry.factor)
        unit = f" {parameter.unit}" if parameter is not None and parameter.unit else ""
        # Centred over the bar, or flush with its inner end near the range's edges (stays in the axes).
        middle = (low + high) / 2
        x, align = (low, "left") if middle < 0.3 else (high, "right") if middle > 0.7 else (middle, "center")
        ax.text(
            x,
            row - 0.27,
            f"{entry.low:.3g} – {entry.high:.3g}{unit}",
            ha=align,
            va="bottom",
            fontsize=SMALL - 1,
        )
    ax.set_yticks(range(len(kept)), [_humanise(f) for f in kept["factor"]])
    ax.set_ylim(len(kept) - 0.5, -0.75)  # first factor on top, room for its limits' label
    ax.set_xlim(0.0, 1.0)
    ax.set_xlabel("Position in sampled range (0 = min, 1 = max)", fontsize=FONT)
    return FigureResult(_save(fig, stem), fig)


# --- plumbing --------------------------------------------------------------------------------------


def _save(fig: Figure, stem: Path) -> list[Path]:
    """Write `<stem>.png` (200 dpi) and `<stem>.pdf`, tightly cropped, with no dates in the metadata.

    The same figure gives the same bytes on the same matplotlib: the PDF has no CreationDate,
    and the PNG's Software entry names hsbp instead of the matplotlib version.
    """
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, pdf = stem.with_name(stem.name + ".png"), stem.with_name(stem.name + ".pdf")
    fig.savefig(png, dpi=DPI, bbox_inches="tight", metadata={"Software": "hsbp"})
    fig.savefig(pdf, bbox_inches="tight", metadata={"Creator": "hsbp", "CreationDate": None})
    return [png, pdf]


def _figure(width: str, height: float) -> Figure:
    """A Figure made without pyplot, at a column width, with constrained layout."""
    return Figure(figsize=(FIGURE_WIDTH[width], height), layout="constrained")


def _axes(fig: Figure, spines: bool = False) -> Axes:
    ax = fig.add_subplot()
    _style(ax, spines)
    return ax


def _style(ax: Axes, spines: bool = False) -> None:
    """Paper sizes set on the axes itself (never through the global rcParams)."""
    ax.tick_params(labelsize=FONT, width=0.6, length=2.5)
    ax.xaxis.get_offset_text().set_fontsize(SMALL)
    ax.yaxis.get_offset_text().set_fontsize(SMALL)
    for side, spine in ax.spines.items():
        spine.set_linewidth(0.6)
        if side in ("top", "right") and not spines:
            spine.set_visible(False)


def _legend(ax: Axes, loc: str) -> None:
    ax.legend(loc=loc, fontsize=SMALL, frameon=False)


def _require(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{what}: table lacks column(s) {missing}; it needs {list(columns)}")
    if table.empty:
        raise ValueError(f"{what}: table is empty; nothing to plot")


def _designs(table: pd.DataFrame, designs: Sequence[str] | None, what: str) -> tuple[list[str], dict[str, str]]:
    """The designs to draw (in the given order, else order of appearance) and every design's colour."""
    present = [str(d) for d in pd.unique(table["design"])]
    named = list(designs) if designs is not None else present
    colors = design_colors(named)
    _known(table, colors, what)
    return [d for d in named if d in present], colors


def _known(table: pd.DataFrame, colors: Mapping[str, str], what: str) -> None:
    unknown = sorted({str(d) for d in table["design"]} - set(colors))
    if unknown:
        raise ValueError(f"{what}: design(s) {unknown} are not among {list(colors)}; add them to `designs`")


def _humanise(name: str) -> str:
    """A column name as words: underscores as spaces, first letter capitalised."""
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _wrap(text: str, width: int = WRAP) -> str:
    """Break a long axis label at spaces so it stays within a single column (never mid-word)."""
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)


def _lower_first(text: str) -> str:
    """Lower-case a label's first letter to use it mid-sentence, unless it starts an acronym."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _headroom(value: float) -> float:
    """A positive upper axis limit for data whose largest value is `value` (1 if none is positive)."""
    return float(value) if np.isfinite(value) and value > 0 else 1.0


def _annotate_points(ax: Axes, x: np.ndarray, y: np.ndarray, names: list[str]) -> None:
    """Label points (positions in axes fractions) with small offsets chosen to avoid earlier labels.

    Greedy: points from the largest x down, each trying four corners around the marker and
    taking the first whose estimated text box overlaps no placed label and no marker (else the
    least overlap).
    """
    size = ax.figure.get_size_inches()
    char_width = SMALL * 0.55 / 72 / (size[0] * 0.75)  # a character's width, in axes fractions (estimate)
    line_height = SMALL * 1.2 / 72 / (size[1] * 0.7)
    corners = ((4, 2, "left", "bottom"), (4, -2, "left", "top"), (-4, 2, "right", "bottom"), (-4, -2, "right", "top"))
    marker = 0.015  # half a marker's size, in axes fractions
    markers = [(a - marker, b - marker, a + marker, b + marker) for a, b in zip(x, y, strict=True)]
    placed: list[tuple[float, float, float, float]] = []
    for i in np.argsort(-np.nan_to_num(x), kind="stable"):
        if not (np.isfinite(x[i]) and np.isfinite(y[i])):
            continue
        width = len(names[i]) * char_width
        best, best_cost = corners[0], math.inf
        for corner in corners:
            dx, dy, ha, va = corner
            left = x[i] + 0.01 if ha == "left" else x[i] - 0.01 - width
            bottom = y[i] + 0.01 if va == "bottom" else y[i] - 0.01 - line_height
            box = (left, bottom, left + width, bottom + line_height)
            cost = sum(_overlap(box, other) for other in placed) + sum(_overlap(box, m) for m in markers)
            cost += max(0.0, box[2] - 1.0) + max(0.0, -box[0]) + max(0.0, box[3] - 1.0) + max(0.0, -box[1])
            if cost < best_cost:
                best, best_cost, best_box = corner, cost, box
            if cost == 0:
                break
        placed.append(best_box)
        dx, dy, ha, va = best
        ax.annotate(
            names[i],
            (x[i], y[i]),
            xycoords="axes fraction",
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=SMALL - 1,
        )


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Area shared by two boxes (left, bottom, right, top)."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
