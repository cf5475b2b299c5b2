"""Scenario files: a named setting (structure, context, design, behaviour, rules) validated against the catalogue.

A scenario is TOML, one table per parameter kind plus `[rules]`:

    name = "tumaco"
    description = "Pacific port municipality ..."
    [structure]   communities = 4
    [context]     armed_event_rate = 0.15
    [design]      inclusivity = 0.4
    [behaviour]   trust_loss_ratio = 3.0
    [rules]       trust = "asymmetric"; modules = ["my_rules"]

Every problem is a `ScenarioError` whose one-line message names the file, the key,
the value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from hsbp.sim.params import BY_NAME, Kind, ParameterError, Params, make_params
from hsbp.sim.registry import MECHANISMS, RuleError, import_rule_modules, resolve
from hsbp.userinput import UserInputError, read_user_toml

SECTIONS: dict[str, Kind] = {
    "structure": Kind.STRUCTURE,
    "context": Kind.CONTEXT,
    "design": Kind.LEVER,
    "behaviour": Kind.BEHAVIOUR,
}
SECTION_OF: dict[Kind, str] = {kind: section for section, kind in SECTIONS.items()}
TOP_KEYS = {"name", "description", "note", "rules", *SECTIONS}


class ScenarioError(UserInputError):
    """A scenario that cannot be used, with a one-line message a user can act on."""


def scenario_dir() -> Path:
    """Where named scenarios live: $HSBP_SCENARIOS, else the package's shipped scenarios (hsbp.scenarios)."""
    return Path(os.environ.get("HSBP_SCENARIOS") or str(files("hsbp.scenarios")))


@dataclass(frozen=True)
class Scenario:
    """A validated setting: parameter values, rule choices and where they came from."""

    name: str
    description: str
    params: Params
    rules: Mapping[str, str] = field(default_factory=dict)
    rule_modules: tuple[str, ...] = ()
    source: str = "<catalogue defaults>"
    note: str = ""

    def values(self) -> dict[str, Any]:
        """Every parameter value by name."""
        return dataclasses.asdict(self.params)

    def with_overrides(self, overrides: Mapping[str, Any], origin: str = "overrides") -> Scenario:
        """A copy with parameter values and `rules.<mechanism>` choices replaced, validated like file values."""
        values = self.values()
        rules = dict(self.rules)
        changed = {}
        for key, value in overrides.items():
            if key.startswith("rules."):
                rules[key.removeprefix("rules.")] = str(value)
            else:
                changed[key] = value
        values.update(changed)
        try:
            params = make_params(values)
            resolve(rules)
        except (ParameterError, RuleError) as error:
            raise ScenarioError(f"{origin}: {error}") from None
        return dataclasses.replace(self, params=params, rules=rules)


def available() -> dict[str, Path]:
    """Named scenarios shipped in the scenarios folder, by name."""
    return {path.stem: path for path in sorted(scenario_dir().glob("*.toml"))}


def load_scenario(name_or_path: str | os.PathLike[str] | None = None) -> Scenario:
    """Load a scenario by name (from the scenarios folder) or by path; None gives catalogue defaults."""
    if name_or_path is None or name_or_path == "defaults":
        return Scenario("defaults", "Catalogue defaults", make_params())
    if not isinstance(name_or_path, str | os.PathLike):
        raise ScenarioError(f"scenario = {name_or_path!r} has the wrong type; allowed a scenario name or .toml path")
    if not str(name_or_path).strip():
        raise ScenarioError(f"scenario name is empty; allowed: {', '.join(available())} or a path to a .toml file")
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.parent == Path() and not _exists(path) and path.stem in available():
        raise ScenarioError(f"{name_or_path}: file not found; the shipped scenario is named {path.stem}, without .toml")
    if path.suffix != ".toml" and not _exists(path):
        named = available()
        if not named:
            raise ScenarioError(
                f"{name_or_path}: no such scenario: {scenario_dir()} holds no .toml files (check $HSBP_SCENARIOS); "
                "allowed a path to a .toml file"
            )
        if str(name_or_path) not in named:
            raise ScenarioError(
                f"{name_or_path}: no such scenario; allowed: {', '.join(named)} or a path to a .toml file"
            )
        path = named[str(name_or_path)]
    return parse_scenario(path)


def _exists(path: Path) -> bool:
    """Whether something is at `path`; a name the system cannot look up (too long, a NUL byte) is not."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def parse_scenario(path: Path) -> Scenario:
    """Read and validate one scenario file."""
    where = _display(path)
    _, data = read_user_toml(path, "a scenario file (.toml)", ScenarioError, where)
    for key in data:
        if key not in TOP_KEYS:
            raise ScenarioError(f"{where}: unknown key {key!r}; allowed: {', '.join(sorted(TOP_KEYS))}")
    values: dict[str, Any] = {}
    for section, kind in SECTIONS.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise ScenarioError(f"{where}: {section} must be a table [{section}]")
        for key, value in table.items():
            values[key] = _check_value(where, section, kind, key, value)
    try:
        params = make_params(values)
    except ParameterError as error:
        raise ScenarioError(f"{where}: {error}") from None
    rules, modules = _check_rules(where, data.get("rules", {}))
    for key in ("name", "description", "note"):
        if key in data and not isinstance(data[key], str):
            raise ScenarioError(f"{where}: {key} = {data[key]!r} has the wrong type; allowed a string")
    return Scenario(
        name=data.get("name", path.stem),
        description=data.get("description", ""),
        params=params,
        rules=rules,
        rule_modules=modules,
        source=where,
        note=data.get("note", ""),
    )


def _check_value(where: str, section: str, kind: Kind, key: str, value: Any) -> Any:
    parameter = BY_NAME.get(key)
    if parameter is None:
        names = ", ".join(p for p, spec in BY_NAME.items() if spec.kind is kind)
        raise ScenarioError(f"{where}: {section}.{key} is not a parameter; allowed in [{section}]: {names}")
    if parameter.kind is not kind:
        raise ScenarioError(f"{where}: {section}.{key} belongs in [{SECTION_OF[parameter.kind]}], not [{section}]")
    try:
        return parameter.check(value)
    except ParameterError as error:
        raise ScenarioError(f"{where}: {section}.{error}") from None


def _check_rules(where: str, table: Any) -> tuple[dict[str, str], tuple[str, ...]]:
    if not isinstance(table, dict):
        raise ScenarioError(f"{where}: rules must be a table [rules]")
    table = dict(table)
    modules = table.pop("modules", [])
    if not isinstance(modules, list) or not all(isinstance(m, str) for m in modules):
        raise ScenarioError(f"{where}: rules.modules = {modules!r} has the wrong type; allowed a list of module names")
    for key, value in table.items():
        if not isinstance(value, str):
            raise ScenarioError(f"{where}: rules.{key} = {value!r} has the wrong type; allowed a rule name")
    try:
        import_rule_modules(modules)
        resolve(table)
    except RuleError as error:
        raise ScenarioError(f"{where}: {error}") from None
    unknown = set(table) - set(MECHANISMS)
    assert not unknown, unknown  # resolve() has already rejected these
    return table, tuple(modules)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (OSError, ValueError):  # elsewhere, or a name the system cannot resolve
        return str(path)
