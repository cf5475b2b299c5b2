"""Run seeds: one per (point, replicate), derived from the experiment seed (docs/DESIGN.md decision 4).

A run's seed depends only on the experiment seed and its key, so results never depend on
the number of workers, the executor, the chunking, the order runs finish in, or a resume.
"""

from __future__ import annotations

import numpy as np

SEED_MASK = (1 << 63) - 1  # seeds are stored as int64


def run_seed(experiment_seed: int, key: int, replicate: int) -> int:
    """The seed of replicate `replicate` at `key` (the point; for designs, the context).

    `numpy.random.SeedSequence(experiment_seed, spawn_key=(key, replicate))` hashes the
    three numbers into well-mixed entropy; the first 64 bits become the run's integer seed.
    """
    state = np.random.SeedSequence(experiment_seed, spawn_key=(key, replicate)).generate_state(1, np.uint64)
    return int(state[0]) & SEED_MASK


def sampler_seed(experiment_seed: int, purpose: int) -> int:
    """A seed for SALib (sampling or bootstrap), derived from the experiment seed for one `purpose`.

    Never 0: SALib skips seeding when the seed is falsy (`if seed:` in sobol.analyze).
    """
    return int(np.random.SeedSequence(experiment_seed, spawn_key=(purpose,)).generate_state(1)[0]) | 1
