"""Where runs execute: a local process pool by default, or a Dask cluster (docs/DESIGN.md decision 7).

Both are plain `concurrent.futures.Executor`s; the engine only submits chunks and
waits on futures, so any other executor works the same way.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from hsbp.experiments.worker import warm_up
from hsbp.userinput import UserInputError

EXECUTORS = ("processes", "dask")


class ExecutorError(UserInputError):
    """The executor asked for cannot be had (Dask not installed, a scheduler that cannot be reached)."""


def available_cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class ExecutorHandle:
    """An executor plus how to rebuild it (a process pool breaks when a worker dies) and close it."""

    factory: Callable[[], Executor]
    workers: int
    name: str
    closers: list[Callable[[], Any]] = field(default_factory=list)
    executor: Executor | None = None

    def get(self) -> Executor:
        """The live executor, created on first use."""
        if self.executor is None:
            self.executor = self.factory()
        return self.executor

    def rebuild(self) -> Executor:
        """Throw away a broken executor and start a fresh one."""
        if self.executor is not None:
            _shutdown(self.executor, wait=False)
        self.executor = None
        return self.get()

    def close(self) -> None:
        """Shut the executor (and a cluster started for it) down."""
        if self.executor is not None:
            _shutdown(self.executor, wait=True)
            self.executor = None
        for closer in reversed(self.closers):
            closer()


def _shutdown(executor: Executor, wait: bool) -> None:
    """Shut an executor down, cancelling what has not started (Dask's executor lacks `cancel_futures`)."""
    try:
        executor.shutdown(wait=wait, cancel_futures=True)
    except TypeError:
        executor.shutdown(wait=wait)


def process_pool(model: str, workers: int) -> ExecutorHandle:
    """A local pool of `workers` processes; each imports the model once when it starts.

    Workers start with "forkserver" (safe with the threads a progress bar or a Dask
    client runs; the default from Python 3.14), chosen per pool, never process-wide.
    """
    context = multiprocessing.get_context("forkserver")

    def factory() -> Executor:
        return ProcessPoolExecutor(workers, mp_context=context, initializer=warm_up, initargs=(model,))

    return ExecutorHandle(factory, workers, "processes")


def dask_cluster(model: str, workers: int, scheduler: str | None) -> ExecutorHandle:
    """A Dask `distributed` executor: the cluster at `scheduler`, or a LocalCluster of `workers` processes.

    Tasks are submitted with `pure=False`: Dask would otherwise merge identical calls.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ExecutorError("--executor dask needs dask.distributed: pip install 'hsbp[distributed]'") from None
    closers: list[Callable[[], Any]] = []
    if scheduler:
        try:
            client = Client(scheduler)
        except (OSError, ValueError, TimeoutError) as error:
            raise ExecutorError(
                f"--scheduler {scheduler}: cannot connect ({error}); allowed the address of a running Dask "
                "scheduler, e.g. tcp://host:8786"
            ) from None
        workers = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
    else:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        closers.append(cluster.close)
        client = Client(cluster)
    closers.insert(0, client.close)
    client.run(warm_up, model)
    return ExecutorHandle(lambda: client.get_executor(pure=False), workers, "dask", closers)


def make_executor(kind: str, model: str, workers: int | None, scheduler: str | None = None) -> ExecutorHandle:
    """The executor a sweep asked for."""
    count = workers or available_cores()
    if kind == "dask":
        return dask_cluster(model, count, scheduler)
    if kind != "processes":
        raise ValueError(f"--executor {kind}: allowed {', '.join(EXECUTORS)}")
    return process_pool(model, count)
