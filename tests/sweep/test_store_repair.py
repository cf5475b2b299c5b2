"""A damaged results store: named by analyze, report and check; repaired by resume to the undamaged result.

Each case damages a copy of a finished store the way a disk, a kill or a sync tool would
(truncated, emptied or overwritten part files, a lost or broken manifest or design matrix),
then checks that `hsbp analyze`, `report` and `check` name the damage in one line (exit 2),
and that `hsbp sweep --resume` sets the damaged files aside in quarantine/ and ends with
exactly the runs of an uninterrupted sweep (same rows, same values, sorted by run).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from hsbp.cli import main
from hsbp.experiments import store as store_module
from hsbp.experiments.engine import sweep
from hsbp.experiments.spec import load_experiment
from hsbp.experiments.store import QUARANTINE, ResultsStore

EXPERIMENT = """
name = "repair"
model = "hsbp.experiments.reference_models:noisy_linear"
sampler = "sobol"
samples = 8
replicates = 2
seed = 11
outcomes = ["y", "seed_draw"]
[fixed]
noise = 0.5
[factors]
x1 = [0.0, 1.0]
x2 = [0.0, 1.0]
x3 = [0.0, 1.0]
"""


def runs(folder: Path) -> pd.DataFrame:
    """Every stored run, sorted by (point, replicate), without the wall-clock duration."""
    return ResultsStore(folder).runs().drop(columns="duration_s")


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> tuple[Path, Path, Path]:
    """(experiment file, an uninterrupted store, the same sweep kept in many small part files)."""
    root = tmp_path_factory.mktemp("repair")
    path = root / "experiment.toml"
    path.write_text(EXPERIMENT, encoding="utf-8")
    experiment = load_experiment(path)
    reference = root / "reference"
    sweep(experiment, reference, workers=1, quiet=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_module, "SMALL_PART", 0)  # no merging: one damaged part is a few runs, not all
        parts = root / "parts"
        sweep(experiment, parts, workers=1, quiet=True)
    assert len(ResultsStore(parts).parts()) >= 4
    return path, reference, parts


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def shuffle_design(path: Path) -> None:
    """Readable, the right size, the wrong numbers (an old copy put back by a sync tool, say)."""
    frame = pd.read_parquet(path)
    frame["x:x1"] = frame["x:x1"].to_numpy()[::-1]
    frame.to_parquet(path, index=False)


def part(index: int) -> Callable[[Path], Path]:
    return lambda store: ResultsStore(store).parts()[index]


DAMAGES: dict[str, tuple[Callable[[Path], Path], Callable[[Path], None]]] = {
    "truncated part": (part(2), truncate),
    "empty part": (part(0), lambda p: p.write_bytes(b"")),
    "one byte flipped in a part": (part(2), lambda p: flip(p, 200)),
    "part overwritten with zeros": (part(-1), lambda p: p.write_bytes(b"\0" * 4096)),
    "part of another sweep": (part(1), lambda p: pd.DataFrame({"a": [1]}).to_parquet(p)),
    "missing samples": (lambda s: s / "samples.parquet", Path.unlink),
    "truncated samples": (lambda s: s / "samples.parquet", truncate),
    "samples of another design": (lambda s: s / "samples.parquet", lambda p: shuffle_design(p)),
    "broken manifest": (lambda s: s / "manifest.json", lambda p: p.write_text('{"experiment": {"na')),
    "empty manifest": (lambda s: s / "manifest.json", lambda p: p.write_text("")),
    "manifest without the experiment": (lambda s: s / "manifest.json", lambda p: p.write_text('{"points": 40}')),
    "missing manifest": (lambda s: s / "manifest.json", Path.unlink),
    "runs folder replaced by a file": (lambda s: s / "runs", lambda p: (shutil.rmtree(p), p.write_text("conflict"))),
}


@pytest.mark.parametrize("damage", DAMAGES, ids=str)
def test_a_damaged_store_is_named_then_repaired_by_resume(damage: str, stores, tmp_path: Path, capsys) -> None:
    experiment, reference, parts = stores
    store = tmp_path / "store"
    shutil.copytree(parts, store)
    where, harm = DAMAGES[damage]
    target = where(store)
    harm(target)
    damaged = target.read_bytes() if target.exists() else None

    for command in (["analyze", str(store)], ["report", str(store)], ["check", str(store)]):
        assert main(command) == 2, command
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
        assert target.name in err and "--resume" in err, err

    code = main(["sweep", str(experiment), "--out", str(store), "--resume", "--quiet", "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert target.name in err  # the warning says what was damaged and what was done

    pd.testing.assert_frame_equal(runs(store), runs(reference))
    if damaged is not None:  # set aside, never deleted
        assert (store / QUARANTINE / target.name).read_bytes() == damaged
    assert main(["check", str(store)]) == 0
    assert "sound; 80 of 80 runs" in capsys.readouterr().out
    assert main(["analyze", str(store)]) == 0


def test_check_repair_sets_damaged_parts_aside_and_says_how_many_runs_they_held(stores, tmp_path, capsys) -> None:
    experiment, reference, parts = stores
    store = tmp_path / "store"
    shutil.copytree(parts, store)
    damaged = ResultsStore(store).parts()[:2]
    held = sum(len(pd.read_parquet(p)) for p in damaged)
    for path in damaged:
        truncate(path)
    assert main(["check", str(store), "--repair"]) == 0
    out = capsys.readouterr().out
    assert f"2 part file(s) damaged, holding {held} runs: " in out and f"moved to {store / QUARANTINE}" in out
    assert sorted(p.name for p in (store / QUARANTINE).iterdir()) == sorted(p.name for p in damaged)
    assert main(["check", str(store)]) == 0  # sound, though incomplete: resume runs the rest
    assert f"{80 - held} of 80 runs" in capsys.readouterr().out
    assert main(["sweep", str(experiment), "--out", str(store), "--resume", "--quiet", "--workers", "1"]) == 0
    pd.testing.assert_frame_equal(runs(store), runs(reference))


def test_a_lost_manifest_is_not_rebuilt_from_another_experiment(stores, tmp_path, capsys) -> None:
    _, _, parts = stores
    store = tmp_path / "store"
    shutil.copytree(parts, store)
    (store / "manifest.json").unlink()
    (store / "samples.parquet").unlink()
    other = tmp_path / "other.toml"
    other.write_text(EXPERIMENT.replace("seed = 11", "seed = 12"), encoding="utf-8")
    assert main(["sweep", str(other), "--out", str(store), "--resume", "--quiet", "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert "were not made by" in err and len(err.strip().splitlines()) == 1
    assert not (store / "manifest.json").exists()  # nothing written before the check
