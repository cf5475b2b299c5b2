"""The results store: a folder that a sweep fills durably, run by run, and can resume.

Layout (docs/DESIGN.md decision 6):
    manifest.json        the experiment's text and sha256, versions, seed, times, counts
    samples.parquet      the design matrix, one row per point
    runs/part-*.parquet  one row per finished run: point, replicate, seed, status, error,
                         duration_s and every outcome

Every file is written to a hidden temporary name, flushed to disk and renamed into
place, so no partially written file is ever visible: a SIGKILL loses at most the runs
that were in flight. Readers drop repeated (point, replicate) rows, which can only
appear if a compaction was killed between writing its file and removing its sources.

A disk, a kill during a sync or a sync tool can still damage a file after it was written.
`inspect` reads every file and lists what is damaged; `repair` moves damaged files into
`quarantine/` (never deletes them) and rebuilds `samples.parquet` (and, given the
experiment, `manifest.json`), which derive from the experiment alone; a resumed sweep
repairs first and then re-runs the runs the damaged parts held.
"""

from __future__ import annotations

import json
import os
import platform
import re
import sys
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from hsbp.experiments.seeds import run_seed
from hsbp.experiments.spec import Experiment, ExperimentError, differences, parse_experiment
from hsbp.userinput import UserInputError

MANIFEST = "manifest.json"
SAMPLES = "samples.parquet"
RUNS = "runs"
QUARANTINE = "quarantine"
PART = re.compile(r"^part-(\d{6,})\.parquet$")
COMPACT_ROWS = 50_000  # rows per file after compaction
SMALL_PART = 2_000  # parts below this many rows are merged at the end
PACKAGES = ("hsbp", "mesa", "numpy", "scipy", "pandas", "pyarrow", "SALib", "dask", "distributed")


class StoreError(UserInputError):
    """A results folder that cannot be used as asked; the message names the folder."""


class StoreRepaired(UserWarning):
    """A resumed sweep found damaged files, set them aside and will re-run their runs (one line each)."""


MANIFEST_TYPES: dict[str, type | tuple[type, ...]] = {
    "experiment": dict,
    "experiment_text": str,
    "points": int,
    "replicates": int,
    "outcomes": list,
}


@dataclass(frozen=True)
class Damage:
    """A file of the store that cannot be used: where it is, why, and how many runs it held if known."""

    path: Path
    reason: str
    runs: frozenset[tuple[int, int]] | None = None  # (point, replicate) it held, if they can still be read


@dataclass
class Health:
    """What `ResultsStore.inspect` found: the manifest if sound, the damaged files, the readable runs."""

    root: Path
    manifest: dict[str, Any] | None
    damaged: list[Damage] = field(default_factory=list)
    parts: int = 0  # sound part files
    stored: set[tuple[int, int]] = field(default_factory=set)
    failed_runs: set[tuple[int, int]] = field(default_factory=set)
    runs_total: int | None = None

    @property
    def failed(self) -> int:
        """Readable runs stored as failed."""
        return len(self.failed_runs)

    def _is(self, name: str) -> list[Damage]:
        return [d for d in self.damaged if d.path.name == name]

    @property
    def damaged_parts(self) -> list[Damage]:
        """Damaged runs part files."""
        return [d for d in self.damaged if PART.match(d.path.name)]

    @property
    def manifest_damage(self) -> Damage | None:
        """Why the manifest cannot be used, if it cannot."""
        return next(iter(self._is(MANIFEST)), None)

    @property
    def samples_damage(self) -> Damage | None:
        """Why samples.parquet cannot be used, if it cannot."""
        return next(iter(self._is(SAMPLES)), None)

    def lost_runs(self) -> str:
        """How many runs the damaged parts held: exact when their keys or the manifest tell, else a bound."""
        parts = self.damaged_parts
        if parts and all(d.runs is not None for d in parts):
            held = set().union(*(d.runs for d in parts if d.runs is not None)) - self.stored
            return _runs(len(held))
        manifest = self.manifest or {}
        if self.runs_total is not None and manifest.get("status") == "complete":
            return _runs(self.runs_total - len(self.stored))
        if self.runs_total is not None:
            lacking = self.runs_total - len(self.stored)
            return f"up to {_runs(lacking)} (the store lacks {lacking} of {self.runs_total})"
        return "an unknown number of runs"

    def experiment_file(self) -> str:
        """The experiment file to resume with, as recorded in the manifest."""
        recorded = ((self.manifest or {}).get("experiment") or {}).get("file")
        return str(recorded) if recorded else "EXPERIMENT.toml (the file the sweep was started with)"

    def lines(self) -> list[str]:
        """What `hsbp check` prints: one line per damaged file, then the runs stored."""
        lines = [f"{_relative(self.root, d.path)}: damaged: {d.reason}" for d in self.damaged]
        total = f" of {self.runs_total}" if self.runs_total is not None else ""
        state = "damaged" if self.damaged else "sound"
        lines.append(
            f"{self.root}: {state}; {len(self.stored)}{total} runs readable in {self.parts} part files "
            f"({len(self.stored) - self.failed} ok, {self.failed} failed)"
        )
        if not self.damaged and self.runs_total is not None and len(self.stored) < self.runs_total:
            lines.append(f"`hsbp sweep {self.experiment_file()} --out {self.root} --resume` runs the rest")
        return lines

    def advice(self) -> str:
        """One line: what is damaged and how to repair it."""
        first = self.damaged[0]
        more = f" (and {len(self.damaged) - 1} more damaged file(s))" if len(self.damaged) > 1 else ""
        resume = f"hsbp sweep {self.experiment_file()} --out {self.root} --resume"
        return (
            f"{_relative(self.root, first.path)} in {self.root} is damaged: {first.reason}{more}; "
            f"`{resume}` sets damaged files aside in {self.root / QUARANTINE} and re-runs their runs "
            f"(`hsbp check {self.root} --repair` only sets them aside)"
        )


def run_schema(outcomes: tuple[str, ...]) -> pa.Schema:
    """The columns of every runs part file."""
    fields = [
        pa.field("point", pa.int64()),
        pa.field("replicate", pa.int32()),
        pa.field("seed", pa.int64()),
        pa.field("status", pa.string()),
        pa.field("error", pa.string()),
        pa.field("duration_s", pa.float64()),
    ]
    return pa.schema(fields + [pa.field(name, pa.float64()) for name in outcomes])


class ResultsStore:
    """One sweep's results folder."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.runs_dir = self.root / RUNS

    # ------------------------------------------------------------------ opening
    def create(self, experiment: Experiment, samples: pd.DataFrame) -> None:
        """Start a new store; the folder must be absent or empty."""
        if self.root.exists() and any(self.root.iterdir()):
            raise StoreError(f"{self.root}: folder is not empty; use --resume to continue it or choose another --out")
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        _atomic_parquet(pa.Table.from_pandas(samples, preserve_index=False), self.root / SAMPLES)
        self.write_manifest(new_manifest(experiment, samples))

    def reopen(self, experiment: Experiment, samples: pd.DataFrame, keys: Any) -> None:
        """Open an existing store to resume it; the experiment must be the one it was started with.

        Damaged files are checked first, then set aside and rebuilt (`repair`), with a
        `StoreRepaired` warning for each: the sweep then re-runs the runs they held. `samples` is
        the experiment's design matrix and `keys` each point's seed key (`engine.seed_keys`): a store
        whose manifest is lost is checked against them before anything is written.
        """
        if not self.looks_like_store():
            raise StoreError(f"{self.root}: no {MANIFEST} here, so there is no sweep to resume")
        for folder in (self.root, self.runs_dir):
            for leftover in folder.glob(".tmp-*") if folder.is_dir() else ():
                leftover.unlink()  # a write that never finished: never a stored run
        health = self.inspect(experiment)
        manifest = health.manifest
        if manifest is not None and manifest["experiment"].get("sha256") != experiment.sha256:
            stored = parse_experiment(manifest["experiment_text"], f"{self.root}/{MANIFEST}")
            changed = "; ".join(differences(stored, experiment))
            raise StoreError(
                f"{self.root}: the experiment file changed since this sweep started ({changed}); "
                "restore it or sweep into a new --out"
            )
        if health.samples_damage is None and not _same_design(self.samples(), samples):
            raise StoreError(
                f"{self.root}: the design matrix differs from the stored one (another experiment file, "
                "or another SALib version?); resume with the experiment the sweep was started with"
            )
        if manifest is None:  # nothing says which experiment this was: the stored runs' seeds must agree
            self._check_seeds(experiment, samples, keys)
        for line in self.repair(health, experiment, samples):
            warnings.warn(line, StoreRepaired, stacklevel=2)
        self.runs_dir.mkdir(exist_ok=True)

    def looks_like_store(self) -> bool:
        """Whether the folder holds any file a sweep writes (so a lost manifest is damage, not absence)."""
        return self.root.is_dir() and any((self.root / name).exists() for name in (MANIFEST, SAMPLES, RUNS, QUARANTINE))

    # ------------------------------------------------------------------ checking and repair
    def inspect(self, experiment: Experiment | None = None) -> Health:
        """Read every file of the store and say what is damaged (nothing is changed).

        `experiment` (when resuming) says what the store should hold if its manifest is lost.
        """
        if not self.looks_like_store():
            raise StoreError(f"{self.root}: no {MANIFEST}; not a results folder written by hsbp sweep")
        manifest, why = self._read_manifest()
        health = Health(self.root, manifest)
        if why is not None:
            health.damaged.append(Damage(self.root / MANIFEST, why))
        if manifest is not None:
            points, replicates, outcomes = manifest["points"], manifest["replicates"], tuple(manifest["outcomes"])
        elif experiment is not None:
            points, replicates, outcomes = None, experiment.replicates, experiment.outcomes
        else:
            points, replicates, outcomes = None, None, None
        samples_problem = self._check_samples(points)
        if samples_problem is None and manifest is not None:
            samples_problem = self._check_design(manifest)
        if samples_problem is not None:
            health.damaged.append(Damage(self.root / SAMPLES, samples_problem))
        elif points is None:
            points = len(self.samples())
        if points is not None and replicates is not None:
            health.runs_total = points * replicates
        expected = run_schema(outcomes) if outcomes is not None else None
        if self.runs_dir.exists() and not self.runs_dir.is_dir():
            health.damaged.append(Damage(self.runs_dir, "a file where the runs folder should be"))
        for path in self.parts():
            problem, keys, failed = _check_part(path, expected, points, replicates)
            if problem is not None and not path.exists():
                continue  # merged away by a compaction while we read it: not damage
            if problem is None:
                health.parts += 1
                health.stored |= keys
                health.failed_runs |= failed
            else:
                health.damaged.append(Damage(path, problem, keys or None))
        return health

    def repair(
        self, health: Health, experiment: Experiment | None = None, samples: pd.DataFrame | None = None
    ) -> list[str]:
        """Move damaged files into quarantine/ and rebuild what derives from the experiment; one line per step.

        Without `experiment`, the experiment recorded in the manifest rebuilds samples.parquet;
        a damaged manifest is only set aside (resuming with the experiment file rebuilds it).
        """
        said: list[str] = []
        quarantine = self.root / QUARANTINE
        parts = health.damaged_parts
        if parts:
            for damage in parts:
                _set_aside(damage.path, quarantine)
            resume = f"hsbp sweep {health.experiment_file()} --out {self.root} --resume"
            names = ", ".join(f"{d.path.name} ({d.reason})" for d in parts[:3]) + (", ..." if len(parts) > 3 else "")
            said.append(
                f"{self.root}: {len(parts)} part file(s) damaged, holding {health.lost_runs()}: {names}; moved to "
                f"{quarantine}; {'they are re-run now' if experiment is not None else f'`{resume}` re-runs them'}"
            )
        for damage in health.damaged:
            if damage.path == self.runs_dir:  # a file named runs: set aside, the runs folder is made again
                _set_aside(damage.path, quarantine)
                said.append(f"{self.runs_dir}: {damage.reason}; moved to {quarantine}")
        damage = health.manifest_damage
        if damage is not None:
            _set_aside(damage.path, quarantine)
            if experiment is not None and samples is not None:
                self.write_manifest({**new_manifest(experiment, samples), "rebuilt": now()})
                said.append(
                    f"{self.root}/{MANIFEST}: {damage.reason}; rebuilt from {experiment.path} "
                    "(its earlier sessions and times are lost)"
                )
            else:
                said.append(
                    f"{self.root}/{MANIFEST}: {damage.reason}; set aside in {quarantine}; "
                    f"`hsbp sweep EXPERIMENT.toml --out {self.root} --resume` with the file this sweep was "
                    "started with rebuilds it"
                )
        damage = health.samples_damage
        if damage is not None:
            _set_aside(damage.path, quarantine)
            source = experiment.path if experiment is not None else f"{self.root}/{MANIFEST}"
            if experiment is None and health.manifest is not None:
                experiment = parse_experiment(health.manifest["experiment_text"], f"{self.root}/{MANIFEST}")
            if experiment is not None:
                from hsbp.experiments.sampling import sample

                design = samples if samples is not None else sample(experiment)
                _atomic_parquet(pa.Table.from_pandas(design, preserve_index=False), self.root / SAMPLES)
                said.append(f"{self.root}/{SAMPLES}: {damage.reason}; rebuilt from the experiment in {source}")
            else:
                said.append(f"{self.root}/{SAMPLES}: {damage.reason}; resuming the sweep rebuilds it")
        return said

    def _read_manifest(self) -> tuple[dict[str, Any] | None, str | None]:
        """The manifest, or why it cannot be used."""
        path = self.root / MANIFEST
        if not path.exists():
            return None, "missing"
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            return None, f"not readable JSON ({_first_line(error)})"
        if not isinstance(data, dict):
            return None, "not a JSON object"
        for key, kind in MANIFEST_TYPES.items():
            if key not in data:
                return None, f"lacks {key!r}"
            if not isinstance(data[key], kind) or isinstance(data[key], bool):
                return None, f"{key!r} has the wrong type"
        if data["points"] < 0 or data["replicates"] < 1 or not all(isinstance(o, str) for o in data["outcomes"]):
            return None, "counts or outcomes out of range"
        if not isinstance(data["experiment"].get("sha256"), str):
            return None, "lacks the experiment's sha256"
        try:
            parse_experiment(data["experiment_text"], f"{path}")
        except ExperimentError as error:
            if "cannot be imported" in str(error):
                raise  # the text is sound; the model is not installed here (a one-line error for the user)
            return None, f"its experiment text is not valid ({error})"
        return data, None

    def _check_samples(self, points: int | None) -> str | None:
        """Why samples.parquet cannot be used, or None."""
        path = self.root / SAMPLES
        if not path.exists():
            return "missing"
        try:
            frame = pq.read_table(path, page_checksum_verification=True).to_pandas()
        except (OSError, ValueError, pa.ArrowException) as error:
            return _unreadable(path, error)
        if "point" not in frame.columns:
            return "lacks the point column"
        if points is not None and len(frame) != points:
            return f"holds {len(frame)} points; the manifest says {points}"
        if frame["point"].tolist() != list(range(len(frame))):
            return "its points are not numbered 0, 1, 2, ..."
        return None

    def _check_design(self, manifest: Mapping[str, Any]) -> str | None:
        """Why a readable samples.parquet is not the design matrix the recorded experiment draws, or None.

        The matrix derives from the experiment alone, so it is drawn again and compared. With
        another SALib version than the sweep's, a difference may be SALib's, not damage: no verdict.
        """
        from hsbp.experiments.sampling import sample

        if manifest.get("versions", {}).get("SALib") != versions().get("SALib"):
            return None
        experiment = parse_experiment(manifest["experiment_text"], f"{self.root}/{MANIFEST}")
        with warnings.catch_warnings():  # SALib's advice on sample sizes was given when the sweep started
            warnings.simplefilter("ignore")
            drawn = sample(experiment)
        if _same_design(self.samples(), drawn):
            return None
        return "its design matrix is not the one the experiment draws (an old or foreign copy?)"

    def _check_seeds(self, experiment: Experiment, samples: pd.DataFrame, keys: Any) -> None:
        """Stored runs must carry the seeds this experiment gives them (else it is another experiment's store)."""
        for path in self.parts():
            try:
                row = pq.read_table(path, columns=["point", "replicate", "seed"]).slice(0, 1).to_pylist()
            except (OSError, ValueError, pa.ArrowException):
                continue  # damaged: set aside by repair
            if not row or not 0 <= row[0]["point"] < len(samples):
                continue
            point, replicate, seed = row[0]["point"], row[0]["replicate"], row[0]["seed"]
            if run_seed(experiment.seed, int(keys[point]), replicate) != seed:
                raise StoreError(
                    f"{self.root}: its {MANIFEST} is lost and its runs were not made by {experiment.path} "
                    f"(run {point}/{replicate} has another seed); resume with the experiment it was started with"
                )

    # ------------------------------------------------------------------ manifest
    def manifest(self) -> dict[str, Any]:
        """The manifest as stored."""
        try:
            return json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise StoreError(f"{self.root}: no {MANIFEST}; not a results folder") from None
        except (UnicodeDecodeError, ValueError) as error:
            raise StoreError(
                f"{self.root}/{MANIFEST}: damaged ({_first_line(error)}); "
                f"`hsbp check {self.root}` says how to repair it"
            ) from None

    def write_manifest(self, manifest: Mapping[str, Any]) -> None:
        """Replace the manifest atomically."""
        _atomic_bytes(json.dumps(manifest, indent=2).encode("utf-8") + b"\n", self.root / MANIFEST)

    def update_manifest(self, **changes: Any) -> dict[str, Any]:
        """Change some manifest entries and store it again."""
        manifest = self.manifest()
        manifest.update(changes)
        self.write_manifest(manifest)
        return manifest

    # ------------------------------------------------------------------ runs
    def samples(self) -> pd.DataFrame:
        """The design matrix."""
        return pd.read_parquet(self.root / SAMPLES)

    def parts(self) -> list[Path]:
        """The runs part files, in the order they were written."""
        if not self.runs_dir.is_dir():
            return []
        found = [(int(m.group(1)), p) for p in self.runs_dir.iterdir() if (m := PART.match(p.name))]
        return [p for _, p in sorted(found)]

    def write_part(self, table: pa.Table) -> Path:
        """Store finished runs durably as the next part file."""
        path = self.runs_dir / f"part-{self._next_number():06d}.parquet"
        _atomic_parquet(table, path)
        return path

    def done(self) -> set[tuple[int, int]]:
        """(point, replicate) of every stored run."""
        keys: set[tuple[int, int]] = set()
        for path in self.parts():
            table = pq.read_table(path, columns=["point", "replicate"])
            keys.update(zip(table.column("point").to_pylist(), table.column("replicate").to_pylist(), strict=True))
        return keys

    def runs(self, columns: list[str] | None = None) -> pd.DataFrame:
        """Every stored run, one row per (point, replicate), sorted."""
        parts = self.parts()
        if not parts:
            names = columns or run_schema(tuple(self.manifest().get("outcomes", ()))).names
            return pd.DataFrame(columns=names)
        wanted = None if columns is None else list(dict.fromkeys(["point", "replicate", *columns]))
        frame = pd.concat([pq.read_table(p, columns=wanted).to_pandas() for p in parts], ignore_index=True)
        frame = frame.drop_duplicates(["point", "replicate"]).sort_values(["point", "replicate"])
        return frame.reset_index(drop=True)

    def compact(self) -> None:
        """Merge small part files into files of up to COMPACT_ROWS rows (streamed, bounded memory)."""
        small = [p for p in self.parts() if pq.ParquetFile(p).metadata.num_rows < SMALL_PART]
        if len(small) < 2:
            return
        batch: list[Path] = []
        rows = 0
        for path in small:
            batch.append(path)
            rows += pq.ParquetFile(path).metadata.num_rows
            if rows >= COMPACT_ROWS:
                self._merge(batch)
                batch, rows = [], 0
        if len(batch) > 1:
            self._merge(batch)

    def _merge(self, paths: list[Path]) -> None:
        target = self.runs_dir / f"part-{self._next_number():06d}.parquet"
        temporary = target.with_name(".tmp-" + target.name)
        schema = pq.read_schema(paths[0])
        with pq.ParquetWriter(temporary, schema, write_page_checksum=True) as writer:
            for path in paths:
                writer.write_table(pq.read_table(path))
        _commit(temporary, target)
        for path in paths:  # a kill here leaves duplicates, which readers drop
            path.unlink()

    def _next_number(self) -> int:
        parts = self.parts()
        return int(PART.match(parts[-1].name).group(1)) + 1 if parts else 0  # type: ignore[union-attr]


def new_manifest(experiment: Experiment, samples: pd.DataFrame) -> dict[str, Any]:
    """The manifest of a store just started (or rebuilt) for `experiment` and its design matrix."""
    return {
        "experiment": {"name": experiment.name, "file": experiment.path, "sha256": experiment.sha256},
        "experiment_text": experiment.text,
        "seed": experiment.seed,
        "sampler": experiment.sampler,
        "points": len(samples),
        "replicates": experiment.replicates,
        "runs_total": len(samples) * experiment.replicates,
        "outcomes": list(experiment.outcomes),
        "versions": versions(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "started": now(),
        "status": "running",
        "sessions": [],
    }


def _check_part(
    path: Path, expected: pa.Schema | None, points: int | None, replicates: int | None
) -> tuple[str | None, frozenset[tuple[int, int]], frozenset[tuple[int, int]]]:
    """(why the part cannot be used or None, the (point, replicate) keys it holds, those of its failed runs)."""
    none: frozenset[tuple[int, int]] = frozenset()
    try:
        table = pq.read_table(path, page_checksum_verification=True)  # a flipped bit is damage, not data
    except (OSError, ValueError, pa.ArrowException) as error:
        return _unreadable(path, error), _keys_if_readable(path), none
    names = run_schema(()).names
    if expected is not None and not table.schema.equals(expected):
        return "its columns are not those of this store's runs", _keys_of(table), none
    if expected is None and table.schema.names[: len(names)] != names:
        return "its columns are not those of a runs part", frozenset(), none
    if table.column("point").null_count or table.column("replicate").null_count:
        return "a run without a point or replicate number", none, none
    point, replicate = table.column("point").to_pylist(), table.column("replicate").to_pylist()
    if points is not None and point and not (min(point) >= 0 and max(point) < points):
        return f"holds runs of points outside 0..{points - 1}", none, none
    if replicates is not None and replicate and not (min(replicate) >= 0 and max(replicate) < replicates):
        return f"holds replicates outside 0..{replicates - 1}", none, none
    keys = list(zip(point, replicate, strict=True))
    status = table.column("status").to_pylist()
    if any(s not in ("ok", "failed") for s in status):
        return "a run whose status is neither ok nor failed", frozenset(keys), none
    failed = frozenset(key for key, s in zip(keys, status, strict=True) if s == "failed")
    return None, frozenset(keys), failed


def _keys_of(table: pa.Table) -> frozenset[tuple[int, int]]:
    try:
        return frozenset(zip(table.column("point").to_pylist(), table.column("replicate").to_pylist(), strict=True))
    except (KeyError, ValueError, pa.ArrowException):
        return frozenset()


def _keys_if_readable(path: Path) -> frozenset[tuple[int, int]]:
    """The (point, replicate) keys of a damaged part, if those two columns can still be read."""
    try:
        return _keys_of(pq.read_table(path, columns=["point", "replicate"]))
    except (OSError, ValueError, KeyError, pa.ArrowException):
        return frozenset()


def _same_design(stored: pd.DataFrame, samples: pd.DataFrame) -> bool:
    """Whether a stored design matrix is the one the experiment draws (the sampled numbers, column by column)."""
    columns = [c for c in samples.columns if c.startswith("x:")]
    if len(stored) != len(samples) or any(c not in stored.columns for c in columns):
        return False
    return np.array_equal(stored[columns].to_numpy(dtype=float), samples[columns].to_numpy(dtype=float))


def _set_aside(path: Path, quarantine: Path) -> Path | None:
    """Move a damaged file into quarantine/ (never delete it), under a name not yet taken."""
    if not path.exists():
        return None
    if quarantine.exists() and not quarantine.is_dir():
        raise StoreError(f"{quarantine}: a file where damaged files are to be set aside; move it elsewhere")
    quarantine.mkdir(exist_ok=True)
    target = quarantine / path.name
    number = 1
    while target.exists():
        target = quarantine / f"{path.name}.{number}"
        number += 1
    os.replace(path, target)
    return target


def _unreadable(path: Path, error: BaseException) -> str:
    """Why a Parquet file cannot be read, in a user's words (pyarrow's message repeats the path)."""
    try:
        size = path.stat().st_size
    except OSError as problem:
        return f"cannot be read ({problem.strerror or problem})"
    if size == 0:
        return "empty (0 bytes)"
    text = _first_line(error)
    if "magic bytes" in text:
        return f"truncated or not Parquet ({size} bytes, no Parquet footer)"
    return f"not a readable Parquet file ({text.replace(str(path), '').strip(': ')})"


def _runs(count: int) -> str:
    return f"{count} run{'' if count == 1 else 's'}"


def _relative(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def versions() -> dict[str, str]:
    """Installed versions of the packages a result depends on."""
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def now() -> str:
    """The current UTC time, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def table_from_columns(columns: Mapping[str, Any], schema: pa.Schema) -> pa.Table:
    """A runs table from column arrays, in the store's schema."""
    return pa.Table.from_pydict({name: columns[name] for name in schema.names}, schema=schema)


def _atomic_parquet(table: pa.Table, path: Path) -> None:
    temporary = path.with_name(".tmp-" + path.name)
    pq.write_table(table, temporary, write_page_checksum=True)  # lets inspect() notice a flipped bit
    _commit(temporary, path)


def _atomic_bytes(data: bytes, path: Path) -> None:
    temporary = path.with_name(".tmp-" + path.name)
    temporary.write_bytes(data)
    _commit(temporary, path)


def _commit(temporary: Path, path: Path) -> None:
    """Flush a finished temporary file to disk and rename it into place."""
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
