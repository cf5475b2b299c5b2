"""The design matrix of an experiment: SALib's samplers (plus a full grid and named designs).

Every sampler returns one row per point, in the sampler's order (Sobol and FAST
estimators rely on it). For each factor the table holds the value the model gets
(`name`) and the number the sampler drew on its own scale (`x:name`, what SALib's
estimators read back). Categorical and integer factors are drawn on [0, 1) and
mapped to equal-width bins, one per level (see `Factor`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import pandas as pd
from SALib.sample import fast_sampler, latin, morris
from SALib.sample import sobol as sobol_sampler

from hsbp.experiments.seeds import sampler_seed
from hsbp.experiments.spec import Experiment

POINT = "point"
DESIGN = "design"
CONTEXT = "context"


def sample(experiment: Experiment) -> pd.DataFrame:
    """The design matrix: `point`, then `design`/`context` for designs, then `name` and `x:name` per factor."""
    if experiment.sampler == "designs":
        return _designs(experiment)
    x = SAMPLERS[experiment.sampler](experiment)
    return _table(experiment, x)


def unit_matrix(samples: pd.DataFrame, experiment: Experiment) -> np.ndarray:
    """The sampler's matrix X (points × factors) as SALib drew it, for its estimators."""
    return samples[[f"x:{f.name}" for f in experiment.factors]].to_numpy(dtype=float)


SAMPLING = 0xA11  # purpose key of the sampler's seed


def _seed(experiment: Experiment) -> int:
    """The sampler's seed, derived from the experiment seed."""
    return sampler_seed(experiment.seed, SAMPLING)


def _sobol(experiment: Experiment, n: int | None = None) -> np.ndarray:
    return sobol_sampler.sample(
        experiment.problem,
        n or experiment.samples,
        calc_second_order=experiment.second_order,
        scramble=True,
        seed=_seed(experiment),
    )


def _morris(experiment: Experiment) -> np.ndarray:
    levels = experiment.morris_levels
    return morris.sample(experiment.problem, experiment.samples, num_levels=levels, seed=_seed(experiment))


def _fast(experiment: Experiment) -> np.ndarray:
    return fast_sampler.sample(experiment.problem, experiment.samples, M=experiment.fast_m, seed=_seed(experiment))


def _lhs(experiment: Experiment, n: int | None = None) -> np.ndarray:
    return latin.sample(experiment.problem, n or experiment.samples, seed=_seed(experiment))


def _grid(experiment: Experiment) -> np.ndarray:
    axes = [f.grid(experiment.grid_points) for f in experiment.factors]
    return np.array(list(itertools.product(*axes)), dtype=float).reshape(-1, len(axes))


SAMPLERS: dict[str, Callable[[Experiment], np.ndarray]] = {
    "sobol": _sobol,
    "morris": _morris,
    "fast": _fast,
    "lhs": _lhs,
    "grid": _grid,
}


def _table(experiment: Experiment, x: np.ndarray) -> pd.DataFrame:
    columns: dict[str, object] = {POINT: np.arange(len(x), dtype=np.int64)}
    for j, factor in enumerate(experiment.factors):
        columns[factor.name] = [factor.decode(v) for v in x[:, j]]
    for j, factor in enumerate(experiment.factors):
        columns[f"x:{factor.name}"] = x[:, j]
    return pd.DataFrame(columns)


def _designs(experiment: Experiment) -> pd.DataFrame:
    """Each named design crossed with one sample of contexts: every design meets the same contexts."""
    draw = _sobol if experiment.context_sampler == "sobol" else _lhs
    contexts = _table(experiment, draw(experiment))
    contexts = contexts.rename(columns={POINT: CONTEXT})
    levers = sorted({lever for values in experiment.designs.values() for lever in values})
    blocks = []
    for name, values in experiment.designs.items():
        block = contexts.copy()
        block.insert(0, DESIGN, name)
        for lever in levers:
            block[lever] = values.get(lever, None)
        blocks.append(block)
    table = pd.concat(blocks, ignore_index=True)
    table.insert(0, POINT, np.arange(len(table), dtype=np.int64))
    return table
