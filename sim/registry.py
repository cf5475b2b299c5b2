"""The rules registry: each mechanism's rules by name, selectable from a scenario.

A rule is a plain function registered with `@rule(mechanism, name)`. A scenario's
`[rules]` table picks one rule per mechanism; a researcher registers their own
rule in their own module and lists that module under `[rules] modules`, without
editing this package (see docs/custom_rules.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

# Every mechanism of docs/MODEL.md §4 and the rule a scenario gets when it names none.
MECHANISMS: dict[str, str] = {
    "shocks": "poisson",
    "convening": "logistic",
    "common_ground": "overlap",
    "risk_mapping": "proportional",
    "voice": "interpolated",
    "utility": "payoff",
    "decision": "quorum",
    "procedural_fairness": "voice_times_response",
    "contact_quality": "facilitated",
    "pledge": "norm_floor",
    "contribution": "conditional",
    "sanctions": "graduated",
    "coordination": "pooled_vs_alone",
    "delivery": "saturating",
    "human_security": "diminishing",
    "risk": "pooled",
    "trust": "asymmetric",
    "licence_channels": "moffat_zhang",
    "legitimacy_channel": "procedural_justice",
    "licence": "zhang_levels",
    "mobilisation": "epstein",
    "turnover": "regression",
    "administration": "elected",
    "exit": "outside_option",
}
# Chosen by a design lever, not by the [rules] table: benefit rules follow `benefit_rule`.
LEVER_MECHANISMS: dict[str, str] = {"benefit": "benefit_rule"}

_RULES: dict[str, dict[str, Callable[..., Any]]] = {m: {} for m in (*MECHANISMS, *LEVER_MECHANISMS)}


class RuleError(ValueError):
    """An unknown mechanism, an unknown rule name or a module that cannot be imported."""


def rule(mechanism: str, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as rule `name` for `mechanism`."""
    if mechanism not in _RULES:
        raise RuleError(f"unknown mechanism {mechanism!r}; allowed: {', '.join(MECHANISMS)}")

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        existing = _RULES[mechanism].get(name)
        if existing is not None and existing.__qualname__ != function.__qualname__:
            raise RuleError(f"rules.{mechanism}: the name {name!r} is taken by {existing.__module__}; choose another")
        _RULES[mechanism][name] = function
        function.mechanism = mechanism  # type: ignore[attr-defined]
        function.rule_name = name  # type: ignore[attr-defined]
        return function

    return register


def rules_for(mechanism: str) -> dict[str, Callable[..., Any]]:
    """The registered rules of one mechanism, by name."""
    _load_builtin()
    return dict(_RULES[mechanism])


def import_rule_modules(modules: Iterable[str]) -> None:
    """Import user modules whose `@rule` decorators register extra rules."""
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception as error:  # a user's module may fail in any way; report it in one line
            raise RuleError(f"rules.modules: cannot import {module!r} ({type(error).__name__}: {error})") from None


def resolve(choices: dict[str, str]) -> dict[str, Callable[..., Any]]:
    """Map every mechanism to its rule function, defaults filling what `choices` omits."""
    _load_builtin()
    resolved = {}
    for mechanism in choices:
        if mechanism in LEVER_MECHANISMS:
            raise RuleError(
                f"rules.{mechanism} is set by the design lever {LEVER_MECHANISMS[mechanism]}, not in [rules]"
            )
        if mechanism not in MECHANISMS:
            raise RuleError(f"rules.{mechanism} is not a mechanism; allowed: {', '.join(MECHANISMS)}")
    for mechanism, default in MECHANISMS.items():
        name = choices.get(mechanism, default)
        registered = _RULES[mechanism]
        if name not in registered:
            raise RuleError(
                f"rules.{mechanism} = {name!r} is not a registered rule; allowed: {', '.join(sorted(registered))}"
            )
        resolved[mechanism] = registered[name]
    return resolved


def _load_builtin() -> None:
    import hsbp.sim.rules  # noqa: F401  (importing registers the built-in rules)
