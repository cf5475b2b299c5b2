"""What a worker process does with a chunk of runs: call the model, catch what goes wrong.

Runs are sent in chunks so the engine's own cost per run stays tiny (docs/DESIGN.md
decision 7); a chunk's results come back as columns, ready to become a part file.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from hsbp.experiments.seeds import run_seed
from hsbp.experiments.spec import load_model

Entry = tuple[int, int, int, Mapping[str, Any]]  # point, replicate, seed key, params
Model = Callable[[dict[str, Any], int], Mapping[str, float]]
OK, FAILED = "ok", "failed"

_models: dict[str, Model] = {}


def model_for(path: str) -> Model:
    """The model function, imported once per worker process."""
    model = _models.get(path)
    if model is None:
        model = _models[path] = load_model(path)
    return model


def warm_up(path: str) -> None:
    """Import the model when a worker starts, so the first chunk does not pay for it."""
    model_for(path)


def evaluate_chunk(path: str, outcomes: Sequence[str], seed: int, entries: Sequence[Entry]) -> dict[str, list]:
    """Run every entry; a run that raises or returns a missing or non-finite outcome is marked failed.

    Each run's seed is derived here, from the experiment seed and the entry's key, so the
    workers share that cost (about 25 µs a run) instead of the engine's process.
    """
    model = model_for(path)
    columns: dict[str, list] = {
        name: [] for name in ("point", "replicate", "seed", "status", "error", "duration_s", *outcomes)
    }
    nan = [math.nan] * len(outcomes)
    for point, replicate, key, params in entries:
        start = time.perf_counter()
        seed_here = run_seed(seed, key, replicate)
        try:
            result = model(dict(params), seed_here)
            values = [float(result[name]) for name in outcomes]
            bad = next((name for name, v in zip(outcomes, values, strict=True) if not math.isfinite(v)), None)
            status, error = (OK, "") if bad is None else (FAILED, f"outcome {bad} is {result[bad]}")
        except KeyError as missing:
            values, status, error = nan, FAILED, f"the model returned no outcome {missing}"
        except Exception as exc:  # a failing run is data, not the end of the sweep
            values, status, error = nan, FAILED, f"{type(exc).__name__}: {exc}"
        if status == FAILED:
            values = nan
        columns["point"].append(point)
        columns["replicate"].append(replicate)
        columns["seed"].append(seed_here)
        columns["status"].append(status)
        columns["error"].append(error)
        columns["duration_s"].append(time.perf_counter() - start)
        for name, value in zip(outcomes, values, strict=True):
            columns[name].append(value)
    return columns


def failed_columns(outcomes: Sequence[str], seed: int, entry: Entry, error: str) -> dict[str, list]:
    """The row of a run that could not be completed (its worker died twice)."""
    point, replicate, key, _ = entry
    row: dict[str, list] = {
        "point": [point],
        "replicate": [replicate],
        "seed": [run_seed(seed, key, replicate)],
        "status": [FAILED],
        "error": [error],
        "duration_s": [math.nan],
    }
    row.update({name: [math.nan] for name in outcomes})
    return row
