"""Results stores with known answers for the analysis tests, each swept once per test session."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from experiment_texts import TOY_DESIGNS

from hsbp.analysis.results import Results, load_results
from hsbp.experiments.engine import sweep
from hsbp.experiments.executors import ExecutorHandle
from hsbp.experiments.spec import load_experiment


def swept(folder: Path, text: str) -> Results:
    """Write an experiment file into `folder`, sweep it on one thread, and open its results."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "experiment.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    handle = ExecutorHandle(lambda: ThreadPoolExecutor(1), workers=1, name="threads")
    try:
        sweep(load_experiment(path), folder / "results", quiet=True, handle=handle)
    finally:
        handle.close()
    return load_results(folder / "results")


@pytest.fixture(scope="session")
def sweep_once(tmp_path_factory) -> Callable[[str, str], Results]:
    """Sweep an experiment text once per session under a name, and reuse its results."""
    cache: dict[str, Results] = {}

    def get(name: str, text: str) -> Results:
        if name not in cache:
            cache[name] = swept(tmp_path_factory.mktemp(name), text)
        return cache[name]

    return get


@pytest.fixture(scope="session")
def toy_designs(sweep_once) -> Results:
    """Three designs with tolerance 0.3, 0.5, 0.8 over 200 contexts, 4 replicates, noise 0.05."""
    return sweep_once("toy_designs", TOY_DESIGNS.format(samples=200, replicates=4, noise=0.05))


@pytest.fixture(scope="session")
def toy_designs_exact(sweep_once) -> Results:
    """The same three designs without noise over 400 contexts, one replicate: answers are exact."""
    return sweep_once("toy_designs_exact", TOY_DESIGNS.format(samples=400, replicates=1, noise=0.0))
