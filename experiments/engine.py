"""The sweep engine: experiment → design matrix → chunks of runs on an executor → results store.

Every run's seed is fixed by (experiment seed, point, replicate) before anything runs,
so results are identical whatever the executor, the number of workers, the chunking,
the order chunks finish in or a resume (docs/DESIGN.md decisions 4, 6, 7).

Failures: a run that raises, or returns a missing or non-finite outcome, is stored as
failed by its worker. A chunk whose worker dies (SIGKILL, `os._exit`, a Dask
KilledWorker) is retried run by run, one at a time, with nothing else in flight, so the
run that kills its worker is known for certain; it is stored as failed when it dies again.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections import deque
from collections.abc import Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from hsbp.experiments.executors import ExecutorHandle, make_executor
from hsbp.experiments.sampling import DESIGN, sample, unit_matrix
from hsbp.experiments.spec import Experiment
from hsbp.experiments.store import ResultsStore, now, run_schema, table_from_columns
from hsbp.experiments.worker import FAILED, Entry, evaluate_chunk, failed_columns

TARGET_CHUNK_SECONDS = 0.5  # model time per chunk: long enough to hide the engine's cost
MAX_CHUNK = 2_000  # runs per chunk, and so rows per part file
CHUNKS_PER_WORKER = 2  # chunks in flight per worker: keeps workers busy, memory bounded
COMPACT_EVERY = 256  # merge small part files after this many new ones (slow models write small parts)


@dataclass(frozen=True)
class SweepSummary:
    """What a sweep did and what its store now holds."""

    out: Path
    runs_total: int
    already_stored: int
    ran: int
    ok: int
    failed: int

    @property
    def line(self) -> str:
        """The final line printed by `hsbp sweep`."""
        return (
            f"{self.out}: {self.ok + self.failed} of {self.runs_total} runs stored "
            f"({self.ran} this session), {self.ok} ok, {self.failed} failed"
        )


class SweepInterrupted(RuntimeError):
    """The user stopped the sweep; what finished is stored and `--resume` continues it."""


def point_params(experiment: Experiment, samples: pd.DataFrame) -> list[dict[str, Any]]:
    """The parameters of every point: fixed values, then the design's levers, then the factors."""
    x = unit_matrix(samples, experiment)
    designs = samples[DESIGN].tolist() if DESIGN in samples else [None] * len(samples)
    params = []
    for row, design in zip(x, designs, strict=True):
        values = dict(experiment.fixed)
        if design is not None:
            values.update(experiment.designs[design])
        values.update({f.name: f.decode(v) for f, v in zip(experiment.factors, row, strict=True)})
        params.append(values)
    return params


def seed_keys(experiment: Experiment, samples: pd.DataFrame) -> np.ndarray:
    """The key each point's seeds derive from: the point, or for designs the context.

    Designs share seeds context by context (common random numbers): every design meets
    the same contexts and the same chance events, so differences between designs are
    the designs' own, not noise.
    """
    column = "context" if experiment.sampler == "designs" else "point"
    return samples[column].to_numpy(dtype=np.int64)


def sweep(
    experiment: Experiment,
    out: str | Path,
    *,
    executor: str = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    quiet: bool = False,
    handle: ExecutorHandle | None = None,
) -> SweepSummary:
    """Run (or resume) an experiment into the results folder `out`.

    With `handle`, runs go to that executor, which stays open for the caller's next sweep
    (the study runs its three sweeps on one pool); otherwise one is made and closed here.
    """
    store = ResultsStore(out)
    samples = sample(experiment)
    keys = seed_keys(experiment, samples)
    owned = handle is None  # a handle the caller passes stays open for its next sweep
    handle = handle or make_executor(executor, experiment.model, workers, scheduler)  # a bad scheduler: no store
    try:
        if resume:
            store.reopen(experiment, samples, keys)  # damaged files are set aside here, with a warning each
        else:
            store.create(experiment, samples)
        done = store.done() if resume else set()
    except BaseException:
        if owned:
            handle.close()
        raise
    params = point_params(experiment, samples)
    total = len(samples) * experiment.replicates
    todo = (
        (point, replicate, int(keys[point]), params[point])
        for point in range(len(samples))
        for replicate in range(experiment.replicates)
        if (point, replicate) not in done
    )
    started = now()
    bar = tqdm(
        total=total,
        initial=len(done),
        unit="run",
        desc=experiment.name,
        disable=quiet or not sys.stderr.isatty(),
        dynamic_ncols=True,
    )
    runner = _Runner(experiment, store, handle, bar, total - len(done))
    try:
        runner.run(todo)
    except KeyboardInterrupt:
        store.update_manifest(status="interrupted")
        stopped = f"{out}: interrupted; {runner.ran} runs stored this session; --resume continues"
        raise SweepInterrupted(stopped) from None
    finally:
        bar.close()
        if owned:
            handle.close()
    store.compact()
    stored = store.runs(["status"])
    failed = int((stored["status"] == FAILED).sum())
    manifest = store.manifest()
    session = {"started": started, "ended": now(), "ran": runner.ran}
    session |= {"executor": handle.name, "workers": handle.workers}
    store.update_manifest(
        status="complete" if len(stored) == total else "incomplete",
        ended=session["ended"],
        runs_stored=len(stored),
        runs_ok=len(stored) - failed,
        runs_failed=failed,
        sessions=[*manifest.get("sessions", []), session],
    )
    return SweepSummary(Path(out), total, len(done), runner.ran, len(stored) - failed, failed)


class _Runner:
    """Keeps the executor busy with chunks and stores each chunk's runs as it finishes."""

    def __init__(self, experiment: Experiment, store: ResultsStore, handle: ExecutorHandle, bar: tqdm, todo: int):
        self.experiment = experiment
        self.store = store
        self.handle = handle
        self.bar = bar
        self.schema = run_schema(experiment.outcomes)
        self.remaining = todo
        self.ran = 0
        self.failed = 0
        self.per_run: float | None = None  # seconds of model time per run, once measured
        self.in_flight: dict[Future, tuple[list[Entry], bool, int]] = {}
        self.suspects: deque[Entry] = deque()
        self.generation = 0
        self.new_parts = 0

    def run(self, todo: Iterator[Entry]) -> None:
        window = CHUNKS_PER_WORKER * self.handle.workers
        while True:
            while not self.suspects and len(self.in_flight) < window:
                chunk = list(itertools.islice(todo, self._chunk_size()))
                if not chunk:
                    break
                self._submit(chunk, isolated=False)
            if self.suspects and not self.in_flight:
                self._submit([self.suspects.popleft()], isolated=True)
            if not self.in_flight:
                return
            finished, _ = wait(list(self.in_flight), return_when=FIRST_COMPLETED)
            for future in finished:
                self._collect(future)

    def _chunk_size(self) -> int:
        """Chunks of about TARGET_CHUNK_SECONDS of model time, small enough to share the work out."""
        workers = self.handle.workers
        if self.per_run is None:
            return 1 if self.remaining > workers else max(1, self.remaining)
        by_time = TARGET_CHUNK_SECONDS / max(self.per_run, 1e-7)
        by_share = math.ceil(self.remaining / (CHUNKS_PER_WORKER * workers))
        return int(max(1, min(by_time, by_share, MAX_CHUNK)))

    def _submit(self, chunk: list[Entry], isolated: bool) -> None:
        experiment = self.experiment
        task = (evaluate_chunk, experiment.model, experiment.outcomes, experiment.seed, chunk)
        try:
            future = self.handle.get().submit(*task)
        except BrokenExecutor:  # a worker died since the last wait; its futures fail later, as suspects
            self._rebuild()
            future = self.handle.get().submit(*task)
        self.in_flight[future] = (chunk, isolated, self.generation)
        self.remaining -= len(chunk)

    def _rebuild(self) -> None:
        """Replace a broken executor; futures of the old one are then of an older generation."""
        self.handle.rebuild()
        self.generation += 1

    def _collect(self, future: Future) -> None:
        chunk, isolated, generation = self.in_flight.pop(future)
        try:
            columns = future.result()
        except Exception as error:  # the worker died or the executor broke: not the run's own failure
            self._lost(chunk, isolated, generation, error)
            return
        self._store(columns, len(chunk))
        durations = [d for d in columns["duration_s"] if d == d]
        if durations:
            mean = sum(durations) / len(durations)
            self.per_run = mean if self.per_run is None else 0.5 * (self.per_run + mean)

    def _lost(self, chunk: list[Entry], isolated: bool, generation: int, error: BaseException) -> None:
        if isinstance(error, BrokenExecutor) and generation == self.generation:
            self._rebuild()
        if isolated:  # it ran alone, so it killed its worker; this was its retry
            reason = f"the worker process died twice while running it ({type(error).__name__}: {error})"
            self._store(failed_columns(self.experiment.outcomes, self.experiment.seed, chunk[0], reason), 1)
        else:
            self.suspects.extend(chunk)
            self.remaining += len(chunk)

    def _store(self, columns: Mapping[str, list], count: int) -> None:
        self.store.write_part(table_from_columns(columns, self.schema))
        self.new_parts += 1
        if self.new_parts >= COMPACT_EVERY:
            self.store.compact()
            self.new_parts = 0
        failed = sum(1 for s in columns["status"] if s == FAILED)
        self.ran += count
        self.failed += failed
        self.bar.update(count)
        if failed:
            self.bar.set_postfix(failed=self.failed, refresh=False)
