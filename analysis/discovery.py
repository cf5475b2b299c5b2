"""Scenario discovery: in which contexts does a design fail? PRIM boxes and CART trees.

Both read one design of a `designs` sweep: its contexts (the context factor values,
one row per context) and a failure flag per context that the caller builds, for
example from satisficing thresholds, so this module decides nothing about what
failing means. `context_failures` turns per-run flags into per-context ones.

PRIM: Friedman & Fisher 1999, as adapted for scenario discovery by Bryant & Lempert
2010 [S], run with the EMA Workbench's implementation (Kwakkel 2017) [S]. The EMA
Workbench is the `discovery` extra (`pip install 'hsbp[discovery]'`); without it
`prim_boxes` raises `PrimUnavailable` and the analysis reports CART alone.
CART: Breiman et al. 1984 [S], with scikit-learn's `DecisionTreeClassifier` (core).
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.tree import DecisionTreeClassifier, export_text

from hsbp.analysis.results import AnalysisError, Results
from hsbp.experiments.sampling import CONTEXT, DESIGN
from hsbp.experiments.worker import OK

FAILS_AT = 0.5  # a context fails when at least this share of its successful replicates fail [A]
NEVER, ALWAYS, BOX, NO_BOX = "never fails", "always fails", "box", "no box meets the threshold"
Failures = pd.Series | np.ndarray
Split = tuple[str, str, float]  # feature, "<=" or ">", threshold
PRIM_NEEDS_EXTRA = "Scenario discovery by PRIM boxes needs the discovery extra: pip install 'hsbp[discovery]'"


class PrimUnavailable(ImportError):
    """PRIM cannot run: the EMA Workbench (the `discovery` extra) is not installed. CART still can."""


@dataclass(frozen=True)
class PrimResult:
    """One PRIM box for one design, with the peeling trajectory it was chosen from.

    `verdict` is "box" (a box with density ≥ threshold), "no box meets the threshold"
    (the best coverage × density box instead), "never fails" or "always fails" (no
    box is searched: `box` is None and the statistics are NaN, resp. the full box).
    `box` has columns factor, low, high, restricted, levels (kept levels of a
    categorical factor, else None); unrestricted limits are the data's range.
    `trajectory` has columns coverage, density, mass, restricted_dimensions, one row
    per box PRIM visited (peeling, then pasting); `chosen` is the row of `box`.
    """

    design: str
    verdict: str
    contexts: int
    failures: int
    threshold: float
    box: pd.DataFrame | None
    coverage: float
    density: float
    mass: float
    trajectory: pd.DataFrame
    chosen: int | None

    @property
    def summary(self) -> str:
        """One sentence for a report."""
        head = f"{self.design}: {self.failures} of {self.contexts} contexts fail"
        if self.verdict in (NEVER, ALWAYS):
            return f"{head}; the design {self.verdict}."
        assert self.box is not None
        limits = " and ".join(_describe_limit(row) for row in self.box[self.box["restricted"]].itertuples())
        return (
            f"{head}; {'failures concentrate where' if self.verdict == BOX else 'no box is dense enough; best:'} "
            f"{limits or 'no factor is restricted'} (coverage {self.coverage:.2f}, density {self.density:.2f}, "
            f"mass {self.mass:.2f})."
        )


@dataclass(frozen=True)
class CartResult:
    """A classification tree of failure over the context factors of one design.

    `rules` is `sklearn.tree.export_text` with the factor names; `leaves` has columns
    rule, contexts, failure_share (the leaf's density), coverage (its share of all
    failures), predicted (True: the leaf predicts failure), most failing leaf first.
    `first_split` is (factor, threshold) of the root, or None for a single leaf.
    """

    design: str
    verdict: str
    contexts: int
    failures: int
    rules: str
    leaves: pd.DataFrame
    first_split: tuple[str, float] | None
    model: DecisionTreeClassifier | None

    @property
    def summary(self) -> str:
        """One sentence for a report: the leaf with the largest share of failing contexts."""
        head = f"{self.design}: {self.failures} of {self.contexts} contexts fail"
        if self.verdict in (NEVER, ALWAYS):
            return f"{head}; the design {self.verdict}."
        leaf = self.leaves.iloc[0]
        return (
            f"{head}; the tree's most failing leaf is {leaf['rule']} ({leaf['failure_share']:.0%} of its "
            f"{leaf['contexts']} contexts fail, {leaf['coverage']:.0%} of all failures)."
        )


def design_contexts(results: Results, design: str) -> pd.DataFrame:
    """The design's contexts in context order: `context`, `point`, and one column per context factor."""
    experiment = results.experiment
    if experiment.sampler != "designs":
        raise AnalysisError(
            f"{results.root}: scenario discovery needs a sweep with sampler = designs, not {experiment.sampler}"
        )
    if design not in experiment.designs:
        raise AnalysisError(f"{results.root}: no design {design!r}; allowed: {', '.join(experiment.designs)}")
    names = [f.name for f in experiment.factors]
    rows = results.samples[results.samples[DESIGN] == design]
    return rows[[CONTEXT, "point", *names]].sort_values(CONTEXT).reset_index(drop=True)


def context_failures(results: Results, design: str, run_failed: Failures) -> pd.Series:
    """Per-context failure from per-run flags: a context fails when ≥ FAILS_AT of its successful replicates fail.

    `run_failed` is aligned with `results.runs` (a Series by index, an array by position);
    runs that did not succeed are ignored, and contexts with no successful run are left out.
    """
    runs = results.runs
    flags = _aligned(run_failed, runs.index, "run_failed", f"{len(runs)} runs")
    contexts = design_contexts(results, design)
    mine = runs["point"].isin(contexts["point"]) & (runs["status"] == OK)
    share = flags[mine].astype(float).groupby(runs.loc[mine, "point"]).mean()
    by_context = share.reindex(contexts["point"].to_numpy())
    by_context.index = pd.Index(contexts[CONTEXT].to_numpy(), name=CONTEXT)
    return (by_context.dropna() >= FAILS_AT).rename("failed")


def prim_boxes(results: Results, design: str, failed: Failures, threshold: float = 0.8) -> PrimResult:
    """The PRIM box of contexts where `design` fails (the EMA Workbench's `Prim`, default settings).

    `failed` holds one flag per context of the design: a Series indexed by `context`
    (as `context_failures` returns; contexts it lacks are left out) or anything else in
    context order. The chosen box is the last on the trajectory with density ≥ `threshold`
    (the EMA Workbench's default pick, where peeling and pasting ended, when dense enough); if none
    reaches it, the box with the best coverage × density, and the verdict says so.

    Raises:
        PrimUnavailable: a box is to be searched and the EMA Workbench is not installed.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold = {threshold} is out of range; allowed a density in (0, 1]")
    x, y = _discovery_data(results, design, failed)
    failures = int(y.sum())
    if failures == 0:
        empty = pd.DataFrame(columns=["coverage", "density", "mass", "restricted_dimensions"])
        return PrimResult(design, NEVER, len(y), 0, threshold, None, *(math.nan,) * 3, empty, None)
    with _quiet_ema():
        try:
            from ema_workbench.analysis.prim import Prim  # slow import (~5 s): only when asked
        except ImportError as error:
            raise PrimUnavailable(PRIM_NEEDS_EXTRA) from error

        prim = Prim(x, y.astype(int))
        found = prim.find_box() if failures < len(y) else None
    if found is None:  # every context fails: the whole space is the box
        full = pd.DataFrame({"coverage": [1.0], "density": [1.0], "mass": [1.0], "restricted_dimensions": [0]})
        box = _box_table(prim.box_init, prim.box_init)
        return PrimResult(design, ALWAYS, len(y), failures, threshold, box, 1.0, 1.0, 1.0, full, 0)
    trajectory = pd.DataFrame(
        {
            "coverage": found.peeling_trajectory["coverage"].astype(float),
            "density": found.peeling_trajectory["density"].astype(float),
            "mass": found.peeling_trajectory["mass"].astype(float),
            "restricted_dimensions": found.peeling_trajectory["res_dim"].astype(int),
        }
    )
    chosen, verdict = _choose(trajectory, threshold)
    row = trajectory.iloc[chosen]
    box = _box_table(found.box_lims[chosen], prim.box_init)
    return PrimResult(
        design, verdict, len(y), failures, threshold, box, row.coverage, row.density, row.mass, trajectory, chosen
    )


def cart_tree(
    results: Results, design: str, failed: Failures, max_depth: int = 3, min_leaf_share: float = 0.05
) -> CartResult:
    """A CART tree (`DecisionTreeClassifier(random_state=0)`) of failure over the design's context factors.

    `failed` as for `prim_boxes`. Leaves hold at least `min_leaf_share` of the contexts;
    categorical factors enter as one indicator per level ("name=level").
    """
    if not 0 < min_leaf_share < 0.5:
        raise ValueError(f"min_leaf_share = {min_leaf_share} is out of range; allowed a share in (0, 0.5)")
    x, y = _discovery_data(results, design, failed)
    failures = int(y.sum())
    if failures in (0, len(y)):
        verdict = NEVER if failures == 0 else ALWAYS
        leaf = {"rule": "all contexts", "contexts": len(y), "failure_share": failures / len(y)}
        leaf |= {"coverage": 1.0 if failures else math.nan, "predicted": bool(failures)}
        text = f"{design} {verdict} in all {len(y)} contexts\n"
        return CartResult(design, verdict, len(y), failures, text, pd.DataFrame([leaf]), None, None)
    features = pd.get_dummies(x, prefix_sep="=", dtype=float)
    names = [str(c) for c in features.columns]
    tree = DecisionTreeClassifier(
        max_depth=max_depth, min_samples_leaf=max(1, math.ceil(min_leaf_share * len(y))), random_state=0
    )
    tree.fit(features.to_numpy(dtype=float), y)
    nominal = set(names) - set(x.columns)
    inner = tree.tree_
    first = (names[inner.feature[0]], float(inner.threshold[0])) if inner.node_count > 1 else None
    return CartResult(
        design,
        "tree",
        len(y),
        failures,
        export_text(tree, feature_names=names),
        _leaf_table(tree, names, nominal, failures),
        first,
        tree,
    )


# ---------------------------------------------------------------------------- helpers
def _discovery_data(results: Results, design: str, failed: Failures) -> tuple[pd.DataFrame, np.ndarray]:
    """The context factor values (x) and the failure flags (y) of the design's contexts."""
    contexts = design_contexts(results, design)
    if isinstance(failed, pd.Series) and failed.index.name == CONTEXT:
        flags = failed.dropna()
        unknown = flags.index.difference(contexts[CONTEXT])
        if len(unknown):
            raise AnalysisError(f"{results.root}: failed names context {unknown[0]}, which design {design} lacks")
        contexts = contexts[contexts[CONTEXT].isin(flags.index)]
        y = flags.reindex(contexts[CONTEXT].to_numpy()).to_numpy()
    else:
        y = _aligned(failed, pd.RangeIndex(len(contexts)), "failed", f"{len(contexts)} contexts of {design}")
        y = y.to_numpy()
    if not len(y):
        raise AnalysisError(f"{results.root}: design {design} has no context with a failure flag")
    names = [f.name for f in results.experiment.factors]
    return contexts[names].reset_index(drop=True), y.astype(bool)


def _aligned(flags: Failures, index: pd.Index, what: str, expected: str) -> pd.Series:
    """Boolean flags as a Series on `index`: a Series by its index, anything else by position."""
    if isinstance(flags, pd.Series):
        if len(index.difference(flags.index)):
            raise ValueError(f"{what} is not aligned: its index does not cover the {expected}")
        flags = flags.reindex(index)
    else:
        flags = np.asarray(flags)
        if flags.ndim != 1 or len(flags) != len(index):
            raise ValueError(f"{what} has shape {flags.shape}; allowed one flag for each of the {expected}")
        flags = pd.Series(flags, index=index)
    if flags.isna().any():
        raise ValueError(f"{what} has missing flags; allowed True or False for each of the {expected}")
    return flags.astype(bool)


def _choose(trajectory: pd.DataFrame, threshold: float) -> tuple[int, str]:
    """The row of the box to report: the last one dense enough, else the best coverage × density."""
    dense = trajectory.index[trajectory["density"] >= threshold]
    if len(dense):
        return int(dense[-1]), BOX
    return int((trajectory["coverage"] * trajectory["density"]).idxmax()), NO_BOX


def _box_table(limits: pd.DataFrame, initial: pd.DataFrame) -> pd.DataFrame:
    """A box as rows of factor, low, high, restricted, levels (EMA keeps limits as a 2-row frame)."""
    rows = []
    for factor in limits.columns:
        low, high = limits.loc[0, factor], limits.loc[1, factor]
        if isinstance(low, set):  # a categorical factor: the kept levels
            kept = tuple(sorted(low, key=str))
            rows.append((factor, math.nan, math.nan, len(low) < len(initial.loc[0, factor]), kept))
        else:
            restricted = low > initial.loc[0, factor] or high < initial.loc[1, factor]
            rows.append((factor, float(low), float(high), bool(restricted), None))
    return pd.DataFrame(rows, columns=["factor", "low", "high", "restricted", "levels"])


def _describe_limit(row: Any) -> str:
    if row.levels is not None:
        return f"{row.factor} in {{{', '.join(map(str, row.levels))}}}"
    return f"{row.low:.2f} ≤ {row.factor} ≤ {row.high:.2f}"


def _leaf_table(tree: DecisionTreeClassifier, names: list[str], nominal: set[str], failures: int) -> pd.DataFrame:
    """Every leaf's rule (the conjunction of the splits on its path) and its share of failing contexts."""
    inner = tree.tree_
    failing = list(tree.classes_).index(True)
    rows = []

    def walk(node: int, conditions: list[Split]) -> None:
        if inner.children_left[node] == -1:
            contexts = int(inner.n_node_samples[node])
            counts = inner.value[node][0]  # class fractions (scikit-learn ≥ 1.4) or counts (older)
            share = float(counts[failing] / counts.sum())
            rows.append(
                {
                    "rule": _rule(conditions, nominal),
                    "contexts": contexts,
                    "failure_share": share,
                    "coverage": share * contexts / failures,
                    "predicted": bool(tree.classes_[int(np.argmax(inner.value[node][0]))]),
                }
            )
            return
        name, cut = names[inner.feature[node]], float(inner.threshold[node])
        walk(inner.children_left[node], [*conditions, (name, "<=", cut)])
        walk(inner.children_right[node], [*conditions, (name, ">", cut)])

    walk(0, [])
    table = pd.DataFrame(rows)
    return table.sort_values(["failure_share", "contexts"], ascending=False, kind="stable").reset_index(drop=True)


def _rule(conditions: list[Split], nominal: set[str]) -> str:
    """A leaf's path as a conjunction, one clause per feature (its tightest bounds), in order of first split."""
    above: dict[str, float] = {}
    below: dict[str, float] = {}
    for name, side, cut in conditions:
        if side == ">":
            above[name] = max(cut, above.get(name, -math.inf))
        else:
            below[name] = min(cut, below.get(name, math.inf))
    clauses = []
    for name in dict.fromkeys(name for name, _, _ in conditions):
        if name in nominal:  # a level indicator (0/1): the split reads as (in)equality with the level
            factor, _, level = name.partition("=")
            clauses.append(f"{factor} {'==' if name in above else '!='} {level}")
        elif name in above and name in below:
            clauses.append(f"{above[name]:.3g} < {name} <= {below[name]:.3g}")
        elif name in above:
            clauses.append(f"{name} > {above[name]:.3g}")
        else:
            clauses.append(f"{name} <= {below[name]:.3g}")
    return " and ".join(clauses) or "all contexts"


@contextmanager
def _quiet_ema() -> Iterator[None]:
    """Silence the EMA Workbench's import warnings (ipyparallel, altair) and its INFO logging, then restore."""
    logger = logging.getLogger("EMA")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*ipyparallel")
            warnings.filterwarnings("ignore", message=".*altair")
            warnings.simplefilter("ignore", DeprecationWarning)  # pandas deprecations inside EMA's code
            warnings.simplefilter("ignore", FutureWarning)
            yield
    finally:
        logger.setLevel(level)
