"""The results store: atomic parts, compaction, and readers that never see a row twice."""

from __future__ import annotations

import shutil

import pandas as pd
import pyarrow as pa
import pytest

from hsbp.experiments.store import ResultsStore, run_schema, table_from_columns


def part(points: range) -> pa.Table:
    n = len(points)
    columns = {
        "point": list(points),
        "replicate": [0] * n,
        "seed": [p * 7 for p in points],
        "status": ["ok"] * n,
        "error": [""] * n,
        "duration_s": [0.001] * n,
        "y": [float(p) for p in points],
    }
    return table_from_columns(columns, run_schema(("y",)))


@pytest.mark.slow
def test_parts_are_compacted_without_losing_or_doubling_rows(tmp_path) -> None:
    store = ResultsStore(tmp_path)
    store.runs_dir.mkdir(parents=True)
    for start in range(0, 3000, 10):
        store.write_part(part(range(start, start + 10)))
    assert len(store.parts()) == 300
    before = store.runs()
    store.compact()
    assert len(store.parts()) == 1
    after = store.runs()
    pd.testing.assert_frame_equal(before, after)
    assert after["point"].tolist() == list(range(3000))
    assert not list(tmp_path.rglob(".tmp-*"))


def test_a_compaction_killed_before_removing_its_sources_leaves_no_duplicates(tmp_path) -> None:
    store = ResultsStore(tmp_path)
    store.runs_dir.mkdir(parents=True)
    for start in range(0, 100, 10):
        store.write_part(part(range(start, start + 10)))
    saved = tmp_path / "saved"
    shutil.copytree(store.runs_dir, saved)
    store.compact()  # merged file written, sources removed ...
    for source in saved.iterdir():  # ... now put the sources back, as if killed before removing them
        shutil.copy(source, store.runs_dir / source.name)
    runs = store.runs()
    assert len(runs) == 100 and not runs.duplicated(["point", "replicate"]).any()
    assert store.done() == {(p, 0) for p in range(100)}
