"""The sweep engine against a bare serial loop, `mesa.batch_run` and EMA Workbench, side by side.

Run by hand (never from pytest; no timing is asserted anywhere):

    python benchmarks/bench_sweep.py                 # about five minutes on two cores
    python benchmarks/bench_sweep.py --runs 4000 --big 100000 --json results/bench_sweep.json

Every contender runs the same runs (the same parameter values and seeds) of the same
model, each in a fresh Python process so that none inherits another's imports, pools or
global settings (`mesa.batch_run` switches its process to "spawn"). Two models:

    trivial  returns its input at once: wall time per run is the tool's own cost;
    busy     spins the CPU for 2 ms: the speed-up over the serial loop shows how well
             two workers are used (the issue's target: at least 1.6×).

Then the engine alone runs two large sweeps of the trivial model (`--big`, default 100,000
runs, and a fifth of that) and reports the cost of each extra run (the slope between them),
the fixed start-up cost (worker processes importing the model), and the peak memory (largest
resident set of the engine's process and of any worker, from getrusage).

Install the peers with `pip install ema-workbench` (the `dev` extra has it); a missing
peer is reported as such.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import mesa

from hsbp.experiments.reference_models import busy

MODELS = {"trivial": 0.0, "busy": 2.0}  # model milliseconds per run
CONTENDERS = ("serial", "engine", "batch_run", "ema")
WORKERS = 2


def runs_for(count: int) -> list[tuple[dict[str, float], int]]:
    """The runs every contender performs: (params, seed)."""
    return [({"x": i / max(count - 1, 1)}, 1000 + i) for i in range(count)]  # the grid the engine sweeps


# ---------------------------------------------------------------------------- contenders
def serial(model: str, count: int) -> float:
    milliseconds = MODELS[model]
    start = time.perf_counter()
    for params, seed in runs_for(count):
        busy({**params, "milliseconds": milliseconds}, seed)
    return time.perf_counter() - start


def engine(model: str, count: int) -> float:
    from hsbp.experiments.engine import sweep
    from hsbp.experiments.spec import parse_experiment

    experiment = parse_experiment(_experiment_text(model, count), "bench.toml")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        summary = sweep(experiment, Path(folder) / "out", workers=WORKERS, quiet=True)
        elapsed = time.perf_counter() - start
    assert summary.ok == count, summary
    return elapsed


def batch_run(model: str, count: int) -> float:
    from mesa.batchrunner import batch_run as mesa_batch_run

    start = time.perf_counter()
    rows = mesa_batch_run(
        BusyModel,
        parameters={"x": [p["x"] for p, _ in runs_for(count)], "milliseconds": MODELS[model]},
        rng=[1000],  # one seed per combination: batch_run cannot pair seeds with points
        number_processes=WORKERS,
        max_steps=1,
        data_collection_period=-1,
        display_progress=False,
    )
    elapsed = time.perf_counter() - start
    assert len(rows) == count and mesa.__version__
    return elapsed


def ema(model: str, count: int) -> float:
    from ema_workbench import Constant, Model, MultiprocessingEvaluator, RealParameter, Sample, ScalarOutcome

    ema_model = Model("busy", function=_ema_busy)
    ema_model.uncertainties = [RealParameter("x", 0.0, 1.0), RealParameter("seed", 0, 1e9)]
    ema_model.constants = [Constant("milliseconds", MODELS[model])]
    ema_model.outcomes = [ScalarOutcome("y")]
    scenarios = [Sample(f"s{i}", x=p["x"], seed=float(s)) for i, (p, s) in enumerate(runs_for(count))]
    start = time.perf_counter()
    with MultiprocessingEvaluator(ema_model, n_processes=WORKERS) as evaluator:
        _, outcomes = evaluator.perform_experiments(scenarios=scenarios)
    elapsed = time.perf_counter() - start
    assert len(outcomes["y"]) == count
    return elapsed


def _ema_busy(x: float, seed: float, milliseconds: float) -> dict[str, float]:
    """The same busy function, called the way EMA Workbench calls models."""
    return busy({"x": x, "milliseconds": milliseconds}, int(seed))


class BusyModel(mesa.Model):
    """The busy function as a one-step Mesa model, for mesa.batch_run (module level: spawn must import it)."""

    def __init__(self, x: float = 0.0, milliseconds: float = 2.0, rng: Any = None) -> None:
        super().__init__(rng=rng)
        self.x, self.milliseconds, self.y = x, milliseconds, 0.0
        self.datacollector = mesa.DataCollector(model_reporters={"y": lambda m: m.y})

    def step(self) -> None:
        self.y = busy({"x": self.x, "milliseconds": self.milliseconds}, 1000)["y"]
        self.datacollector.collect(self)


def _experiment_text(model: str, count: int) -> str:
    return f"""
name = "bench"
model = "hsbp.experiments.reference_models:busy"
sampler = "grid"
grid_points = {count}
seed = 1
outcomes = ["y"]
[fixed]
milliseconds = {MODELS[model]}
[factors]
x = [0.0, 1.0]
"""


def big_sweep(count: int) -> dict[str, float]:
    """The engine alone on `count` trivial runs: cost per run and peak memory."""
    start = time.perf_counter()
    engine("trivial", count)
    elapsed = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": elapsed, "us_per_run": elapsed / count * 1e6, "peak_mb_engine": own, "peak_mb_worker": workers}


# ---------------------------------------------------------------------------- driver
def _one(name: str, model: str, count: int) -> dict[str, Any]:
    """Measure one contender in this (fresh) process."""
    if name == "big":
        return big_sweep(count)
    function = {"serial": serial, "engine": engine, "batch_run": batch_run, "ema": ema}[name]
    return {"seconds": function(model, count)}


def _measure(name: str, model: str, count: int) -> dict[str, Any]:
    """Run `_one` in a fresh interpreter and read its JSON line."""
    command = [sys.executable, __file__, "--one", name, "--model", model, "--runs", str(count)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": last}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000, help="runs per contender and model (default 10000)")
    parser.add_argument("--big", type=int, default=100_000, help="runs of the engine-only sweep (default 100000)")
    parser.add_argument("--json", type=Path, help="also write every number to this file")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--model", default="trivial", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(_one(args.one, args.model, args.runs)))
        return 0

    print(f"hsbp sweep benchmark: {args.runs} runs per contender, {WORKERS} workers where parallel")
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()}")
    report: dict[str, Any] = {"runs": args.runs, "workers": WORKERS, "models": {}}
    for model, milliseconds in MODELS.items():
        print(f"\nmodel {model} ({milliseconds} ms per run): wall seconds, ms per run, speed-up over the serial loop")
        rows = {name: _measure(name, model, args.runs) for name in CONTENDERS}
        base = rows["serial"].get("seconds")
        for name, row in rows.items():
            if "error" in row:
                print(f"  {name:<10} not measured: {row['error']}")
                continue
            per_run = row["seconds"] / args.runs * 1000
            row |= {"ms_per_run": per_run, "speedup": base / row["seconds"] if base else None}
            print(f"  {name:<10} {row['seconds']:8.2f} s {per_run:9.3f} ms/run {row['speedup']:6.2f}×")
        if model == "busy" and "seconds" in rows["engine"]:
            ideal = args.runs * milliseconds / 1000 / WORKERS
            reached = ideal / rows["engine"]["seconds"]
            print(f"  (ideal on {WORKERS} workers: {ideal:.2f} s; the engine reaches {reached:.0%} of it)")
        report["models"][model] = rows
    print(f"\nengine alone, trivial runs on {WORKERS} workers (start-up, then cost per extra run):")
    small_count = max(args.big // 5, 1)
    small, big = _measure("big", "trivial", small_count), _measure("big", "trivial", args.big)
    report["big"] = {"small": small, "big": big}
    if "error" in big or "error" in small:
        print(f"  not measured: {big.get('error') or small.get('error')}")
    else:
        marginal = (big["seconds"] - small["seconds"]) / (args.big - small_count) * 1e6
        start_up = small["seconds"] - marginal * small_count / 1e6
        report["big"] |= {"marginal_us_per_run": marginal, "start_up_s": start_up}
        for count, row in ((small_count, small), (args.big, big)):
            print(
                f"  {count:>7} runs: {row['seconds']:.1f} s, {row['us_per_run']:.1f} µs per run overall; "
                f"peak memory {row['peak_mb_engine']:.0f} MB (engine), {row['peak_mb_worker']:.0f} MB (largest worker)"
            )
        print(f"  marginal cost {marginal:.1f} µs per run; fixed start-up and close {start_up:.1f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
