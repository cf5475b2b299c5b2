"""`hsbp report RESULTS`: one self-contained HTML page saying what one or more sweeps found.

For each results folder `write_report` runs `hsbp analyze` (which writes its CSV tables),
draws the figures those tables allow into `RESULTS/figures/` (PNG and PDF), and writes one
HTML file: inline CSS, every figure embedded as a PNG data URI, no scripts and no external
resource, so it can be mailed, archived and printed as it is. The page is reproducible: it
carries no date of its own, only the times copied from each folder's manifest, and the same
folders give the same bytes.

The "Summary for policy readers" is generated from the numbers in the tables and says no more
than they support: rankings whose 95% intervals overlap are called unresolved, breaking
points whose interval runs past the sampled range say so, convergence warnings, skipped
designs and failed runs are repeated.
"""

from __future__ import annotations

import ast
import base64
import html
import math
import os
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from hsbp.analysis import figures
from hsbp.analysis.analyze import Analysis, analyze
from hsbp.analysis.breaking_points import CROSSES, FAILS, FALLS, HOLDS, RISES, breaking_curves
from hsbp.analysis.discovery import ALWAYS, BOX, FAILS_AT, NO_BOX
from hsbp.analysis.results import AnalysisError, Results, load_results
from hsbp.analysis.robustness import (
    DEFAULT_THRESHOLDS,
    Threshold,
    no_partnership_designs,
    parse_threshold,
    satisficing_by_bins,
)
from hsbp.experiments.store import ResultsStore
from hsbp.experiments.worker import FAILED, OK

TOP_FACTORS = 3  # factors named in a sensitivity sentence
MIN_TOTAL_INDEX = 0.05  # a total Sobol index below this is not called a factor that matters [A]
MIN_MU_SHARE = 0.1  # a Morris μ* below this share of the largest is not called a factor that matters [A]
HEATMAP_BINS = 5
FAN_DESIGNS = figures.MAX_PANELS
SERIES_KEYS = ("design", "replicate", "month")
FIGURES = "figures"
SHOWN_SCALE = 1.4  # figures are drawn for a paper's column (7–8 pt text); shown a little larger on the page

CSS = """
body { font-family: Georgia, "Times New Roman", serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #111; }
h1, h2, h3 { font-family: Helvetica, Arial, sans-serif; line-height: 1.2; }
h1 { font-size: 1.7rem; } h2 { font-size: 1.35rem; border-bottom: 1px solid #999; padding-bottom: 0.2rem;
     margin-top: 2.5rem; } h3 { font-size: 1.1rem; margin-top: 1.6rem; }
p.lead { font-size: 1.05rem; }
.summary p { margin: 0.5rem 0; }
.note { color: #444; font-size: 0.92rem; }
.warning { border-left: 3px solid #D55E00; padding-left: 0.6rem; }
table { border-collapse: collapse; margin: 0.6rem 0 1.2rem; font-size: 0.85rem;
        font-family: Helvetica, Arial, sans-serif; }
th, td { border: 1px solid #bbb; padding: 0.15rem 0.45rem; }
th { background: #eee; text-align: left; vertical-align: bottom; }
.wide { overflow-x: auto; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 0.2rem; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.15rem 1rem; }
dt { font-weight: bold; } dd { margin: 0; overflow-wrap: anywhere; }
pre { background: #f5f5f5; padding: 0.6rem; font-size: 0.8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
figure { margin: 1rem 0 1.6rem; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #333; }
code { font-size: 0.9em; }
@media print {
  body { max-width: none; margin: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; } h3 { break-after: avoid; }
  table, pre, figure { break-inside: avoid; }
  table { font-size: 7.5pt; } .wide { overflow: visible; }
}
@page { margin: 18mm; }
""".strip()


@dataclass(frozen=True)
class Picture:
    """A figure of the report: its PNG (the PDF lies beside it) and its caption."""

    png: Path
    caption: str


@dataclass(frozen=True)
class Table:
    """A table of the report: a title, the rows to show, and a note under it."""

    title: str
    rows: pd.DataFrame
    note: str = ""


@dataclass
class Folder:
    """Everything the report says about one results folder."""

    results: Results
    analysis: Analysis
    manifest: Mapping[str, Any]
    summary: list[str] = field(default_factory=list)  # paragraphs of plain sentences
    warnings: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was skipped and why

    @property
    def name(self) -> str:
        """The experiment's name."""
        return self.results.experiment.name


def write_report(
    roots: Sequence[str | Path],
    out: str | Path,
    *,
    thresholds: Sequence[Threshold | str] = DEFAULT_THRESHOLDS,
    title: str | None = None,
    series: str | Path | None = None,
    intro: Sequence[str] = (),
) -> Path:
    """Analyse each results folder, draw its figures, and write one self-contained HTML report.

    Args:
        roots: Results folders written by `hsbp sweep`; each gets `analysis/` (CSV tables) and
            `figures/` (PNG and PDF).
        out: The HTML file to write (its folder is created).
        thresholds: What a design must meet in a context (designs sweeps).
        title: The page's title (default: names the experiments).
        series: Optional Parquet file with columns design, replicate, month and one column per
            monthly variable; a fan chart per variable goes to `<out's folder>/figures/`.
        intro: Paragraphs of plain text placed under the title.

    Returns:
        The path of the HTML file.
    """
    roots = [Path(root) for root in roots]
    if not roots:
        raise AnalysisError("no results folder given; name at least one folder written by hsbp sweep")
    out = Path(out)
    if out.is_dir():
        raise AnalysisError(f"{out}: is a folder; the report is one file, e.g. {out / 'report.html'}")
    parsed = [parse_threshold(t) if isinstance(t, str) else t for t in thresholds]
    monthly = _read_series(Path(series)) if series is not None else None  # a bad file fails before the analysis
    folders = [_folder(root, parsed) for root in roots]
    trajectories = _trajectories(monthly, out.parent / FIGURES) if monthly is not None else []
    names = ", ".join(f"'{folder.name}'" for folder in folders)
    title = title or f"HSBP sweep report: {names}"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(_page(title, intro, folders, trajectories, out.parent), encoding="utf-8")
    return out


# --- one results folder ----------------------------------------------------------------------------


def _folder(root: Path, thresholds: Sequence[Threshold]) -> Folder:
    with warnings.catch_warnings():  # SALib's caveat on FAST intervals: the summary repeats it
        warnings.filterwarnings("ignore", message="FAST confidence intervals", category=UserWarning)
        analysis = analyze(root, thresholds)
    results = load_results(root)
    folder = Folder(results, analysis, ResultsStore(root).manifest())
    tables = {path.name: pd.read_csv(path) for path in analysis.written}
    folder.summary += _run_counts(results)
    folder.notes += [line.strip().removeprefix("note: ") for line in analysis.lines if line.strip().startswith("note:")]
    sampler = results.experiment.sampler
    if sampler == "designs":
        _designs(folder, tables, thresholds)
    elif sampler in ("sobol", "fast", "morris"):
        _sensitivity(folder, tables)
    else:
        folder.summary.append(
            f"Sampler {sampler} has no sensitivity estimator; the tables below give each outcome's quantiles."
        )
    if "summary.csv" in tables:
        folder.tables.append(Table("Outcomes over all successful runs", tables["summary.csv"]))
    if "noise.csv" in tables:
        folder.tables.append(
            Table("Share of each outcome's variance between replicates of the same point (noise)", tables["noise.csv"])
        )
    return folder


def _run_counts(results: Results) -> list[str]:
    """Failed and missing runs, when there are any."""
    runs = results.runs
    expected = len(results.samples) * results.experiment.replicates
    failed, ok = int((runs["status"] == FAILED).sum()), int((runs["status"] == OK).sum())
    sentences = []
    if failed:
        sentences.append(
            f"{failed} of {expected} runs failed (their errors are stored in the results folder); "
            "every number below uses the successful runs only."
        )
    if ok + failed < expected:
        sentences.append(f"The sweep is incomplete: {expected - ok - failed} of {expected} runs are missing.")
    return [" ".join(sentences)] if sentences else []


# --- designs sweeps --------------------------------------------------------------------------------


def _designs(folder: Folder, tables: Mapping[str, pd.DataFrame], thresholds: Sequence[Threshold]) -> None:
    results = folder.results
    experiment = results.experiment
    recorded = set(experiment.outcomes) & set(results.runs.columns)
    usable = [t for t in thresholds if t.outcome in recorded]
    goal = " and ".join(str(t) for t in usable)
    name = _Namer()
    ranked = tables["robustness.csv"]
    satisficing = tables["satisficing.csv"]
    contexts = int(satisficing["context"].nunique())
    glosses = [f"{outcome}: {name.gloss(outcome)}" for outcome in dict.fromkeys(t.outcome for t in usable)]
    glossed = "; ".join(gloss for gloss in glosses if not gloss.endswith(": "))
    folder.summary.append(
        f"A design succeeds in a run when it meets every threshold: {goal}"
        f"{f' ({glossed})' if glossed else ''}. Its share counts each of the {contexts} sampled contexts once, "
        f"averaging the context's {experiment.replicates} replicate(s)."
    )
    folder.summary.append(_ranking(ranked))
    first = usable[0]
    points = tables.get("breaking_points.csv")
    medians = tables.get("survival_summary.csv")
    curves = tables.get("survival.csv")
    ranges = _context_ranges(satisficing, experiment)
    counterfactual = set(no_partnership_designs(results))
    for row in ranked.itertuples():
        sentences = [
            f"Design '{row.design}' met the thresholds ({goal}) in {row.satisficing_share:.0%} of the sampled "
            f"contexts (95% interval {_percent_range(row.satisficing_low, row.satisficing_high)})."
        ]
        if row.design in counterfactual:
            sentences.append("It has no partnership, so no failure region, breaking point or survival is reported.")
            folder.summary.append(" ".join(sentences))
            continue
        sentences += _baseline_sentences(row.design, tables.get("baseline.csv"), name)
        sentences += _failure_region(row.design, row.satisficing_share, tables, satisficing, ranges, name)
        if points is not None:
            sentences += _breaking_sentences(points[points["design"] == row.design], first, name)
        if medians is not None and curves is not None:
            sentences += _survival_sentences(row.design, medians, curves)
        folder.summary.append(" ".join(sentences))
    folder.summary += [f"Note: {note}." for note in folder.notes]
    folder.tables += _design_tables(tables, usable)
    _design_pictures(folder, tables, usable)


def _baseline_sentences(design: str, versus: pd.DataFrame | None, name: _Namer) -> list[str]:
    """How the design differs from no partnership, outcome by outcome, claiming only what the interval shows."""
    if versus is None or versus.empty:
        return []
    parts = []
    for row in versus[versus["design"] == design].itertuples():
        interval = f"95% interval {row.difference_low:+.3g} to {row.difference_high:+.3g}"
        if row.difference_low > 0 or row.difference_high < 0:
            better = (row.difference > 0) == (row.better_when == "higher")
            verdict = "better" if better else "worse"
        else:
            verdict = "not distinguishable"
        parts.append(
            f"{name(row.outcome)} by {row.difference:+.3g} ({interval}; {verdict}, better in "
            f"{row.better_share:.0%} of contexts)"
        )
    if not parts:
        return []
    return [f"Against no partnership in the same contexts and chance events, it changed {_and(parts)}."]


def _ranking(ranked: pd.DataFrame) -> str:
    """The designs in order of their satisficing share, and whether the data resolve the order."""
    if len(ranked) == 1:
        return f"One design was judged: '{ranked['design'].iloc[0]}'."
    order = ", ".join(f"'{r.design}' ({r.satisficing_share:.0%})" for r in ranked.itertuples())
    sentences = [f"Ranked by the share of contexts in which they meet the thresholds: {order}."]
    rows = list(ranked.itertuples())
    unresolved = False
    for better, worse in pairwise(rows):
        overlap = better.satisficing_low <= worse.satisficing_high
        if better is rows[0]:
            unresolved = overlap
            if overlap:
                sentences.append(
                    f"The ranking between '{better.design}' and '{worse.design}' is not resolved: their 95% "
                    f"intervals overlap ({_percent_range(better.satisficing_low, better.satisficing_high)} and "
                    f"{_percent_range(worse.satisficing_low, worse.satisficing_high)})."
                )
            else:
                sentences.append(
                    f"'{better.design}' ranks first: its 95% interval lies above that of '{worse.design}'."
                )
        elif overlap:
            sentences.append(
                f"The order of '{better.design}' and '{worse.design}' is not resolved"
                f"{' either' if unresolved else ''}: their 95% intervals overlap."
            )
            unresolved = True
    return " ".join(sentences)


def _failure_region(
    design: str,
    share: float,
    tables: Mapping[str, pd.DataFrame],
    satisficing: pd.DataFrame,
    ranges: Mapping[str, tuple[float, float]],
    name: _Namer,
) -> list[str]:
    """Where the design fails, from its PRIM box; or that it never (or always) fails."""
    mine = satisficing[(satisficing["design"] == design) & (satisficing["runs_ok"] > 0)]
    failing = int((1 - mine["met_share"] >= FAILS_AT).sum())
    if share == 1:
        return ["It met the thresholds in every run: it never failed."]
    if failing == 0:
        return [
            f"It never failed in a sampled context (no context where at least {FAILS_AT:.0%} of its runs "
            "missed a threshold), so there is no failure region to describe."
        ]
    box = tables.get(f"prim_{design}.csv")
    if box is None:
        return _tree_region(design, failing, len(mine), tables.get(f"cart_{design}.csv"))
    verdict = str(box["verdict"].iloc[0])
    if verdict == ALWAYS:
        return [f"It failed in all {len(mine)} sampled contexts."]
    limits = " and ".join(_limit(row, ranges, name) for row in box[box["restricted"].astype(bool)].itertuples())
    statistics = f"coverage {box['coverage'].iloc[0]:.2f}, density {box['density'].iloc[0]:.2f}"
    if verdict == BOX:
        return [
            f"It fails in {failing} of {len(mine)} contexts, mostly where {limits or 'no single factor is restricted'} "
            f"(PRIM box: {statistics})."
        ]
    if verdict == NO_BOX:
        return [
            f"It fails in {failing} of {len(mine)} contexts, but its failures do not concentrate in a dense region: "
            f"the best PRIM box, {limits or 'the whole sampled space'}, has {statistics}."
        ]
    return []


def _tree_region(design: str, failing: int, contexts: int, leaves: pd.DataFrame | None) -> list[str]:
    """Where the design fails, from its CART leaves, when there is no PRIM box (without the discovery extra)."""
    if leaves is None or not leaves["predicted"].astype(bool).any():
        return []
    leaf = leaves[leaves["predicted"].astype(bool)].iloc[0]  # the most failing leaf (leaves come sorted)
    return [
        f"It fails in {failing} of {contexts} contexts, most often where {leaf['rule']} (classification tree: "
        f"{leaf['failure_share']:.0%} of the {leaf['contexts']} contexts there fail)."
    ]


def _limit(row: Any, ranges: Mapping[str, tuple[float, float]], name: _Namer) -> str:
    """A restricted dimension of a PRIM box in words: "x ≥ 0.31", "x ≤ 0.2", "0.1 ≤ x ≤ 0.4" or levels."""
    if isinstance(row.levels, str) and row.levels:
        try:
            levels = ", ".join(str(level) for level in ast.literal_eval(row.levels))
        except (ValueError, SyntaxError):
            levels = row.levels
        return f"{name(row.factor)} is one of {{{levels}}}"
    smallest, largest = ranges.get(row.factor, (-math.inf, math.inf))
    tolerance = 1e-9 * max(1.0, abs(largest - smallest))
    raised, lowered = row.low > smallest + tolerance, row.high < largest - tolerance
    if raised and not lowered:
        return f"{name(row.factor)} ≥ {_number(row.low)}"
    if lowered and not raised:
        return f"{name(row.factor)} ≤ {_number(row.high)}"
    return f"{_number(row.low)} ≤ {name(row.factor)} ≤ {_number(row.high)}"


def _breaking_sentences(rows: pd.DataFrame, threshold: Threshold, name: _Namer) -> list[str]:
    """Each crossing of one half, with its interval in words; or that there is none."""
    sentences = []
    unplaced = []  # crossings whose interval runs past both ends of the sampled range
    goal = f"Its probability of meeting {threshold}"
    for row in rows[rows["status"] == CROSSES].itertuples():
        low, high = float(row.ci_low), float(row.ci_high)
        factor = name(row.factor)
        point = _number(row.breaking_point)
        if math.isnan(low) or math.isnan(high):
            interval = "no bootstrap interval could be computed"
        elif math.isinf(low) and math.isinf(high):
            unplaced.append(factor)
            continue
        elif math.isinf(low):
            interval = f"95% interval from below the sampled range to {_number(high)}"
        elif math.isinf(high):
            interval = f"95% interval from {_number(low)} to beyond the sampled range"
        else:
            interval = f"95% interval {_number(low)}–{_number(high)}"
        if row.direction == FALLS:
            sentences.append(f"{goal} falls below one half when {factor} exceeds {point} ({interval}).")
        elif row.direction == RISES:
            sentences.append(f"{goal} is below one half while {factor} is below {point} ({interval}).")
    if unplaced:
        sentences.append(
            f"The data do not place a breaking point on {_and(unplaced)}: where the fitted probability crosses "
            "one half, its 95% interval runs past both ends of the sampled range."
        )
    if not sentences and len(rows):
        statuses = set(rows["status"])
        where = _and([name(factor) for factor in rows["factor"]])
        ranges = "ranges" if len(rows) > 1 else "range"
        if statuses == {HOLDS}:
            sentences.append(f"{goal} stays above one half over the sampled {ranges} of {where}.")
        elif statuses == {FAILS}:
            sentences.append(f"{goal} stays below one half over the sampled {ranges} of {where}.")
    return sentences


def _survival_sentences(design: str, medians: pd.DataFrame, curves: pd.DataFrame) -> list[str]:
    """Kaplan–Meier survival at the pilot's 42 months, with its interval, and the median."""
    row = medians[medians["design"] == design]
    if row.empty:
        return []
    row = row.iloc[0]
    month = figures.PILOT_MONTHS
    if not np.isfinite(row["survival_42"]):
        at = "is unknown (no run was observed that long)"
    else:
        curve = curves[(curves["design"] == design) & (curves["month"] <= month)].sort_values("month")
        last = curve.iloc[-1]
        at = f"was {row['survival_42']:.0%} (95% interval {_percent_range(last['ci_low'], last['ci_high'])})"
    median = (
        "the median durability was not reached within the horizon"
        if str(row["median"]) == "not reached"
        else f"the median durability was {row['median']} months"
    )
    return [f"Kaplan–Meier survival of its partnerships at month {month} {at}; {median}."]


def _context_ranges(satisficing: pd.DataFrame, experiment: Any) -> dict[str, tuple[float, float]]:
    """The range of each numeric context factor over the sampled contexts."""
    ranges = {}
    for factor in experiment.factors:
        if factor.kind == "categorical":
            continue
        values = pd.to_numeric(satisficing[factor.name], errors="coerce").dropna()
        if len(values):
            ranges[factor.name] = (float(values.min()), float(values.max()))
    return ranges


def _design_tables(tables: Mapping[str, pd.DataFrame], thresholds: Sequence[Threshold]) -> list[Table]:
    shown = []
    ranked = tables["robustness.csv"]
    keep = ["design", "satisficing_share", "satisficing_low", "satisficing_high", "regret_mean", "regret_p90"]
    for threshold in dict.fromkeys(t.outcome for t in thresholds):
        keep += [c for c in (f"{threshold}_q10", f"{threshold}_q50", f"{threshold}_q90") if c in ranked]
    shown.append(
        Table(
            "Robustness: share of contexts meeting the thresholds, regret and outcome quantiles",
            ranked[keep],
            "satisficing_low/high: 95% bootstrap interval over contexts. Regret: shortfall from the best design "
            "in the same context, on the first threshold's outcome. All columns are in robustness.csv.",
        )
    )
    if "baseline.csv" in tables:
        shown.append(
            Table(
                "Against no partnership: mean paired difference in the same contexts and chance events",
                tables["baseline.csv"],
                "difference = design − no partnership, context by context (replicates averaged); low/high: 95% "
                "bootstrap interval over contexts; better_share: contexts in which the design did better.",
            )
        )
    if "survival_summary.csv" in tables:
        medians = tables["survival_summary.csv"].drop(columns=["median_months"], errors="ignore")
        shown.append(Table("Kaplan–Meier survival of the partnership", medians))
    if "breaking_points.csv" in tables:
        shown.append(
            Table(
                "Breaking points: where the probability of meeting the first threshold falls to one half",
                tables["breaking_points.csv"],
                "±∞: over 2.5% of bootstrap resamples put the crossing beyond the sampled range.",
            )
        )
    boxes = [
        box[box["restricted"].astype(bool)].assign(design=name.removeprefix("prim_").removesuffix(".csv"))
        for name, box in tables.items()
        if name.startswith("prim_") and not name.startswith("prim_trajectory_")
    ]
    if boxes:
        columns = ["design", "factor", "low", "high", "levels", "coverage", "density", "mass", "verdict"]
        table = pd.concat(boxes, ignore_index=True)[columns]
        if table["levels"].isna().all():
            table = table.drop(columns="levels")
        shown.append(
            Table(
                "Where each design fails: restricted dimensions of its PRIM box",
                table,
                "Coverage: share of the design's failing contexts inside the box. Density: share of the contexts "
                "inside the box that fail. Mass: share of all contexts inside the box.",
            )
        )
    return shown


def _design_pictures(folder: Folder, tables: Mapping[str, pd.DataFrame], thresholds: Sequence[Threshold]) -> None:
    results = folder.results
    designs = list(results.experiment.designs)
    where = Path(results.root) / FIGURES
    if "survival.csv" in tables:
        _draw(
            folder,
            lambda: figures.km_plot(tables["survival.csv"], where / "survival", designs=designs),
            f"Kaplan–Meier survival of the partnership per design, with 95% intervals; runs that last to the "
            f"horizon are censored. Dotted line: the pilot's {figures.PILOT_MONTHS} months.",
        )
    chosen = _heatmap_factor(results, thresholds)
    if chosen is None:
        folder.notes.append("no satisficing heatmap: every context factor is categorical")
    else:
        factor, binned, why = chosen
        _draw(
            folder,
            lambda: figures.satisficing_heatmap(binned, factor, where / f"satisficing_{factor}", designs=designs),
            f"Share of contexts meeting the thresholds, per design, in {HEATMAP_BINS} equal-count bins of "
            f"{factor}. {why}",
        )
    first = thresholds[0]
    points = tables.get("breaking_points.csv")
    crossing = [] if points is None else list(dict.fromkeys(points.loc[points["status"] == CROSSES, "factor"]))
    for factor in crossing:
        rows = points[(points["factor"] == factor)]

        def draw(factor: str = factor, rows: pd.DataFrame = rows) -> figures.FigureResult:
            curves = breaking_curves(results, first, factor)
            return figures.breaking_curves_plot(
                curves.fitted,
                factor,
                where / f"breaking_{factor}",
                curves.observed,
                rows,
                designs=designs,
                success=f"meeting {first}",
            )

        _draw(
            folder,
            draw,
            f"Fitted probability of meeting {first} against {factor} (logistic regression per design; circles: "
            f"observed shares in equal-count bins; diamonds: breaking points with 95% intervals).",
        )
    ranges = {
        f.name: (float(results.samples[f.name].min()), float(results.samples[f.name].max()))
        for f in results.experiment.factors
        if f.kind != "categorical"
    }
    for design in designs:
        box = tables.get(f"prim_{design}.csv")
        trajectory = tables.get(f"prim_trajectory_{design}.csv")
        if box is None or trajectory is None:
            continue
        restricted = box[box["restricted"].astype(bool)]
        numeric = restricted[restricted["factor"].isin(ranges)]
        if len(numeric):
            _draw(
                folder,
                lambda box=box, design=design: figures.prim_box_plot(
                    box[box["factor"].isin(ranges)], where / f"prim_box_{design}", ranges
                ),
                f"Where design '{design}' fails: the PRIM box's limits on each restricted factor, within the "
                f"factor's sampled range (coverage {box['coverage'].iloc[0]:.2f}, density "
                f"{box['density'].iloc[0]:.2f}).",
            )
        chosen_box = int(box["chosen"].iloc[0])  # the trajectory row PRIM reported
        _draw(
            folder,
            lambda trajectory=trajectory, design=design, chosen_box=chosen_box: figures.prim_tradeoff(
                trajectory, where / f"prim_tradeoff_{design}", chosen_box
            ),
            f"PRIM peeling trajectory for design '{design}': coverage against density of each box visited; "
            "the circled box is the one reported.",
        )


def _heatmap_factor(results: Results, thresholds: Sequence[Threshold]) -> tuple[str, pd.DataFrame, str] | None:
    """The numeric context factor whose bins differ most in satisficing share, its bins, and why it was chosen."""
    numeric = [f.name for f in results.experiment.factors if f.kind != "categorical"]
    if not numeric:
        return None
    binned, spread = {}, {}
    for factor in numeric:
        binned[factor] = satisficing_by_bins(results, thresholds, factor, bins=HEATMAP_BINS)
        by_design = binned[factor].groupby("design")["met_share"]
        widest = (by_design.max() - by_design.min()).max()
        spread[factor] = float(widest) if np.isfinite(widest) else 0.0
    best = max(numeric, key=lambda factor: spread[factor])  # the first of equals
    if spread[best] <= 0:
        return numeric[0], binned[numeric[0]], f"{numeric[0]} is the first context factor: no factor's bins differ."
    others = "; ".join(f"{factor}: {spread[factor] * 100:.0f}" for factor in numeric if factor != best)
    why = (
        f"{best} was chosen because its bins differ most: up to {spread[best] * 100:.0f} percentage points "
        f"within a design" + (f" ({others})." if others else ".")
    )
    return best, binned[best], why


# --- sensitivity sweeps ----------------------------------------------------------------------------


def _sensitivity(folder: Folder, tables: Mapping[str, pd.DataFrame]) -> None:
    results = folder.results
    sampler = results.experiment.sampler
    where = Path(results.root) / FIGURES
    name = _Namer()
    folder.warnings += [line.strip().removeprefix("warning: ") for line in folder.analysis.lines if "warning:" in line]
    if sampler == "fast":
        folder.summary.append(
            "FAST intervals come from SALib's bootstrap, which SALib calls indicative only; read them with care."
        )
    for outcome in results.experiment.outcomes:
        table = tables.get(f"{sampler}_{outcome}.csv")
        if table is None:
            folder.summary.append(f"{name(outcome)} is constant across points: it has no sensitivity indices.")
            continue
        if sampler == "morris":
            folder.summary.append(_morris_sentences(outcome, table, name))
            ranked = table.sort_values("mu_star", ascending=False, kind="stable")
            folder.tables.append(Table(f"Morris screening of {outcome}", ranked))
            _draw(
                folder,
                lambda table=table, outcome=outcome: figures.morris_plot(table, outcome, where / f"morris_{outcome}"),
                f"Morris screening of {outcome}: mean absolute elementary effect μ* (±95% interval) against its "
                "spread σ. Below σ/μ* = 0.1 a factor acts almost linearly; above 1 non-linearly or through "
                "interactions.",
            )
            index = "mu_star"
        else:
            folder.summary.append(_variance_sentences(outcome, table, name, sampler))
            ranked = table.sort_values("ST", ascending=False, kind="stable")
            method = "Sobol" if sampler == "sobol" else "FAST"
            folder.tables.append(Table(f"{method} indices of {outcome} (95% intervals)", ranked))
            _draw(
                folder,
                lambda table=table, outcome=outcome: figures.sobol_bars(table, outcome, where / f"{sampler}_{outcome}"),
                f"{method} first-order (S1) and total (ST) indices of {outcome}, with 95% bootstrap intervals, "
                "largest total index on top.",
            )
            index = "ST"
        steps = tables.get(f"convergence_{sampler}_{outcome}.csv")
        if steps is not None:
            symbol = "μ*" if index == "mu_star" else "ST"
            _draw(
                folder,
                lambda steps=steps, outcome=outcome, index=index: figures.convergence_plot(
                    steps, outcome, where / f"convergence_{sampler}_{outcome}", index=index
                ),
                f"Convergence of {symbol} for {outcome}: the index on the first n base samples "
                "(trajectories), with 95% bands. Lines that still move at the largest n need a larger sample.",
            )
    if folder.warnings:
        folder.summary.append(
            f"The indices may not have settled: {len(folder.warnings)} convergence warning(s), listed below."
        )


def _variance_sentences(outcome: str, table: pd.DataFrame, name: _Namer, sampler: str) -> str:
    ranked = table.sort_values("ST", ascending=False, kind="stable").reset_index(drop=True)
    top = [r for r in ranked.head(TOP_FACTORS).itertuples() if r.ST >= MIN_TOTAL_INDEX]
    method = "total Sobol index" if sampler == "sobol" else "total FAST index"
    if not top:
        return (
            f"No factor has a {method} of at least {MIN_TOTAL_INDEX} for {name(outcome)}: none of them explains "
            "much of its variation (largest: "
            f"{ranked['factor'].iloc[0]}, ST {ranked['ST'].iloc[0]:.2f} ± {ranked['ST_conf'].iloc[0]:.2f})."
        )
    listed = _and([f"{name(r.factor)} (ST {r.ST:.2f} ± {r.ST_conf:.2f})" for r in top])
    subject = "The factors that matter most" if len(top) > 1 else "The factor that matters most"
    sentences = [f"{subject} for {name(outcome)} {'are' if len(top) > 1 else 'is'} {listed}, by {method}."]
    sentences += _resolution(ranked, "ST", "ST_conf")
    rest = ranked.iloc[len(top) :]
    if len(rest):
        sentences.append(
            f"The other {len(rest)} factor{'s' if len(rest) > 1 else ''} "
            f"{'have' if len(rest) > 1 else 'has'} ST of at most {rest['ST'].max():.2f}."
        )
    return " ".join(sentences)


def _morris_sentences(outcome: str, table: pd.DataFrame, name: _Namer) -> str:
    ranked = table.sort_values("mu_star", ascending=False, kind="stable").reset_index(drop=True)
    largest = float(ranked["mu_star"].iloc[0])
    top = [r for r in ranked.head(TOP_FACTORS).itertuples() if largest > 0 and r.mu_star >= MIN_MU_SHARE * largest]
    if not top:
        return f"No factor changes {name(outcome)} in the Morris screening (every μ* is 0)."
    listed = _and([f"{name(r.factor)} (μ* {_plus_minus(r.mu_star, r.mu_star_conf)})" for r in top])
    subject = "The factors with the largest effects" if len(top) > 1 else "The factor with the largest effect"
    sentences = [
        f"{subject} on {name(outcome)} (Morris μ*, the mean absolute elementary effect) "
        f"{'are' if len(top) > 1 else 'is'} {listed}."
    ]
    sentences += _resolution(ranked, "mu_star", "mu_star_conf")
    curved = [r for r in top if r.mu_star > 0 and r.sigma / r.mu_star > 1]
    if curved:
        sentences.append(
            f"{_and([f'{r.factor} (σ/μ* = {r.sigma / r.mu_star:.2f})' for r in curved])} "
            f"{'act' if len(curved) > 1 else 'acts'} non-linearly or through interactions."
        )
    rest = ranked.iloc[len(top) :]
    if len(rest):
        sentences.append(
            f"The other {len(rest)} factor{'s' if len(rest) > 1 else ''} "
            f"{'have' if len(rest) > 1 else 'has'} μ* of at most {_number(rest['mu_star'].max())}."
        )
    return " ".join(sentences)


def _resolution(ranked: pd.DataFrame, index: str, conf: str) -> list[str]:
    """Whether the first two factors' intervals separate them."""
    if len(ranked) < 2:
        return []
    first, second = ranked.iloc[0], ranked.iloc[1]
    if first[index] - first[conf] <= second[index] + second[conf]:
        return [f"The order of {first['factor']} and {second['factor']} is not resolved: their 95% intervals overlap."]
    return [f"{first['factor']} ranks first: its 95% interval lies above that of {second['factor']}."]


# --- time series -----------------------------------------------------------------------------------


def _read_series(series: Path) -> pd.DataFrame:
    """A series file's rows, checked: design, replicate, month and at least one numeric variable."""
    if series.is_dir():
        raise AnalysisError(f"{series}: is a folder; --series takes a Parquet file of monthly series")
    if not series.is_file():
        raise AnalysisError(f"{series}: no such file; --series takes a Parquet file of monthly series")
    try:
        frame = pd.read_parquet(series)
    except (OSError, ValueError, pa.ArrowException) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        if "magic bytes" in reason or "size is 0" in reason:
            reason = "truncated, empty or not Parquet"
        raise AnalysisError(f"{series}: not a readable Parquet file ({reason})") from None
    missing = [key for key in SERIES_KEYS if key not in frame.columns]
    if missing:
        raise AnalysisError(
            f"{series}: lacks column(s) {', '.join(missing)}; allowed: design, replicate, month and one "
            "numeric column per variable"
        )
    variables = [c for c in frame.columns if c not in SERIES_KEYS and pd.api.types.is_numeric_dtype(frame[c])]
    if not variables:
        raise AnalysisError(f"{series}: no numeric variable column besides design, replicate and month")
    return frame


def _trajectories(frame: pd.DataFrame, where: Path) -> list[Picture]:
    """A fan chart per monthly variable (every numeric column besides design, replicate and month)."""
    variables = [c for c in frame.columns if c not in SERIES_KEYS and pd.api.types.is_numeric_dtype(frame[c])]
    designs = [str(d) for d in pd.unique(frame["design"])]
    shown = designs[:FAN_DESIGNS]
    left_out = f" The first {FAN_DESIGNS} of {len(designs)} designs are drawn." if len(designs) > FAN_DESIGNS else ""
    frame = frame.assign(design=frame["design"].astype(str))
    frame = frame[frame["design"].isin(shown)]
    pictures = []
    for variable in variables:
        long = frame[[*SERIES_KEYS, variable]].rename(columns={variable: "value"}).dropna(subset=["value"])
        if long.empty:
            continue
        result = figures.fan_chart(long, variable, where / f"fan_{variable}", designs=shown)
        pictures.append(
            Picture(
                result.paths[0],
                f"{variable} over months: median and 25–75% / 10–90% bands across replicates, per design.{left_out}",
            )
        )
    return pictures


# --- HTML ------------------------------------------------------------------------------------------


def _page(title: str, intro: Sequence[str], folders: Sequence[Folder], trajectories: list[Picture], base: Path) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_escape(title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_escape(title)}</h1>",
        f'<p class="note">Written by <code>hsbp report</code> from {len(folders)} results folder(s): '
        f"{_escape(', '.join(f.name for f in folders))}. Every sentence and table below is computed from the "
        "stored runs; times are those recorded in each folder's manifest.</p>",
        "</header>",
    ]
    parts += [f'<p class="lead">{_escape(paragraph)}</p>' for paragraph in intro]
    parts += ['<section class="summary" id="summary">', "<h2>Summary for policy readers</h2>"]
    for folder in folders:
        if len(folders) > 1:
            parts.append(f"<h3>{_escape(folder.name)}</h3>")
        parts += [f"<p>{_escape(paragraph)}</p>" for paragraph in folder.summary]
        if folder.warnings:
            parts.append('<ul class="warning">')
            parts += [f"<li>{_escape(warning)}</li>" for warning in folder.warnings]
            parts.append("</ul>")
    parts += [
        '<p class="note">How to read this: a 95% interval is a bootstrap interval over the sampled contexts '
        "(designs) or points (indices). A PRIM box is a region of context factors where a design's failures "
        "concentrate; coverage is the share of its failing contexts inside the box, density the share of the "
        "contexts inside the box that fail. A breaking point is the level of a context factor where the fitted "
        "probability of meeting the first threshold is one half.</p>",
        "</section>",
    ]
    if trajectories:
        parts += ['<section id="trajectories">', "<h2>Trajectories over time</h2>"]
        parts += [_figure(picture, base) for picture in trajectories]
        parts.append("</section>")
    for number, folder in enumerate(folders, start=1):
        parts += _folder_section(folder, number, base)
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _folder_section(folder: Folder, number: int, base: Path) -> list[str]:
    parts = [
        f'<section id="folder-{number}">',
        f"<h2>Results folder {number}: {_escape(folder.name)}</h2>",
        "<h3>Provenance</h3>",
        _provenance(folder),
    ]
    if folder.notes:
        parts += ["<h3>Notes</h3>", "<ul>"] + [f"<li>{_escape(note)}</li>" for note in folder.notes] + ["</ul>"]
    if folder.tables:
        parts.append("<h3>Tables</h3>")
        parts += [_table(table) for table in folder.tables]
    if folder.pictures:
        parts.append("<h3>Figures</h3>")
        parts += [_figure(picture, base) for picture in folder.pictures]
    parts += ["<h3>Experiment file</h3>", f"<pre>{_escape(folder.results.experiment.text.strip())}</pre>", "</section>"]
    return parts


def _provenance(folder: Folder) -> str:
    experiment, manifest, runs = folder.results.experiment, folder.manifest, folder.results.runs
    points = len(folder.results.samples)
    ok, failed = int((runs["status"] == OK).sum()), int((runs["status"] == FAILED).sum())
    versions = manifest.get("versions", {})
    stored = manifest.get("experiment", {})
    sessions = manifest.get("sessions", [])
    sampler = experiment.sampler + (
        f" (contexts: {experiment.context_sampler})" if experiment.sampler == "designs" else ""
    )
    rows = [
        ("Experiment", experiment.name),
        ("Description", experiment.description or "none given"),
        ("Model", experiment.model),
        ("Sampler", sampler),
        ("Runs", f"{points} points × {experiment.replicates} replicates = {points * experiment.replicates}"),
        ("Stored", f"{ok} ok, {failed} failed"),
        ("Seed", str(experiment.seed)),
        ("Experiment file", str(stored.get("file", "unknown"))),
        ("Its sha256", str(stored.get("sha256", "unknown"))),
        ("Versions", ", ".join(f"{package} {version}" for package, version in versions.items()) or "not recorded"),
        ("Python", str(manifest.get("python", "not recorded"))),
        ("Platform", str(manifest.get("platform", "not recorded"))),
        ("Started", str(manifest.get("started", "not recorded"))),
        ("Ended", str(manifest.get("ended", "not recorded"))),
        ("Status", f"{manifest.get('status', 'unknown')} ({len(sessions)} session(s))"),
        ("Results folder", str(folder.results.root)),
    ]
    body = "\n".join(f"<dt>{_escape(key)}</dt><dd>{_escape(value)}</dd>" for key, value in rows)
    return f"<dl>\n{body}\n</dl>"


def _table(table: Table) -> str:
    rows = table.rows
    head = "".join(f"<th>{_escape(str(column)).replace('_', '_<wbr>')}</th>" for column in rows.columns)
    body = []
    for values in rows.itertuples(index=False):
        cells = []
        for value in values:
            text, numeric = _cell(value)
            cells.append(f'<td class="n">{_escape(text)}</td>' if numeric else f"<td>{_escape(text)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    note = f'<p class="note">{_escape(table.note)}</p>' if table.note else ""
    return (
        f'<div class="wide"><table>\n<caption>{_escape(table.title)}</caption>\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{chr(10).join(body)}\n</tbody>\n</table></div>{note}"
    )


def _figure(picture: Picture, base: Path) -> str:
    png = picture.png.read_bytes()
    data = base64.b64encode(png).decode("ascii")
    beside = os.path.relpath(picture.png.with_suffix(".pdf"), base)
    inches = int.from_bytes(png[16:20], "big") / figures.DPI * SHOWN_SCALE  # the IHDR chunk's width, in pixels
    return (
        f'<figure><img src="data:image/png;base64,{data}" style="width: {inches:.2f}in" '
        f'alt="{_escape(picture.caption)}">'
        f'<figcaption>{_escape(picture.caption)} <span class="note">(PDF: {_escape(beside)})</span>'
        "</figcaption></figure>"
    )


def _draw(folder: Folder, draw: Callable[[], figures.FigureResult], caption: str) -> None:
    """Draw a figure; one that cannot be drawn from these tables becomes a note instead."""
    try:
        result = draw()
    except (ValueError, AnalysisError) as error:
        folder.notes.append(f"figure not drawn ({caption.split(':')[0]}): {error}")
        return
    folder.pictures.append(Picture(result.paths[0], caption))


# --- words and numbers -----------------------------------------------------------------------------


class _Namer:
    """A parameter or outcome name, with its catalogue label the first time it is mentioned."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, name: str) -> str:
        if name in self.seen:
            return name
        gloss = self.gloss(name)
        return f"{name} ({gloss})" if gloss else name

    def gloss(self, name: str) -> str:
        """The label alone (empty if it adds nothing); the name counts as mentioned."""
        self.seen.add(name)
        return _gloss(name)


def _gloss(name: str) -> str:
    """What the catalogue label adds to a name: "events per month", "months until the partnership dissolved"."""
    text = figures.label(name)
    plain = name.replace("_", " ").strip().lower()
    if text.lower() == plain:
        return ""
    if text.lower().startswith(plain + " (") and text.endswith(")"):
        return text[len(plain) + 2 : -1]
    return text if len(text) > 1 and text[1].isupper() else text[:1].lower() + text[1:]


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _number(value: float) -> str:
    """Three significant digits; ±∞ as symbols."""
    value = float(value)
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:.3g}"


def _plus_minus(value: float, conf: float) -> str:
    """ "10.8 ± 2.34"; an interval below a thousandth of the value is shown as ± 0."""
    conf = 0.0 if abs(conf) < 1e-3 * abs(value) else conf
    return f"{_number(value)} ± {_number(conf)}"


def _percent_range(low: float, high: float) -> str:
    return f"{low * 100:.0f}–{high * 100:.0f}%"


def _cell(value: Any) -> tuple[str, bool]:
    """A table cell's text, and whether it is a number (right-aligned)."""
    if isinstance(value, (bool, np.bool_)):
        return ("yes" if value else "no"), False
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}", True
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            return "–", True
        if math.isinf(value):
            return ("∞" if value > 0 else "−∞"), True
        if abs(value) >= 1000:
            return f"{value:,.0f}", True
        if value.is_integer():
            return f"{value:.0f}", True
        return f"{value:.3g}", True
    return str(value), False


def _escape(text: str) -> str:
    return html.escape(str(text), quote=True)
