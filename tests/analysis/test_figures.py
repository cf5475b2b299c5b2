"""Figures for papers: files written, sizes for a column, content drawn as asked, bytes reproducible."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib.colors
import matplotlib.image
import numpy as np
import pandas as pd
import pytest
from PIL import Image

from hsbp.analysis.figures import (
    BASELINE_COLOR,
    DPI,
    FIGURE_WIDTH,
    OKABE_ITO,
    FigureResult,
    breaking_curves_plot,
    convergence_plot,
    design_colors,
    fan_chart,
    km_plot,
    label,
    morris_plot,
    prim_box_plot,
    prim_tradeoff,
    satisficing_heatmap,
    sobol_bars,
)
from hsbp.sim.outcomes import OUTCOMES
from hsbp.sim.params import BY_NAME

SINGLE_MAX_PX = 800  # 3.5 in at 200 dpi plus the tight bounding box's slack
DOUBLE_MAX_PX = 1500


def written(result: FigureResult, stem: Path, max_px: int = SINGLE_MAX_PX) -> None:
    """Both files exist, the PNG is a PNG of a column's width, the PDF is a PDF."""
    png, pdf = stem.with_name(stem.name + ".png"), stem.with_name(stem.name + ".pdf")
    assert result.paths == [png, pdf]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    height, width = matplotlib.image.imread(png).shape[:2]
    assert 0.5 * max_px < width <= max_px
    assert height > 100


def sobol() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "factor": ["inclusivity", "armed_event_rate", "initial_trust", "fragility"],
            "S1": [0.1, 0.4, -0.03, 0.2],
            "S1_conf": [0.03, 0.05, 0.04, 0.05],
            "ST": [0.2, 0.6, 0.02, 0.3],
            "ST_conf": [0.05, 0.06, 0.04, 0.05],
        }
    )


def morris() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "factor": ["inclusivity", "armed_event_rate", "initial_trust", "fragility"],
            "mu_star": [1.0, 5.0, 0.2, 2.0],
            "mu_star_conf": [0.2, 0.5, 0.1, 0.3],
            "sigma": [0.5, 2.0, 0.3, 2.5],
        }
    )


def convergence(factors: int = 7) -> pd.DataFrame:
    rows = [
        {"factor": f"f{k}", "n": n, "ST": 0.9 - 0.1 * k, "ST_conf": 1 / np.sqrt(n)}
        for k in range(factors)
        for n in (64, 128, 256, 512)
    ]
    return pd.DataFrame(rows)


def series(designs: list[str], replicates: int = 5, months: int = 13) -> pd.DataFrame:
    rows = [
        {"design": d, "replicate": r, "month": m, "value": i + 0.1 * r + 0.01 * m}
        for i, d in enumerate(designs)
        for r in range(replicates)
        for m in range(months)
    ]
    return pd.DataFrame(rows)


def survival() -> pd.DataFrame:
    rows = []
    for design, hazard in (("no_partnership", 0.05), ("inclusive", 0.01)):
        for month in range(0, 61, 6):
            s = float(np.exp(-hazard * month))
            rows.append({"design": design, "month": month, "survival": s, "ci_low": s - 0.05, "ci_high": s + 0.02})
    return pd.DataFrame(rows)


def satisficing() -> pd.DataFrame:
    rows = []
    for d, design in enumerate(("no_partnership", "inclusive")):
        for b, low in enumerate((0.2, 0.0, 0.1)):  # bins given out of order
            rows.append(
                {
                    "design": design,
                    "bin": f"{low:.1f}–{low + 0.1:.1f}",
                    "bin_low": low,
                    "bin_high": low + 0.1,
                    "met_share": 0.1 * (d + 1) + 0.25 * b,
                    "contexts": 0 if (design == "inclusive" and low == 0.2) else 12,
                }
            )
    return pd.DataFrame(rows)


def curves() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    level = np.linspace(0.0, 0.3, 31)
    fitted = pd.concat(
        pd.DataFrame({"design": d, "level": level, "probability": 1 / (1 + np.exp((level - c) * 40))})
        for d, c in (("no_partnership", 0.1), ("robust", 0.2))
    )
    observed = pd.DataFrame({"design": ["robust", "robust"], "bin_mid": [0.05, 0.25], "observed": [0.9, 0.2]})
    points = pd.DataFrame(
        {
            "design": ["no_partnership", "robust"],
            "breaking_point": [0.1, np.nan],
            "ci_low": [0.08, 0.1],
            "ci_high": [0.13, 0.3],
        }
    )
    return fitted, observed, points


def trajectory() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "coverage": [1.0, 0.9, 0.7, 0.5, 0.3],
            "density": [0.3, 0.4, 0.6, 0.8, 0.9],
            "restricted_dimensions": [0, 1, 1, 2, 3],
        }
    )


# --- labels and colours ----------------------------------------------------------------------------


def test_a_parameter_with_a_long_meaning_is_labelled_by_its_name_and_catalogue_unit() -> None:
    text = label("armed_event_rate")
    assert BY_NAME["armed_event_rate"].unit == "events per month"
    assert text == "Armed event rate (events per month)"
    assert len(BY_NAME["armed_event_rate"].meaning) > 40


def test_a_parameter_with_a_short_meaning_is_labelled_by_it() -> None:
    assert label("facilitation") == f"{BY_NAME['facilitation'].meaning} ({BY_NAME['facilitation'].unit})"


def test_outcome_labels_are_readable() -> None:
    """Outcomes carry their catalogue label and the unit of the stored values the figures plot."""
    assert label("durability_months") == "Partnership duration (months)"
    assert label("partner_exits") == "Partners who left (partners)"
    assert label("hsi_change") == "Change in human security (0-1)"  # stored 0-1, shown elsewhere as points
    assert label("company_cost") == "Company cost (US$ k)"  # stored in US$ k, shown elsewhere in US$ m
    assert label("some_other_column") == "Some other column"


def test_no_label_is_long_or_cut_mid_word() -> None:
    for name, parameter in BY_NAME.items():
        text = label(name).removesuffix(f" ({parameter.unit})")
        assert len(text) <= 40, name
        assert text in (parameter.meaning, name.replace("_", " ").capitalize()), name
    for name, outcome in OUTCOMES.items():
        text = label(name)
        assert len(text) <= 64, name
        assert text.startswith(outcome.label), name


def test_design_colours_follow_the_order_and_the_baseline_is_grey() -> None:
    colors = design_colors(["robust", "no_partnership", "fragile"])
    assert colors == {"robust": OKABE_ITO[0], "no_partnership": BASELINE_COLOR, "fragile": OKABE_ITO[1]}
    assert design_colors(["robust", "fragile"]) == {"robust": OKABE_ITO[0], "fragile": OKABE_ITO[1]}
    with pytest.raises(ValueError, match="repeat"):
        design_colors(["a", "a"])
    with pytest.raises(ValueError, match="plot a subset"):
        design_colors([f"d{i}" for i in range(9)])


# --- the figures -----------------------------------------------------------------------------------


def test_sobol_bars_rank_factors_by_total_index(tmp_path: Path) -> None:
    stem = tmp_path / "sobol"
    result = sobol_bars(sobol(), "durability_months", stem)
    written(result, stem)
    ax = result.figure.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == ["Armed event rate", "Fragility", "Inclusivity", "Initial trust"]
    assert ax.yaxis_inverted()  # the first tick (largest ST) is on top
    bars = ax.patches
    assert len(bars) == 8
    assert min(b.get_width() for b in bars) == 0.0  # the negative S1 estimate is drawn at 0
    assert ax.get_xlim()[0] == 0.0 and ax.get_xlim()[1] >= 1.0
    assert "partnership duration (months)" in ax.get_xlabel().replace("\n", " ")


def test_morris_plot_labels_every_factor_and_draws_the_reference_lines(tmp_path: Path) -> None:
    stem = tmp_path / "morris"
    result = morris_plot(morris(), "hsi_change", stem)
    written(result, stem)
    ax = result.figure.axes[0]
    annotations = {t.get_text() for t in ax.texts}
    assert {"Inclusivity", "Armed event rate", "Initial trust", "Fragility"} <= annotations
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    slopes = sorted(line.get_ydata()[1] / line.get_xdata()[1] for line in dashed)
    assert slopes == pytest.approx([0.1, 1.0])


def test_convergence_plot_draws_the_top_six_factors_on_a_log2_axis(tmp_path: Path) -> None:
    stem = tmp_path / "convergence"
    result = convergence_plot(convergence(7), "durability_months", stem)
    written(result, stem)
    ax = result.figure.axes[0]
    assert [line.get_label() for line in ax.lines] == ["F0", "F1", "F2", "F3", "F4", "F5"]
    assert ax.get_xscale() == "log" and ax.xaxis.get_transform().base == 2
    assert "top 6 of 7" in result.figure.legends[0].get_title().get_text()
    table = convergence(3).rename(columns={"ST": "S1", "ST_conf": "S1_conf"})
    small = convergence_plot(table, "durability_months", tmp_path / "s1", index="S1")
    assert small.figure.legends[0].get_title().get_text() == ""
    with pytest.raises(ValueError, match="ST_conf"):
        convergence_plot(table, "durability_months", tmp_path / "bad")


def test_fan_chart_one_design_is_one_panel_with_the_median(tmp_path: Path) -> None:
    stem = tmp_path / "fan"
    result = fan_chart(series(["robust"]), "hsi_final", stem)
    written(result, stem)
    (ax,) = result.figure.axes
    (median,) = ax.lines
    assert median.get_ydata() == pytest.approx(0.2 + 0.01 * np.arange(13))  # median replicate r = 2
    assert len(ax.collections) == 2  # the 25–75% and 10–90% bands


def test_fan_chart_small_multiples_share_y_and_keep_design_colours(tmp_path: Path) -> None:
    designs = ["no_partnership", "a", "b", "c", "d"]
    stem = tmp_path / "fan5"
    result = fan_chart(series(designs), "hsi_final", stem)
    written(result, stem, max_px=DOUBLE_MAX_PX)
    assert result.figure.get_figwidth() == FIGURE_WIDTH["double"]
    shown = [ax for ax in result.figure.axes if ax.get_visible()]
    assert len(shown) == 5
    assert shown[0].get_shared_y_axes().joined(shown[0], shown[4])
    assert matplotlib.colors.to_hex(shown[0].lines[0].get_color()) == BASELINE_COLOR.lower()
    assert matplotlib.colors.to_hex(shown[1].lines[0].get_color()) == OKABE_ITO[0].lower()
    with pytest.raises(ValueError, match="at most 6"):
        fan_chart(series([f"d{i}" for i in range(7)]), "hsi_final", tmp_path / "too_many")


def test_km_plot_marks_the_pilot_length(tmp_path: Path) -> None:
    stem = tmp_path / "km"
    result = km_plot(survival(), stem)
    written(result, stem)
    ax = result.figure.axes[0]
    (pilot,) = [line for line in ax.lines if line.get_label() == "pilot length (42 months)"]
    assert list(pilot.get_xdata()) == [42, 42]
    assert pilot.get_linestyle() == ":"
    assert ax.get_ylim() == pytest.approx((0.0, 1.02))
    steps = {line.get_label(): matplotlib.colors.to_hex(line.get_color()) for line in ax.lines}
    assert steps["No partnership"] == BASELINE_COLOR.lower()
    assert steps["Inclusive"] == OKABE_ITO[0].lower()
    assert "pilot length (42 months)" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_satisficing_heatmap_annotates_percentages_in_bin_order(tmp_path: Path) -> None:
    stem = tmp_path / "heatmap"
    result = satisficing_heatmap(satisficing(), "armed_event_rate", stem)
    written(result, stem)
    ax = result.figure.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0.0–0.1", "0.1–0.2", "0.2–0.3"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["No partnership", "Inclusive"]
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    # Row 0 is no_partnership (0.1 + 0.25·b, bins b = 1, 2, 0 by bin_low); row 1 inclusive (0.2 + ...).
    assert cells == {
        (0, 0): "35%",
        (0, 1): "60%",
        (0, 2): "10%",
        (1, 0): "45%",
        (1, 1): "70%",
        (1, 2): "n/a",
    }
    assert ax.get_xlabel() == label("armed_event_rate")
    image = ax.images[0]
    assert image.get_clim() == (0.0, 1.0)


def test_breaking_curves_show_the_half_line_and_breaking_points(tmp_path: Path) -> None:
    stem = tmp_path / "breaking"
    fitted, observed, points = curves()
    result = breaking_curves_plot(fitted, "armed_event_rate", stem, observed=observed, points=points)
    written(result, stem)
    ax = result.figure.axes[0]
    half = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(half) == 1 and list(half[0].get_ydata()) == [0.5, 0.5]
    assert ax.get_ylabel() == "probability of survival"
    marks = [line for line in ax.lines if line.get_marker() == "D"]
    assert len(marks) == 1 and marks[0].get_xdata()[0] == pytest.approx(0.1)  # the NaN one is skipped
    with pytest.raises(ValueError, match="not among"):
        breaking_curves_plot(fitted, "armed_event_rate", tmp_path / "bad", observed=observed.assign(design="x"))


def test_prim_tradeoff_highlights_the_chosen_box(tmp_path: Path) -> None:
    stem = tmp_path / "tradeoff"
    result = prim_tradeoff(trajectory(), stem, chosen=3)
    written(result, stem)
    ax = result.figure.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["0", "1", "2", "3"]
    ring = ax.collections[-1]
    assert list(ring.get_offsets()[0]) == pytest.approx([0.5, 0.8])
    assert ring.get_sizes()[0] > 50
    assert "box 3" in [t.get_text() for t in ax.texts]
    with pytest.raises(ValueError, match="allowed 0 to 4"):
        prim_tradeoff(trajectory(), tmp_path / "bad", chosen=5)


def test_prim_box_plot_places_each_restriction_in_its_sampled_range(tmp_path: Path) -> None:
    box = pd.DataFrame(
        {
            "factor": ["armed_event_rate", "inclusivity", "initial_trust"],
            "low": [0.15, 0.0, 0.0],
            "high": [0.3, 0.4, 1.0],
            "restricted": [True, True, False],
        }
    )
    ranges = {"armed_event_rate": (0.0, 0.3), "inclusivity": (0.0, 1.0), "initial_trust": (0.0, 1.0)}
    stem = tmp_path / "box"
    result = prim_box_plot(box, stem, ranges)
    written(result, stem)
    ax = result.figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Armed event rate", "Inclusivity"]
    boxes = [p for p in ax.patches if matplotlib.colors.to_hex(p.get_facecolor()) == OKABE_ITO[0].lower()]
    assert [(p.get_x(), p.get_x() + p.get_width()) for p in boxes] == [
        pytest.approx((0.5, 1.0)),
        pytest.approx((0.0, 0.4)),
    ]
    assert "0.15 – 0.3 events per month" in [t.get_text() for t in ax.texts]
    with pytest.raises(ValueError, match="no sampled range"):
        prim_box_plot(box, tmp_path / "bad", {"armed_event_rate": (0.0, 0.3)})


def test_a_table_without_the_needed_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['ST_conf'\]"):
        sobol_bars(sobol().drop(columns="ST_conf"), "durability_months", tmp_path / "x")
    assert not list(tmp_path.iterdir())


# --- reproducibility -------------------------------------------------------------------------------


def test_the_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    first = km_plot(survival(), tmp_path / "one").paths
    second = km_plot(survival(), tmp_path / "two").paths
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.suffix
    pdf = first[1].read_bytes()
    assert b"CreationDate" not in pdf and b"hsbp" in pdf
    with Image.open(first[0]) as png:
        assert png.info.get("Software") == "hsbp"
        assert png.info.get("dpi", (DPI, DPI))[0] == pytest.approx(DPI, abs=1)


DRAW_EVERY_FIGURE = """
import importlib.util, sys, tempfile
from pathlib import Path
import pandas as pd
import hsbp.analysis.figures as f
spec = importlib.util.spec_from_file_location("figure_data", sys.argv[1])
data = importlib.util.module_from_spec(spec)
spec.loader.exec_module(data)  # this file: the tables the tests draw
out = Path(tempfile.mkdtemp())
f.sobol_bars(data.sobol(), "durability_months", out / "sobol")
f.morris_plot(data.morris(), "hsi_change", out / "morris")
f.convergence_plot(data.convergence(7), "durability_months", out / "convergence")
f.fan_chart(data.series(["robust", "fragile"]), "hsi_final", out / "fan")
f.km_plot(data.survival(), out / "km")
f.satisficing_heatmap(data.satisficing(), "armed_event_rate", out / "heatmap")
fitted, observed, points = data.curves()
f.breaking_curves_plot(fitted, "armed_event_rate", out / "breaking", observed=observed, points=points)
f.prim_tradeoff(data.trajectory(), out / "tradeoff", chosen=3)
box = pd.DataFrame({"factor": ["armed_event_rate"], "low": [0.15], "high": [0.3], "restricted": [True]})
f.prim_box_plot(box, out / "box", {"armed_event_rate": (0.0, 0.3)})
print(sorted(name for name in sys.modules if name.startswith("matplotlib.pyplot")))
"""


def test_figures_never_touch_pyplot() -> None:
    """Importing the figures module and drawing every kind of figure never imports pyplot (its global state).

    A fresh interpreter, so nothing else in the test session can have imported pyplot first.
    """
    done = subprocess.run(
        [sys.executable, "-c", DRAW_EVERY_FIGURE, __file__], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", f"pyplot was imported: {done.stdout}"
