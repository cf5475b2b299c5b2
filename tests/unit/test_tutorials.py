"""The tutorials in docs/tutorials run as written: every bash and python block, in order, in a fresh folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each tutorial runs its commands (minutes)

TUTORIALS = sorted((Path(__file__).resolve().parents[2] / "docs" / "tutorials").glob("*.md"))
BLOCK = re.compile(r"```(bash|python)\n(.*?)```", flags=re.S)


def test_the_three_tutorials_exist() -> None:
    names = [p.stem for p in TUTORIALS]
    assert names == ["01_compare_designs", "02_morris_and_sobol", "03_custom_trust_rule"]


@pytest.mark.parametrize("tutorial", TUTORIALS, ids=lambda p: p.stem)
def test_tutorial_runs(tutorial: Path, tmp_path: Path) -> None:
    blocks = BLOCK.findall(tutorial.read_text(encoding="utf-8"))
    assert blocks, f"{tutorial.name} has no code"
    env = os.environ | {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    for number, (language, code) in enumerate(blocks, start=1):
        command = ["bash", "-euo", "pipefail", "-c", code] if language == "bash" else [sys.executable, "-c", code]
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{tutorial.name} block {number} ({language}) failed:\n{done.stderr[-3000:]}"
