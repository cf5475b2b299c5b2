"""The results store: a folder that a sweep fills durably, run by run, and can resume.

Layout (DESIGN.md decision 6):
    manifest.json        the experiment's text and sha256, versions, seed, times, counts
    samples.parquet      the design matrix, one row per point
    runs/part-*.parquet  one row per finished run: point, replicate, seed, status, error,
                         duration_s and every outcome

Every file is written to a hidden temporary name, flushed to disk and renamed into
place, so no partially written file is ever visible: a SIGKILL loses at most the runs
that were in flight. Readers drop repeated (point, replicate) rows, which can only
appear if a compaction was killed between writing its file and removing its sources.
"""

from __future__ import annotations

import json
import os
import platform
import re
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from hsbp.experiments.spec import Experiment, differences, parse_experiment

MANIFEST = "manifest.json"
SAMPLES = "samples.parquet"
RUNS = "runs"
PART = re.compile(r"^part-(\d{6,})\.parquet$")
COMPACT_ROWS = 50_000  # rows per file after compaction
SMALL_PART = 2_000  # parts below this many rows are merged at the end
PACKAGES = ("hsbp", "mesa", "numpy", "scipy", "pandas", "pyarrow", "SALib", "dask", "distributed")


class StoreError(ValueError):
    """A results folder that cannot be used as asked; the message names the folder."""


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
        self.write_manifest(
            {
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
        )

    def reopen(self, experiment: Experiment) -> None:
        """Open an existing store to resume it; the experiment must be the one it was started with."""
        if not (self.root / MANIFEST).is_file():
            raise StoreError(f"{self.root}: no {MANIFEST} here, so there is no sweep to resume")
        manifest = self.manifest()
        if manifest["experiment"]["sha256"] != experiment.sha256:
            stored = parse_experiment(manifest["experiment_text"], f"{self.root}/{MANIFEST}")
            changed = "; ".join(differences(stored, experiment))
            raise StoreError(
                f"{self.root}: the experiment file changed since this sweep started ({changed}); "
                "restore it or sweep into a new --out"
            )
        for leftover in self.root.rglob(".tmp-*"):
            leftover.unlink()
        self.runs_dir.mkdir(exist_ok=True)

    # ------------------------------------------------------------------ manifest
    def manifest(self) -> dict[str, Any]:
        """The manifest as stored."""
        try:
            return json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise StoreError(f"{self.root}: no {MANIFEST}; not a results folder") from None

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
        with pq.ParquetWriter(temporary, schema) as writer:
            for path in paths:
                writer.write_table(pq.read_table(path))
        _commit(temporary, target)
        for path in paths:  # a kill here leaves duplicates, which readers drop
            path.unlink()

    def _next_number(self) -> int:
        parts = self.parts()
        return int(PART.match(parts[-1].name).group(1)) + 1 if parts else 0  # type: ignore[union-attr]


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
    pq.write_table(table, temporary)
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
