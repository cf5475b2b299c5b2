"""Helpers for the sweep-engine tests: experiment files written on the fly."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from hsbp.experiments.spec import Experiment, load_experiment


@pytest.fixture
def write_experiment(tmp_path: Path):
    """Write an experiment file from TOML text and return (path, parsed Experiment)."""

    def write(text: str, name: str = "experiment.toml") -> tuple[Path, Experiment]:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path, load_experiment(path)

    return write
