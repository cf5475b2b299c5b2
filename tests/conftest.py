"""Fixtures shared by several test folders, and the Hypothesis profile for CI."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# In CI (the CI environment variable set, as .ci/run and hosted CI services do) property tests draw the same
# examples on every run and keep no example database between runs, so a red build is reproducible from its log;
# timing is not what they test. Elsewhere Hypothesis's default profile applies unchanged.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@dataclass(frozen=True)
class StudyRun:
    """A `hsbp study --quick` run: its folder and what the command printed."""

    out: Path
    command: list[str]
    stdout: str


@pytest.fixture(scope="session")
def quick_study(tmp_path_factory) -> StudyRun:
    """`hsbp study --quick`, run once per test session (about a minute) and shared by its tests."""
    out = tmp_path_factory.mktemp("study") / "quick"
    command = [sys.executable, "-m", "hsbp", "study", "--quick", "--quiet", "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return StudyRun(out, command, done.stdout)
