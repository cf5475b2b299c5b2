"""`hsbp study`: the headline study, end to end (docs/MODEL.md §8).

1. named partnership designs, and the no-partnership baseline, crossed with the same sampled
   fragile contexts (`experiments/designs_vs_contexts.toml`);
2. Morris screening over every context factor and design lever (`experiments/morris_screening.toml`);
3. Sobol indices, with replicates, of the factors the screening ranks highest;
4. monthly series of each design in the base scenario (for fan charts), and the report.

Each step is an ordinary experiment file written into the study folder and run by the sweep
engine, so every number in the report can be re-run or resumed with `hsbp sweep`; running
the study again into the same folder continues where it stopped. The sizes (`FULL`, `QUICK`)
keep the default study small enough for exploring and `--quick` a smoke run; a publication-sized
study raises them (docs/MODEL.md §8: Sobol base N 512–1,024, 30 or more replicates).
"""

from __future__ import annotations

import json
import time
import tomllib
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from hsbp.analysis.results import load_results
from hsbp.analysis.sensitivity import morris_table
from hsbp.experiments.engine import sweep
from hsbp.experiments.executors import ExecutorHandle, make_executor
from hsbp.experiments.seeds import run_seed
from hsbp.experiments.spec import load_experiment
from hsbp.experiments.store import ResultsStore

SHIPPED = Path(str(files("hsbp.experiments")))  # the shipped experiment files (package data)
SERIES = ("mean_trust", "human_security_index", "active_share", "blockades")
SERIES_KEY = 0x5E1  # purpose key of the fan-chart runs' seeds


@dataclass(frozen=True)
class StudySize:
    """How big each step is."""

    contexts: int  # fragile contexts every design meets
    design_replicates: int
    trajectories: int  # Morris
    screening_replicates: int
    sobol_factors: int  # the top factors of the screening
    sobol_samples: int  # Sobol base N
    sobol_replicates: int
    series_replicates: int  # fan-chart runs per design
    residents: int | None = None  # residents per community (None: the scenario's own)


FULL = StudySize(48, 4, 16, 2, 8, 64, 2, 20)
QUICK = StudySize(8, 1, 2, 1, 4, 8, 1, 3, residents=100)


def run_study(
    out: Path,
    *,
    quick: bool = False,
    workers: int | None = None,
    quiet: bool = False,
    say: Callable[[str], None] = print,
) -> Path:
    """Run (or continue) the study into `out` and write `out/report.html`; returns the report's path."""
    size = QUICK if quick else FULL
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    handle = make_executor("processes", "hsbp.sim:run", workers)  # one pool for every step: workers start once
    try:
        report = _steps(out, size, quick, handle, quiet, say, timings)
    finally:
        handle.close()
    (out / "study.json").write_text(
        json.dumps({"quick": quick, "size": size.__dict__, "seconds": timings}, indent=2), encoding="utf-8"
    )
    return report


def _steps(
    out: Path,
    size: StudySize,
    quick: bool,
    handle: ExecutorHandle,
    quiet: bool,
    say: Callable[[str], None],
    timings: dict[str, float],
) -> Path:
    from hsbp.analysis.report import write_report

    def step(name: str, text: str) -> Path:
        started = time.perf_counter()
        path = out / "experiments" / f"{name}.toml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        folder = out / name
        resume = ResultsStore(folder).looks_like_store()  # a store with a damaged manifest is resumed (repaired)
        summary = sweep(load_experiment(path), folder, resume=resume, quiet=quiet, handle=handle)
        timings[name] = time.perf_counter() - started
        say(f"{name}: {summary.line} ({timings[name]:.0f} s)")
        return folder

    designs = step("designs", designs_text(size))
    screening = step("screening", screening_text(size))
    top = top_factors(screening, size.sobol_factors)
    say(f"screening: the {len(top)} most influential factors are {', '.join(top)}")
    sobol = step("sobol", sobol_text(size, screening, top))
    started = time.perf_counter()
    series = write_series(out / "series.parquet", designs, size, handle.get())
    timings["series"] = time.perf_counter() - started
    started = time.perf_counter()
    intro = [
        f"The study crossed the named designs with {size.contexts} sampled fragile contexts, screened every "
        f"factor with Morris ({size.trajectories} trajectories) and estimated Sobol indices of the "
        f"{len(top)} most influential ({size.sobol_samples} base samples, {size.sobol_replicates} replicates).",
    ]
    if quick:
        intro.append("This is a --quick smoke run: samples are tiny and its numbers are not for interpretation.")
    title = "HSBP headline study: which partnership designs hold up in fragile contexts"
    report = write_report([designs, screening, sobol], out / "report.html", title=title, series=series, intro=intro)
    timings["report"] = time.perf_counter() - started
    say(f"report: {report} ({timings['report']:.0f} s)")
    return report


# --- the experiment files of each step --------------------------------------------------------------
def designs_text(size: StudySize) -> str:
    """Step 1: the shipped designs × contexts experiment at the study's size."""
    spec = _shipped("designs_vs_contexts")
    spec |= {"name": "study_designs", "samples": size.contexts, "replicates": size.design_replicates}
    return _with_size(spec, size)


def screening_text(size: StudySize) -> str:
    """Step 2: the shipped Morris screening at the study's size."""
    spec = _shipped("morris_screening")
    spec |= {"name": "study_screening", "samples": size.trajectories, "replicates": size.screening_replicates}
    return _with_size(spec, size)


def sobol_text(size: StudySize, screening: Path, top: list[str]) -> str:
    """Step 3: Sobol indices of the screening's top factors, over the screening's ranges."""
    shipped = _shipped("sobol_core")
    factors = tomllib.loads((screening.parent / "experiments" / "screening.toml").read_text())["factors"]
    spec = {key: value for key, value in shipped.items() if key != "factors"}
    spec |= {
        "name": "study_sobol",
        "description": "Sobol indices of the factors the screening ranked highest",
        "samples": size.sobol_samples,
        "replicates": size.sobol_replicates,
        "factors": {name: factors[name] for name in top},
    }
    return _with_size(spec, size)


def top_factors(screening: Path, count: int) -> list[str]:
    """The `count` factors with the largest Morris μ*, each outcome's μ* scaled by its largest.

    Scaling puts outcomes measured in months, shares and US$ on one footing: a factor ranks
    high if it is among the strongest for any outcome [A].
    """
    results = load_results(screening)
    scores: dict[str, float] = {}
    for outcome in results.experiment.outcomes:
        means = results.point_means(outcome).to_numpy(dtype=float)
        if not (means == means).all() or means.std() == 0:
            continue
        table = morris_table(results, outcome)
        scaled = table["mu_star"] / table["mu_star"].max()
        for factor, value in zip(table["factor"], scaled, strict=True):
            scores[factor] = max(scores.get(factor, 0.0), float(value))
    return sorted(scores, key=lambda f: (-scores[f], f))[:count]


# --- monthly series for fan charts --------------------------------------------------------------------
def write_series(path: Path, designs: Path, size: StudySize, executor: Executor) -> Path:
    """Monthly series of every design in the base scenario (its own context), `series_replicates` runs each.

    Replicate r of every design shares one seed (common random numbers, as in the sweep).
    """
    experiment = load_results(designs).experiment
    scenario = experiment.fixed.get("scenario")
    fixed = {k: v for k, v in experiment.fixed.items() if k != "scenario"}
    tasks = [
        (scenario, name, {**fixed, **levers}, replicate, run_seed(experiment.seed, SERIES_KEY, replicate))
        for name, levers in experiment.designs.items()
        for replicate in range(size.series_replicates)
    ]
    frames = list(executor.map(_series_run, tasks))
    pd.concat(frames, ignore_index=True).to_parquet(path, index=False)
    return path


def _series_run(task: tuple[str | None, str, dict[str, Any], int, int]) -> pd.DataFrame:
    from hsbp.sim.model import PartnershipModel

    scenario, design, values, replicate, seed = task
    model = PartnershipModel(scenario, rng=seed, **values)
    model.run()
    frame = model.datacollector.get_model_vars_dataframe()[list(SERIES)].reset_index(names="month")
    return frame.assign(design=design, replicate=replicate)[["design", "replicate", "month", *SERIES]]


# --- TOML -------------------------------------------------------------------------------------------
def _shipped(name: str) -> dict[str, Any]:
    return tomllib.loads((SHIPPED / f"{name}.toml").read_text(encoding="utf-8"))


def _with_size(spec: dict[str, Any], size: StudySize) -> str:
    if size.residents is not None:
        spec = spec | {"fixed": {**spec.get("fixed", {}), "residents": size.residents}}
    return toml_text(spec)


def toml_text(spec: Mapping[str, Any]) -> str:
    """An experiment as TOML text: top-level values first, then [fixed], [factors] and [designs.NAME]."""
    lines = [f"{key} = {_value(value)}" for key, value in spec.items() if not isinstance(value, dict)]
    for key, value in spec.items():
        if not isinstance(value, dict):
            continue
        nested = {k: v for k, v in value.items() if isinstance(v, dict)}
        flat = {k: v for k, v in value.items() if not isinstance(v, dict)}
        if flat or not nested:
            lines += ["", f"[{key}]", *(f"{k} = {_value(v)}" for k, v in flat.items())]
        for name, table in nested.items():
            lines += ["", f"[{key}.{name}]", *(f"{k} = {_value(v)}" for k, v in table.items())]
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return repr(value)
