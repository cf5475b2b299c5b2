"""Running many independent model runs for the validation tests on the machine's cores.

Each task carries its own seed, so results do not depend on the number of workers or the order in
which runs finish (docs/DESIGN.md decision 4).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

WORKERS = min(2, os.cpu_count() or 1)  # CI and the development machines have two cores


def parallel_map(function: Callable[[Any], Any], tasks: Iterable[Any], chunksize: int = 8) -> list[Any]:
    """`[function(task) for task in tasks]`, computed in a pool of worker processes."""
    tasks = list(tasks)
    if WORKERS == 1:
        return [function(task) for task in tasks]
    # Spawned, not forked: forking a process that runs threads (pytest plugins, BLAS) can deadlock.
    with ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(function, tasks, chunksize=chunksize))
