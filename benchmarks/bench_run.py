"""How long one run takes, and how that cost grows with residents and community organisations.

Run by hand (never from pytest; timings are not asserted anywhere):

    python benchmarks/bench_run.py                  # tables and fits, about a minute
    python benchmarks/bench_run.py --profile        # plus a cProfile breakdown of one default run
    python benchmarks/bench_run.py --json out.json  # also write every number

Measures, each as the median over `--repeats` runs (seeds seed, seed+1, ...; the same
seeds for every configuration, so configurations are compared on the same draws):

    (a) one default run: `hsbp.sim.run({}, seed)` with catalogue defaults;
    (b) residents per community 100 ... 10000 at the default 4 community organisations,
        `hsbp.sim.run({"residents": R, "population": max(R, 5000)}, seed)`, with a linear fit
        (slope in ms per 1000 residents, R²) to judge "cost linear in residents";
    (c) community organisations 2 ... 6 at the default 500 residents.

The process is pinned to one core and BLAS is limited to one thread, so numbers are
"ms per run on one core". See benchmarks/README.md for how to read the output.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# One core: limit BLAS/OpenMP threads before numpy is first imported (numpy and sim are imported in main()).
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

RESIDENTS = (100, 500, 1000, 2000, 5000, 10000)
COMMUNITIES = (2, 3, 4, 5, 6)
DEFAULT_POPULATION = 5000
TARGET_MS = 10.0  # the per-run target for a default run


def _idle_ticks(cpus: Sequence[int]) -> dict[int, int] | None:
    """Idle plus iowait ticks of each CPU from /proc/stat, or None where that file does not exist."""
    try:
        lines = Path("/proc/stat").read_text().splitlines()
    except OSError:
        return None
    ticks = {}
    for line in lines:
        name, *fields = line.split()
        if name.startswith("cpu") and name[3:].isdigit() and int(name[3:]) in cpus:
            ticks[int(name[3:])] = int(fields[3]) + int(fields[4])
    return ticks


def pin_to_one_core() -> str:
    """Pin this process to the idlest CPU over a short sample (Linux); describe it for the header."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this platform)"
    cpus = sorted(os.sched_getaffinity(0))
    before = _idle_ticks(cpus)
    time.sleep(0.5)
    after = _idle_ticks(cpus)
    if before and after and set(before) == set(after) == set(cpus):
        chosen = max(cpus, key=lambda cpu: after[cpu] - before[cpu])
    else:
        chosen = cpus[-1]
    os.sched_setaffinity(0, {chosen})
    return f"pinned to CPU {chosen} (the idlest of {len(cpus)} available)"


def time_runs(
    run: Callable[[dict[str, Any], int], Any],
    params: dict[str, Any],
    seeds: Sequence[int],
    slow_ms: float = float("inf"),
    slow_repeats: int = 3,
) -> list[tuple[float, float]]:
    """(CPU ms, wall-clock ms) of `run(params, seed)` for each seed.

    CPU time is this process's user + system time: on one pinned core it equals wall-clock time on a
    quiet machine, and unlike wall-clock time it does not count the time other processes held the core.
    When the first run takes longer than `slow_ms`, only the first `slow_repeats` seeds are run
    (keeps the largest configurations within the time budget).
    """
    times: list[tuple[float, float]] = []
    for seed in seeds:
        if len(times) >= slow_repeats and times[0][0] > slow_ms:
            break
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        run(dict(params), seed)
        times.append(((time.process_time() - cpu) * 1000.0, (time.perf_counter() - wall) * 1000.0))
    return times


def linear_fit(x: Sequence[float], y: Sequence[float]) -> dict[str, float]:
    """Least-squares line y = slope·x + intercept (numpy.polyfit) and its R²."""
    import numpy as np

    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    slope, intercept = np.polyfit(xs, ys, 1)
    predicted = slope * xs + intercept
    total = float(((ys - ys.mean()) ** 2).sum())
    r2 = 1.0 - float(((ys - predicted) ** 2).sum()) / total if total > 0 else 1.0
    return {"slope": float(slope), "intercept": float(intercept), "r2": r2}


def loglog_exponent(x: Sequence[float], y: Sequence[float]) -> float:
    """Exponent b of y ∝ x^b fitted on log-log scale (1 = linear, >1 = superlinear)."""
    import numpy as np

    return float(np.polyfit(np.log(np.asarray(x, float)), np.log(np.asarray(y, float)), 1)[0])


def summary(times: list[tuple[float, float]], clock: str) -> dict[str, Any]:
    """Median, min and max of the chosen clock ("cpu" or "wall"), plus every run on both clocks."""
    cpu, wall = [t[0] for t in times], [t[1] for t in times]
    chosen = cpu if clock == "cpu" else wall
    return {
        "median_ms": statistics.median(chosen),
        "min_ms": min(chosen),
        "max_ms": max(chosen),
        "runs": len(times),
        "median_cpu_ms": statistics.median(cpu),
        "median_wall_ms": statistics.median(wall),
        "runs_cpu_ms": [round(t, 3) for t in cpu],
        "runs_wall_ms": [round(t, 3) for t in wall],
    }


def print_sweep(label: str, rows: list[dict[str, Any]], fit: dict[str, float]) -> None:
    print(
        f"{label:>12} {'runs':>4} {'median ms':>10} {'min ms':>9} {'max ms':>9} {'µs/month':>9} "
        f"{'fit ms':>9} {'resid %':>8}"
    )
    for row in rows:
        fitted = fit["slope"] * row["x"] + fit["intercept"]
        residual = 100.0 * (row["median_ms"] - fitted) / fitted if fitted else float("nan")
        print(
            f"{row['x']:>12} {row['runs']:>4} {row['median_ms']:>10.1f} {row['min_ms']:>9.1f} {row['max_ms']:>9.1f} "
            f"{row['us_per_month']:>9.0f} {fitted:>9.1f} {residual:>+8.1f}"
        )


def profile_default(run: Callable[[dict[str, Any], int], Any], seed: int, top: int) -> str:
    """cProfile one default run; return the top functions by cumulative and by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    run({}, seed)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="runs per configuration (median taken); default 7")
    parser.add_argument(
        "--slow-ms",
        type=float,
        default=1000.0,
        help="configurations whose first run takes longer get only 3 runs; default 1000",
    )
    parser.add_argument("--default-repeats", type=int, default=9, help="runs for (a) the default run; default 9")
    parser.add_argument("--seed", type=int, default=0, help="first seed; repeats use seed, seed+1, ...")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every number to this JSON file")
    parser.add_argument("--profile", action="store_true", help="print a cProfile breakdown of one default run")
    parser.add_argument("--top", type=int, default=15, help="functions shown by --profile; default 15")
    parser.add_argument("--wall", action="store_true", help="report wall-clock instead of CPU time (both go to --json)")
    args = parser.parse_args(argv)
    clock = "wall" if args.wall else "cpu"
    if args.repeats < 1 or args.default_repeats < 1:
        parser.error("--repeats and --default-repeats must be at least 1")

    pinned = pin_to_one_core()
    import mesa
    import numpy as np

    from hsbp import sim
    from hsbp.sim.params import BY_NAME

    checks = (
        ("residents", RESIDENTS),
        ("communities", COMMUNITIES),
        ("population", [max(r, DEFAULT_POPULATION) for r in RESIDENTS]),
    )
    for name, values in checks:  # stay inside the catalogue's bounds (sim.run would reject the rest)
        for value in values:
            BY_NAME[name].check(value)

    horizon = BY_NAME["horizon_months"].default
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    started = time.perf_counter()
    kind = "wall-clock" if args.wall else "CPU (user + system)"
    print(f"hsbp benchmark: ms per run on one core, {kind} time, median over seeds")
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, mesa {mesa.__version__}, "
        f"{platform.machine()}, {pinned}"
    )
    print(f"load average before start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (high load inflates timings)")
    print(
        f"defaults: {BY_NAME['communities'].default} communities × {BY_NAME['residents'].default} residents, "
        f"{horizon} months; repeats {args.repeats} (default run: {args.default_repeats}; 3 when a run takes "
        f"over {args.slow_ms:g} ms), seeds from {args.seed}"
    )

    sim.run({}, args.seed)  # warm-up: imports, first-call caches
    seeds = [args.seed + i for i in range(args.repeats)]
    result: dict[str, Any] = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "mesa": mesa.__version__,
        "machine": platform.machine(),
        "processor": platform.processor(),
        "pinned": pinned,
        "load_average": list(load),
        "horizon_months": horizon,
        "seeds": seeds,
        "clock": clock,
    }

    # (a) one default run
    default_times = time_runs(sim.run, {}, [args.seed + i for i in range(args.default_repeats)])
    default = summary(default_times, clock)
    result["default_run"] = default
    print("\n(a) one default run: sim.run({}, seed)")
    ratio = default["median_ms"] / TARGET_MS
    verdict = f"{ratio:.1f}× the target" if ratio > 1 else "within the target"
    print(
        f"    median {default['median_ms']:.1f} ms (min {default['min_ms']:.1f}, max {default['max_ms']:.1f}) "
        f"over {len(default_times)} seeds = {1000 * default['median_ms'] / horizon:.0f} µs per month; "
        f"target ≤ {TARGET_MS:g} ms: {verdict}"
    )

    # (b) residents per community
    rows_r = []
    for residents in RESIDENTS:
        params = {"residents": residents, "population": max(residents, DEFAULT_POPULATION)}
        row = {"x": residents, **summary(time_runs(sim.run, params, seeds, args.slow_ms), clock)}
        row["us_per_month"] = 1000 * row["median_ms"] / horizon
        rows_r.append(row)
    fit_r = linear_fit([r["x"] for r in rows_r], [r["median_ms"] for r in rows_r])
    exponent = loglog_exponent([r["x"] for r in rows_r[-3:]], [r["median_ms"] for r in rows_r[-3:]])
    communities = BY_NAME["communities"].default
    print(f"\n(b) residents per community ({communities} communities): sim.run({{'residents': R, ...}}, seed)")
    print_sweep("residents", rows_r, fit_r)
    print(
        f"    linear fit: {1000 * fit_r['slope']:.1f} ms per 1000 residents per community "
        f"({1000 * fit_r['slope'] / communities:.1f} ms per 1000 residents in total), "
        f"intercept {fit_r['intercept']:.1f} ms (cost independent of residents), R² = {fit_r['r2']:.4f}"
    )
    print(f"    log-log exponent over the 3 largest sizes: {exponent:.2f} (1 = linear, above 1 = superlinear)")
    result["residents"] = {"communities": communities, "rows": rows_r, "fit": fit_r, "loglog_exponent": exponent}

    # (c) community organisations
    rows_c = []
    for count in COMMUNITIES:
        row = {"x": count, **summary(time_runs(sim.run, {"communities": count}, seeds, args.slow_ms), clock)}
        row["us_per_month"] = 1000 * row["median_ms"] / horizon
        rows_c.append(row)
    fit_c = linear_fit([r["x"] for r in rows_c], [r["median_ms"] for r in rows_c])
    residents = BY_NAME["residents"].default
    print(f"\n(c) community organisations ({residents} residents each): sim.run({{'communities': C}}, seed)")
    print_sweep("communities", rows_c, fit_c)
    print(
        f"    linear fit: {fit_c['slope']:.1f} ms per community organisation, "
        f"intercept {fit_c['intercept']:.1f} ms, R² = {fit_c['r2']:.4f}"
    )
    result["communities"] = {"residents": residents, "rows": rows_c, "fit": fit_c}

    if args.profile:
        print(f"\n--profile: one default run (seed {args.seed}) under cProfile (profiling inflates times)")
        text = profile_default(sim.run, args.seed, args.top)
        print(text)
        result["profile"] = text

    elapsed = time.perf_counter() - started
    result["elapsed_s"] = elapsed
    end_load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    result["load_average_end"] = list(end_load)
    print(f"total benchmark time {elapsed:.0f} s; load average at the end: {end_load[0]:.2f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
