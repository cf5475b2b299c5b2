"""The `hsbp` command: run a scenario, list and validate scenarios, show the parameter catalogue.

Bad input (an unknown scenario, key or value) prints one line naming the file or
option, the key, the value and what is allowed, and exits with code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from hsbp import report
from sim.params import BY_NAME, CATALOGUE, Kind, ParameterError
from sim.scenario import ScenarioError, available, load_scenario

USAGE_ERROR = 2


class UsageError(ValueError):
    """Bad command-line input; its message is printed as one line."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `hsbp` console script; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (ScenarioError, ParameterError, UsageError) as error:
        print(f"hsbp: {error}", file=sys.stderr)
        return USAGE_ERROR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hsbp", description="Simulate Human Security Business Partnerships in fragile settings."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run one scenario and print its outcomes")
    run.add_argument("scenario", help="scenario name (see `hsbp scenarios`) or path to a .toml file")
    run.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    run.add_argument("--months", type=int, help="months to simulate (overrides horizon_months)")
    run.add_argument(
        "--set",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="override a parameter (see `hsbp params`) or a rule (rules.trust=symmetric); repeatable",
    )
    run.add_argument("--json", action="store_true", help="print the outcomes as one JSON object")
    run.add_argument("--out", type=Path, help="write series.csv, series.png and outcomes.json to this folder")
    run.set_defaults(handler=_run)

    scenarios = sub.add_parser("scenarios", help="list, show or validate scenarios")
    scenarios.add_argument("action", nargs="?", choices=("list", "show", "validate"), default="list")
    scenarios.add_argument("target", nargs="?", help="scenario name (show) or file (validate)")
    scenarios.set_defaults(handler=_scenarios)

    params = sub.add_parser("params", help="list the parameter catalogue")
    params.add_argument("--kind", choices=[k.value for k in Kind], help="only parameters of this kind")
    params.set_defaults(handler=_params)
    return parser


def parse_overrides(pairs: Sequence[str]) -> dict[str, object]:
    """Turn `--set key=value` pairs into validated values."""
    values: dict[str, object] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--set {pair}: expected KEY=VALUE")
        if key.startswith("rules."):
            values[key] = text.strip()
            continue
        if key not in BY_NAME:
            raise UsageError(f"--set {key}: not a parameter; see `hsbp params` for the catalogue")
        try:
            values[key] = BY_NAME[key].parse(text)
        except ParameterError as error:
            raise UsageError(f"--set {error}") from None
    return values


def _run(args: argparse.Namespace) -> int:
    from sim.model import PartnershipModel
    from sim.outcomes import outcomes

    scenario = load_scenario(args.scenario)
    overrides = parse_overrides(args.set)
    if args.months is not None:
        try:
            overrides["horizon_months"] = BY_NAME["horizon_months"].check(args.months)
        except ParameterError as error:
            raise UsageError(f"--months: {error}") from None
    scenario = scenario.with_overrides(overrides, origin="--set")
    model = PartnershipModel(scenario, rng=args.seed)
    model.run()
    result = outcomes(model)
    if args.out is not None:
        report.write_run(args.out, model, result, args.seed)
    if args.json:
        print(json.dumps(result))
    else:
        print(report.outcome_table(scenario, args.seed, result, overrides))
        if args.out is not None:
            print(f"\nWrote {args.out}/series.csv, series.png and outcomes.json")
    return 0


def _scenarios(args: argparse.Namespace) -> int:
    if args.action == "list":
        for name, path in available().items():
            print(f"{name:<22} {load_scenario(path).description}")
        return 0
    if args.target is None:
        raise UsageError(f"hsbp scenarios {args.action}: name the scenario")
    scenario = load_scenario(args.target)
    if args.action == "validate":
        print(f"{scenario.source}: valid ({scenario.name})")
        return 0
    print(report.scenario_text(scenario))
    return 0


def _params(args: argparse.Namespace) -> int:
    for parameter in CATALOGUE:
        if args.kind and parameter.kind.value != args.kind:
            continue
        print(f"{parameter.name:<28} {parameter.kind.value:<10} default {parameter.default!s:<8} {parameter.allowed()}")
        print(f"{'':<28} {parameter.meaning}. Source: {parameter.source}")
    return 0
