"""Fixtures shared by several test folders."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest


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
