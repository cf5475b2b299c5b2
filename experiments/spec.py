"""Experiment files (`experiments/*.toml`): what varies, how it is sampled, what is recorded.

An experiment is data: it is parsed and checked once, here, and every error names the
file, the key, the value and what is allowed (exit code 2 in the CLI).
"""

from __future__ import annotations

import hashlib
import importlib
import math
import tomllib
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hsbp.userinput import UserInputError, parse_user_toml, read_user_text

SAMPLERS = ("sobol", "morris", "fast", "lhs", "grid", "designs")
CONTEXT_SAMPLERS = ("lhs", "sobol")
DEFAULT_MODEL = "hsbp.sim:run"
TOP_KEYS = {
    "name": "a name for the experiment (also the default results folder)",
    "description": "one line saying what the experiment asks",
    "model": 'the model, an importable "module:function" (default "hsbp.sim:run")',
    "scenario": "the base scenario (HSBP model)",
    "sampler": "one of " + ", ".join(SAMPLERS),
    "samples": "the base sample size N (an integer ≥ 1)",
    "replicates": "runs per point, each with its own seed (an integer ≥ 1)",
    "seed": "the experiment seed (an integer ≥ 0)",
    "outcomes": "the outcomes to record (a list of names)",
    "second_order": "sobol: also sample second-order indices (true or false)",
    "morris_levels": "morris: grid levels (an even integer ≥ 2)",
    "fast_m": "fast: interference factor M (an integer ≥ 1)",
    "grid_points": "grid: values per continuous factor (an integer ≥ 2)",
    "context_sampler": "designs: how contexts are sampled, one of " + ", ".join(CONTEXT_SAMPLERS),
    "factors": "a table of the factors that vary",
    "fixed": "a table of values every run gets",
    "designs": "designs: a table of named designs, each a table of lever values",
}


class ExperimentError(UserInputError):
    """A bad experiment file; the message is one line naming the file, the key and what is allowed."""


@dataclass(frozen=True)
class Factor:
    """One factor that varies: continuous in [low, high], integer in low..high, or categorical levels.

    Samplers draw every factor on SALib's scale: continuous factors on [low, high]
    themselves, integer and categorical factors on [0, 1) mapped to equal-width bins
    (one bin per integer or level), so every sampler handles every kind.
    """

    name: str
    kind: str  # "continuous" | "integer" | "categorical"
    low: float = 0.0
    high: float = 1.0
    levels: tuple[Any, ...] = ()

    @property
    def bounds(self) -> tuple[float, float]:
        """The range SALib samples this factor over."""
        return (self.low, self.high) if self.kind == "continuous" else (0.0, 1.0)

    @property
    def choices(self) -> tuple[Any, ...]:
        """The discrete values of an integer or categorical factor."""
        if self.kind == "integer":
            return tuple(range(int(self.low), int(self.high) + 1))
        return self.levels

    def decode(self, x: float) -> Any:
        """The value passed to the model for a sampled number `x` on SALib's scale."""
        if self.kind == "continuous":  # SALib's scaling can overshoot a bound by one ulp (0.3 + 1.0·0.6)
            return min(max(float(x), self.low), self.high)
        choices = self.choices
        return choices[min(int(x * len(choices)), len(choices) - 1)]

    def grid(self, points: int) -> list[float]:
        """Grid values on SALib's scale: evenly spaced values, or the centre of every bin."""
        if self.kind == "continuous":
            return [self.low + (self.high - self.low) * i / (points - 1) for i in range(points)]
        k = len(self.choices)
        return [(i + 0.5) / k for i in range(k)]


@dataclass(frozen=True)
class Experiment:
    """A validated experiment file."""

    name: str
    path: str
    text: str
    model: str
    sampler: str
    samples: int
    replicates: int
    seed: int
    outcomes: tuple[str, ...]
    factors: tuple[Factor, ...]
    fixed: Mapping[str, Any] = field(default_factory=dict)
    designs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    description: str = ""
    second_order: bool = False
    morris_levels: int = 4
    fast_m: int = 4
    grid_points: int = 5
    context_sampler: str = "lhs"

    @property
    def sha256(self) -> str:
        """Hash of the file's text: a resumed sweep must use the same experiment."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def problem(self) -> dict[str, Any]:
        """The SALib problem over the factors (for designs: the context factors)."""
        return {
            "num_vars": len(self.factors),
            "names": [f.name for f in self.factors],
            "bounds": [list(f.bounds) for f in self.factors],
        }


def load_experiment(path: str | Path) -> Experiment:
    """Read and check an experiment file."""
    where = str(path)
    text = read_user_text(path, "an experiment file (.toml)", ExperimentError, where)
    return parse_experiment(text, where)


def parse_experiment(text: str, where: str = "<experiment>") -> Experiment:
    """Check an experiment's TOML text; `where` names it in error messages."""
    data = parse_user_toml(text, ExperimentError, where)
    for key in data:
        if key not in TOP_KEYS:
            raise ExperimentError(f"{where}: unknown key {key!r}; allowed: {', '.join(TOP_KEYS)}")
    get = _Getter(where, data)
    name = get.string("name", required=True)
    model = current_model_path(where, get.string("model", default=DEFAULT_MODEL))
    function = _import_model(where, model)
    check_input, typed = _model_checker(where, function)
    sampler = get.choice("sampler", SAMPLERS, required=True)
    samples = get.integer("samples", minimum=1, required=sampler != "grid", default=1)
    replicates = get.integer("replicates", minimum=1, default=1)
    seed = get.integer("seed", minimum=0, default=0)
    morris_levels = get.integer("morris_levels", minimum=2, default=4)
    if morris_levels % 2:
        raise ExperimentError(f"{where}: morris_levels = {morris_levels} is odd; allowed an even integer ≥ 2")
    fixed = dict(get.table("fixed"))
    if "scenario" in data:
        fixed["scenario"] = get.string("scenario")
    for key, value in fixed.items():
        fixed[key] = check_input(key, value, f"fixed.{key}")
    factors = tuple(_factor(where, key, spec, check_input, typed) for key, spec in get.table("factors").items())
    if not factors:
        raise ExperimentError(f"{where}: factors is empty; allowed a table [factors] with at least one factor")
    clash = [f.name for f in factors if f.name in fixed]
    if clash:
        raise ExperimentError(f"{where}: factors.{clash[0]} is also fixed; allowed in one of [factors] or [fixed]")
    designs = _designs(
        where, _design_table(where, get, getattr(function, "named_designs", {})), {f.name for f in factors}, check_input
    )
    if sampler == "designs" and not designs:
        raise ExperimentError(f"{where}: sampler = designs needs [designs.NAME] tables of lever values")
    if designs and sampler != "designs":
        raise ExperimentError(f"{where}: designs are only used with sampler = designs, not {sampler}")
    outcomes = _outcomes(where, get, model, getattr(function, "outcome_names", None))
    experiment = Experiment(
        name=name,
        path=where,
        text=text,
        model=model,
        sampler=sampler,
        samples=samples,
        replicates=replicates,
        seed=seed,
        outcomes=outcomes,
        factors=factors,
        fixed=fixed,
        designs=designs,
        description=get.string("description", default=""),
        second_order=get.boolean("second_order", default=False),
        morris_levels=morris_levels,
        fast_m=get.integer("fast_m", minimum=1, default=4),
        grid_points=get.integer("grid_points", minimum=2, default=5),
        context_sampler=get.choice("context_sampler", CONTEXT_SAMPLERS, default="lhs"),
    )
    _check_size(where, experiment)
    return experiment


MAX_POINTS = 10_000_000  # a design matrix this large takes gigabytes before the first run
MAX_RUNS = 1_000_000_000


def planned_points(experiment: Experiment) -> int:
    """How many points the sampler will draw (SALib's formulas), computed without drawing them."""
    n, d = experiment.samples, len(experiment.factors)
    sampler = experiment.sampler
    if sampler == "designs":
        contexts = n * (2 * d + 2 if experiment.second_order else d + 2) if experiment.context_sampler == "sobol" else n
        return contexts * len(experiment.designs)
    if sampler == "sobol":
        return n * (2 * d + 2 if experiment.second_order else d + 2)
    if sampler == "morris":
        return n * (d + 1)
    if sampler == "fast":
        return n * d
    if sampler == "grid":
        return math.prod(_grid_values(f, experiment.grid_points) for f in experiment.factors)
    return n


def _grid_values(factor: Factor, points: int) -> int:
    """Values of one factor on the grid, counted without listing them (an integer range may be huge)."""
    if factor.kind == "continuous":
        return points
    if factor.kind == "integer":
        return int(factor.high) - int(factor.low) + 1
    return len(factor.levels)


def _check_size(where: str, experiment: Experiment) -> None:
    """A typo in samples, replicates or grid_points must not exhaust memory or run for years."""
    points = planned_points(experiment)
    runs = points * experiment.replicates
    if points > MAX_POINTS or runs > MAX_RUNS:
        size = "grid_points" if experiment.sampler == "grid" else "samples"
        raise ExperimentError(
            f"{where}: {size} = {getattr(experiment, size)} and replicates = {experiment.replicates} give "
            f"{points:,} points and {runs:,} runs; allowed at most {MAX_POINTS:,} points and {MAX_RUNS:,} runs"
        )


LEGACY_PACKAGES = ("sim", "experiments", "analysis")  # top-level names before everything became hsbp.*


class LegacyModelPath(UserWarning):
    """An experiment names its model by a top-level package that is now a subpackage of hsbp."""


def current_model_path(where: str, path: str) -> str:
    """`path` with an old top-level package name (`sim:run`) renamed (`hsbp.sim:run`), saying so once.

    Experiment files written before the package became `hsbp` keep working; the warning tells the
    user what to write instead, so the file can be updated.
    """
    module, colon, _ = path.partition(":")
    if not colon or module.partition(".")[0] not in LEGACY_PACKAGES:
        return path  # not an old name (a path without ":" is reported as malformed by load_model)
    renamed = f"hsbp.{path}"
    warnings.warn(
        f'{where}: model = "{path}" is the old name; read as "{renamed}" (write that instead)',
        LegacyModelPath,
        stacklevel=2,
    )
    return renamed


def load_model(path: str) -> Callable[[dict[str, Any], int], Mapping[str, float]]:
    """Import a model given as "module:function"."""
    module_name, sep, function = path.partition(":")
    if not sep or not module_name or not function:
        raise ValueError(f'model = "{path}" is not of the form "module:function"')
    target = importlib.import_module(module_name)
    model = getattr(target, function, None)
    if not callable(model):
        raise ValueError(f'model = "{path}": {module_name} has no function {function!r}')
    return model


def differences(old: Experiment, new: Experiment) -> list[str]:
    """What changed between two versions of an experiment, one phrase per key."""
    a, b = tomllib.loads(old.text), tomllib.loads(new.text)
    changed = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            changed.append(f"{key}: {_brief(a.get(key, '(absent)'))} → {_brief(b.get(key, '(absent)'))}")
    return changed or ["only comments or layout"]


# ---------------------------------------------------------------------------- checking
InputCheck = Callable[[str, Any, str], Any]


def _import_model(where: str, model: str) -> Callable[..., Any]:
    """The experiment's model function, or a one-line error naming it."""
    try:
        return load_model(model)
    except ImportError as error:
        raise ExperimentError(f'{where}: model = "{model}" cannot be imported ({error})') from None
    except ValueError as error:
        raise ExperimentError(f"{where}: {error}") from None
    except Exception as error:  # a user's module may fail in any way while it is imported (a SyntaxError ...)
        raise ExperimentError(
            f'{where}: model = "{model}" cannot be imported ({type(error).__name__}: {error})'
        ) from None


def _model_checker(where: str, function: Callable[..., Any]) -> tuple[InputCheck, bool]:
    """The model's own input check, if it has one (`function.check_input(name, value)`), and whether it has."""
    own = getattr(function, "check_input", None)

    def check(name: str, value: Any, key: str) -> Any:
        if own is None:
            return value
        try:
            return own(name, value)
        except (ValueError, TypeError) as error:  # UserInputError included: a scenario file names itself
            raise ExperimentError(f"{where}: {key}: {error}") from None

    return check, own is not None


def _factor(where: str, name: str, spec: Any, check: InputCheck, typed: bool) -> Factor:
    """A factor from `[low, high]`, a list of levels, or a table; a typed model decides integer ranges."""
    key = f"factors.{name}"
    if isinstance(spec, dict):
        unknown = set(spec) - {"low", "high", "integer", "levels"}
        if unknown:
            raise ExperimentError(f"{where}: {key}.{sorted(unknown)[0]} is unknown; allowed low, high, integer, levels")
        if "levels" in spec:
            return _categorical(where, key, name, spec["levels"], check)
        if "low" not in spec or "high" not in spec:
            raise ExperimentError(f"{where}: {key} needs low and high (or levels)")
        kind = "integer" if spec.get("integer", False) else "continuous"
        return _range(where, key, name, [spec["low"], spec["high"]], kind, check)
    if not isinstance(spec, list) or not spec:
        raise ExperimentError(
            f"{where}: {key} = {_brief(spec)} is not allowed; allowed [low, high] or a list of levels"
        )
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in spec)
    if numeric and len(spec) == 2:
        if typed and not _accepts_values_between(check, name, spec, key):
            return _categorical(where, key, name, spec, check)  # e.g. quorum = [0.5, 1.0]: two of its levels
        probe = check(name, spec[0], key)
        integer = typed and isinstance(probe, int) and not isinstance(probe, bool)
        kind = "integer" if integer else "continuous"
        return _range(where, key, name, spec, kind, check)
    return _categorical(where, key, name, spec, check)


def _accepts_values_between(check: InputCheck, name: str, pair: list[Any], key: str) -> bool:
    """Whether a typed model takes values inside [low, high] (a parameter with fixed levels does not)."""
    low, high = (float(v) for v in pair)
    inside = low + (high - low) / math.pi  # an arbitrary interior value, unlikely to be a level
    if float(check(name, pair[0], key)).is_integer() and float(check(name, pair[1], key)).is_integer():
        inside = float(round(inside)) if low < round(inside) < high else low
    try:
        check(name, inside, key)
    except ExperimentError:
        return False
    return True


def _range(where: str, key: str, name: str, pair: list[Any], kind: str, check: InputCheck) -> Factor:
    low, high = (check(name, v, key) for v in pair)
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in (low, high)):
        raise ExperimentError(f"{where}: {key} = {_brief(pair)} is not allowed; allowed [low, high] numbers")
    if not low < high:
        raise ExperimentError(f"{where}: {key} = {_brief(pair)} is not allowed; allowed [low, high] with low < high")
    if kind == "integer" and not (float(low).is_integer() and float(high).is_integer()):
        raise ExperimentError(f"{where}: {key} = {_brief(pair)} is not allowed; allowed integer low and high")
    return Factor(name, kind, float(low), float(high))


def _categorical(where: str, key: str, name: str, levels: Any, check: InputCheck) -> Factor:
    if not isinstance(levels, list) or len(levels) < 2:
        raise ExperimentError(f"{where}: {key} = {_brief(levels)} is not allowed; allowed a list of at least 2 levels")
    kinds = {_level_kind(v) for v in levels}
    if None in kinds or len(kinds) > 1:  # a Parquet column holds one type; a table or NaN is no level
        raise ExperimentError(
            f"{where}: {key} = {_brief(levels)} is not allowed; allowed levels that are all numbers, "
            "all strings or all true/false"
        )
    checked = tuple(check(name, v, key) for v in levels)
    if len(set(checked)) != len(checked):
        raise ExperimentError(f"{where}: {key} = {_brief(levels)} repeats a level; allowed distinct levels")
    return Factor(name, "categorical", levels=checked)


def _design_table(where: str, get: _Getter, named: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Any]:
    """The experiment's designs as a table NAME -> lever values.

    `designs = ["no_partnership", "full_hsbp"]` takes the model's named designs (the HSBP model
    declares its catalogue's designs as `run.named_designs`); `[designs.NAME]` tables define designs
    of the experiment's own.
    """
    value = get.raw("designs")
    if not isinstance(value, list):
        return get.table("designs")
    if not value or not all(isinstance(name, str) for name in value):
        raise ExperimentError(f"{where}: designs = {_brief(value)} is not allowed; allowed a list of design names")
    unknown = [name for name in value if name not in named]
    if unknown:
        allowed = ", ".join(named) or "none (this model names no designs; use [designs.NAME] tables)"
        raise ExperimentError(f"{where}: designs: {unknown[0]!r} is not a named design; allowed: {allowed}")
    if len(set(value)) != len(value):
        raise ExperimentError(f"{where}: designs = {_brief(value)} repeats a name")
    return {name: dict(named[name]) for name in value}


def _level_kind(value: Any) -> str | None:
    """What kind of level `value` is: "bool", "number" (finite) or "string"; None for anything else."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number" if math.isfinite(value) else None
    return "string" if isinstance(value, str) else None


def _designs(where: str, table: Mapping[str, Any], factors: set[str], check: InputCheck) -> dict[str, dict]:
    designs: dict[str, dict[str, Any]] = {}
    kinds: dict[str, str | None] = {}  # a lever is one column of samples.parquet: one kind of value
    for design, levers in table.items():
        if not isinstance(levers, dict):
            raise ExperimentError(f"{where}: designs.{design} must be a table of lever values")
        values = {}
        for lever, value in levers.items():
            key = f"designs.{design}.{lever}"
            if lever in factors:
                raise ExperimentError(f"{where}: {key} is also a context factor; allowed in one of them")
            kind = kinds.setdefault(lever, _level_kind(value))
            if kind is None or _level_kind(value) != kind:
                raise ExperimentError(
                    f"{where}: {key} = {_brief(value)} is not allowed; allowed a number, a string or true/false, "
                    "the same kind in every design"
                )
            values[lever] = check(lever, value, key)
        designs[design] = values
    return designs


def _outcomes(where: str, get: _Getter, model: str, known: tuple[str, ...] | None) -> tuple[str, ...]:
    """The outcomes to store; `known` are the names the model declares it returns, if it declares them."""
    names = get.raw("outcomes")
    if names is None:
        if known is None:
            raise ExperimentError(f"{where}: outcomes is missing; allowed a list of the names {model} returns")
        return tuple(known)
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise ExperimentError(f"{where}: outcomes = {_brief(names)} is not allowed; allowed a list of names")
    if known is not None:
        for n in names:
            if n not in known:
                raise ExperimentError(f"{where}: outcomes: {n!r} is not an outcome; allowed: {', '.join(known)}")
    if len(set(names)) != len(names):
        raise ExperimentError(f"{where}: outcomes = {_brief(names)} repeats a name")
    return tuple(names)


@dataclass
class _Getter:
    """Typed access to top-level keys, each failure a one-line error."""

    where: str
    data: Mapping[str, Any]

    def raw(self, key: str) -> Any:
        return self.data.get(key)

    def _missing(self, key: str) -> ExperimentError:
        return ExperimentError(f"{self.where}: {key} is missing; allowed {TOP_KEYS[key]}")

    def _wrong(self, key: str, value: Any) -> ExperimentError:
        return ExperimentError(f"{self.where}: {key} = {_brief(value)} is not allowed; allowed {TOP_KEYS[key]}")

    def string(self, key: str, *, required: bool = False, default: str = "") -> str:
        if key not in self.data:
            if required:
                raise self._missing(key)
            return default
        value = self.data[key]
        if not isinstance(value, str) or (required and not value.strip()):
            raise self._wrong(key, value)
        return value

    def choice(self, key: str, allowed: tuple[str, ...], *, required: bool = False, default: str = "") -> str:
        value = self.string(key, required=required, default=default)
        if value not in allowed:
            raise self._wrong(key, value)
        return value

    def integer(self, key: str, *, minimum: int, required: bool = False, default: int = 0) -> int:
        if key not in self.data:
            if required:
                raise self._missing(key)
            return default
        value = self.data[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self._wrong(key, value)
        return value

    def boolean(self, key: str, *, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self._wrong(key, value)
        return value

    def table(self, key: str) -> Mapping[str, Any]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise ExperimentError(f"{self.where}: {key} must be a table [{key}]")
        return value


def _brief(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "..."
