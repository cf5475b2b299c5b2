"""The generated parts of docs/ODD.md: parameter, outcome and submodel tables from the code itself.

`hsbp odd` rewrites the text between `<!-- BEGIN GENERATED: NAME -->` and
`<!-- END GENERATED: NAME -->` markers; `hsbp odd --check` only compares. The tables
read the parameter catalogue, the outcome list and the rules registry, so the model
description cannot drift from the model: a test fails when they disagree.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from hsbp.sim.outcomes import OUTCOMES
from hsbp.sim.params import Kind, Parameter, params_of_kind, show_value
from hsbp.sim.registry import LEVER_MECHANISMS, MECHANISMS, rules_for

ODD_PATH = Path(str(files("hsbp.docs"))) / "ODD.md"  # docs/ODD.md in a checkout; package data when installed
KIND_TITLES = {
    Kind.STRUCTURE: "Structure (who is in the municipality, and for how long)",
    Kind.CONTEXT: "Context (the setting a partnership meets)",
    Kind.LEVER: "Design levers (what a partnership chooses)",
    Kind.BEHAVIOUR: "Behaviour (how partners and residents respond)",
}


class OddError(ValueError):
    """docs/ODD.md lacks a marker the generator needs."""


def parameter_tables() -> str:
    """One markdown table per kind: name, symbol, default, allowed values, unit, meaning, source."""
    parts = []
    for kind, title in KIND_TITLES.items():
        rows = [_parameter_row(p) for p in params_of_kind(kind)]
        parts.append(
            f"#### {title}\n\n| parameter | symbol | default | allowed | unit | meaning | source |\n"
            "| --- | --- | --- | --- | --- | --- | --- |\n" + "\n".join(rows)
        )
    return "\n\n".join(parts)


def outcome_table() -> str:
    """The per-run outcomes `hsbp.sim.run` returns."""
    rows = [
        f"| `{o.name}` | {_cell(o.label)} | {_cell(o.unit)} | {_cell(o.meaning)} | {o.scale:g} |"
        for o in OUTCOMES.values()
    ]
    return (
        "| outcome | label | shown in | meaning | scale (shown = stored × scale) |\n| --- | --- | --- | --- | --- |\n"
        + "\n".join(rows)
    )


def submodel_sections() -> str:
    """Every mechanism's rules, default first, each with its docstring (equation and source)."""
    parts = []
    mechanisms = {**MECHANISMS, **{m: None for m in LEVER_MECHANISMS}}
    for mechanism, default in mechanisms.items():
        builtin = rules_for(mechanism).items()
        rules = {n: f for n, f in builtin if f.__module__.startswith("hsbp.sim.")}  # not user rules
        names = sorted(rules, key=lambda n: (n != default, n))
        chooser = (
            f"chosen by the lever `{LEVER_MECHANISMS[mechanism]}`"
            if mechanism in LEVER_MECHANISMS
            else f'`[rules] {mechanism} = "..."`; default `{default}`'
        )
        lines = [f"#### {mechanism} ({chooser})"]
        for name in names:
            lines.append(f"- **`{name}`** (`{_where(rules[name])}`): {_docstring(rules[name])}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


GENERATORS: dict[str, Callable[[], str]] = {
    "parameters": parameter_tables,
    "outcomes": outcome_table,
    "submodels": submodel_sections,
}


def render(text: str, where: str = "docs/ODD.md") -> str:
    """`text` with every generated block replaced by its current content; `where` names the file in errors."""
    for name, generate in GENERATORS.items():
        pattern = re.compile(rf"(<!-- BEGIN GENERATED: {name} -->\n).*?(<!-- END GENERATED: {name} -->)", flags=re.S)
        if not pattern.search(text):
            raise OddError(f"{where}: no <!-- BEGIN/END GENERATED: {name} --> markers")
        text = pattern.sub(lambda m, g=generate: m.group(1) + g() + "\n" + m.group(2), text)
    return text


def write(path: Path = ODD_PATH) -> bool:
    """Regenerate the tables in place; returns whether anything changed."""
    old = path.read_text(encoding="utf-8")
    new = render(old, str(path))
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old


def _parameter_row(p: Parameter) -> str:
    default = show_value(p.default)
    return (
        f"| `{p.name}` | {p.symbol or ''} | {default} | {_cell(p.allowed())} | {_cell(p.unit)} | "
        f"{_cell(p.meaning)} | {_cell(p.source)} |"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _docstring(function: Callable[..., object]) -> str:
    doc = inspect.getdoc(function) or "(no docstring)"
    paragraphs = [" ".join(p.split()) for p in doc.split("\n\n") if p.strip()]
    return " ".join(paragraphs)


def _where(function: Callable[..., object]) -> str:
    return f"{function.__module__}.{function.__qualname__}"
