"""Helpers for the sweep-engine tests: experiment files written on the fly."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from experiments.spec import Experiment, load_experiment

PI = 3.141592653589793


@pytest.fixture
def write_experiment(tmp_path: Path):
    """Write an experiment file from TOML text and return (path, parsed Experiment)."""

    def write(text: str, name: str = "experiment.toml") -> tuple[Path, Experiment]:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path, load_experiment(path)

    return write


def ishigami_text(samples: int, sampler: str = "sobol", extra: str = "") -> str:
    """An experiment over the Ishigami function."""
    return f"""
        name = "ishigami"
        model = "experiments.reference_models:ishigami"
        sampler = "{sampler}"
        samples = {samples}
        seed = 11
        outcomes = ["y"]
        {extra}
        [factors]
        x1 = [{-PI}, {PI}]
        x2 = [{-PI}, {PI}]
        x3 = [{-PI}, {PI}]
        """
