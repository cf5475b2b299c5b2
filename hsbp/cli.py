"""The `hsbp` command: run a scenario, sweep an experiment, analyse results, list scenarios and parameters.

Exit codes: 0 success; 1 a sweep stored failed runs; 2 bad input (an unknown scenario,
key or value, a bad experiment file or results folder: one line naming the file or
option, the key, the value and what is allowed); 130 a sweep interrupted by the user.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from hsbp import report
from hsbp.analysis.results import AnalysisError
from hsbp.experiments.spec import ExperimentError
from hsbp.experiments.store import StoreError
from hsbp.sim.designs import DESIGNS, design
from hsbp.sim.params import BY_NAME, CATALOGUE, Kind, ParameterError, show_value
from hsbp.sim.scenario import ScenarioError, available, load_scenario

RUNS_FAILED = 1
USAGE_ERROR = 2
INTERRUPTED = 130


class UsageError(ValueError):
    """Bad command-line input; its message is printed as one line."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `hsbp` console script; returns the exit code."""
    warnings.showwarning = _one_line_warning
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (ScenarioError, ParameterError, UsageError, ExperimentError, StoreError, AnalysisError) as error:
        print(f"hsbp: {error}", file=sys.stderr)
        return USAGE_ERROR


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings (an old experiment-file name, for instance) as one line on stderr, without a source line."""
    print(f"hsbp: warning: {message}", file=sys.stderr)


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
    run.add_argument(
        "--design",
        metavar="NAME",
        help="a named design (see `hsbp designs`): its lever values replace the scenario's; --set applies after",
    )
    run.add_argument("--json", action="store_true", help="print the outcomes as one JSON object")
    run.add_argument("--out", type=Path, help="write series.csv, series.png and outcomes.json to this folder")
    run.set_defaults(handler=_run)

    scenarios = sub.add_parser("scenarios", help="list, show or validate scenarios")
    scenarios.add_argument("action", nargs="?", choices=("list", "show", "validate"), default="list")
    scenarios.add_argument("target", nargs="?", help="scenario name (show) or file (validate)")
    scenarios.set_defaults(handler=_scenarios)

    study = sub.add_parser(
        "study",
        help="the headline study: designs × fragile contexts, Morris, Sobol, and the report",
        description="Run the headline study end to end into --out and write --out/report.html: named designs "
        "crossed with sampled fragile contexts, Morris screening of every factor, Sobol indices of the most "
        "influential, and monthly series for fan charts. Running it again into the same folder continues it.",
    )
    study.add_argument("--out", type=Path, default=Path("results/study"), help="study folder (default results/study)")
    study.add_argument("--quick", action="store_true", help="a tiny study in about a minute (a smoke test)")
    study.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    study.add_argument("--quiet", action="store_true", help="no progress bars")
    study.set_defaults(handler=_study)

    sweep = sub.add_parser(
        "sweep",
        help="run an experiment file into a results folder",
        description="Run every point × replicate of an experiment, storing each run as it finishes. "
        "Exit code 1 if any run failed (failed runs are stored with their error), 130 if interrupted.",
    )
    sweep.add_argument("experiment", type=Path, help="experiment file (.toml), e.g. experiments/sobol_core.toml")
    sweep.add_argument("--out", type=Path, help="results folder (default results/<experiment name>)")
    sweep.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    sweep.add_argument("--executor", choices=("processes", "dask"), default="processes", help="default processes")
    sweep.add_argument("--scheduler", help="Dask scheduler address (default: start a LocalCluster)")
    sweep.add_argument("--resume", action="store_true", help="continue a sweep in --out, running only what is missing")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    sweep.set_defaults(handler=_sweep)

    analyze = sub.add_parser("analyze", help="sensitivity indices and summaries of a results folder")
    analyze.add_argument("results", type=Path, help="results folder written by hsbp sweep")
    analyze.add_argument(
        "--threshold",
        action="append",
        metavar="OUTCOME>=VALUE",
        help="what a design must meet in a context (repeatable; default: durability_months>=42 and hsi_change>=0)",
    )
    analyze.set_defaults(handler=_analyze)

    html_report = sub.add_parser(
        "report",
        help="one self-contained HTML report of one or more results folders (tables, figures, plain summary)",
        description="Analyse each results folder (as hsbp analyze), draw its figures into RESULTS/figures "
        "(PNG and PDF), and write one HTML file with the figures embedded, no external resources and no date "
        "of its own: the same folders give the same file. Prints the path written.",
    )
    html_report.add_argument("results", type=Path, nargs="+", help="results folder(s) written by hsbp sweep")
    html_report.add_argument("--out", type=Path, help="the HTML file (default RESULTS/report.html of the first folder)")
    html_report.add_argument(
        "--threshold",
        action="append",
        metavar="OUTCOME>=VALUE",
        help="what a design must meet in a context (repeatable; default: durability_months>=42 and hsi_change>=0)",
    )
    html_report.add_argument("--title", help="the report's title (default: names the experiments)")
    html_report.add_argument(
        "--series", type=Path, help="Parquet file of monthly series (design, replicate, month, variables): fan charts"
    )
    html_report.set_defaults(handler=_report)

    odd = sub.add_parser(
        "odd",
        help="write the generated tables of docs/ODD.md (parameters, outcomes, submodels)",
        description="Regenerate the parameter, outcome and submodel sections of docs/ODD.md from the code. "
        "With --check, change nothing and exit 1 if the document is out of date.",
    )
    odd.add_argument("--check", action="store_true", help="only check; exit 1 if docs/ODD.md is out of date")
    odd.add_argument("--path", type=Path, help="the ODD file (default: docs/ODD.md of this repository)")
    odd.set_defaults(handler=_odd)

    dashboard = sub.add_parser(
        "dashboard",
        help="serve the interactive dashboard (levers, month-by-month plots, two designs side by side)",
        description="Serve the dashboard for programme designers: pick a scenario, move the design levers, "
        "step or play the partnership month by month, and compare two designs on the same scenario and seed. "
        "Open the printed address in a browser; Ctrl-C stops the server. Works without internet access once "
        "scripts/fetch_dashboard_assets.sh has cached the front-end files (scripts/bootstrap.sh does).",
    )
    dashboard.add_argument(
        "scenario", nargs="?", default="tumaco", help="scenario to open on (name or .toml file; default tumaco)"
    )
    dashboard.add_argument("--port", type=int, default=8765, help="TCP port (default 8765; 0 picks a free port)")
    dashboard.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer only)"
    )
    dashboard.set_defaults(handler=_dashboard)

    designs = sub.add_parser("designs", help="list the named partnership designs and their lever values")
    designs.set_defaults(handler=_designs)

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
    from hsbp.sim.model import PartnershipModel
    from hsbp.sim.outcomes import outcomes

    scenario = load_scenario(args.scenario)
    if args.design is not None:
        scenario = scenario.with_overrides(dict(design(args.design).levers), origin=f"--design {args.design}")
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


def _designs(args: argparse.Namespace) -> int:
    for named in DESIGNS:
        levers = ", ".join(f"{key} = {show_value(value)}" for key, value in named.levers.items())
        print(f"{named.name:<16} {named.label}: {named.meaning}.\n{'':<16} levers: {levers}")
    return 0


def _study(args: argparse.Namespace) -> int:
    from hsbp.experiments.engine import SweepInterrupted
    from hsbp.study import run_study

    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers {args.workers}: allowed an integer ≥ 1")
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out}: is a file; allowed a folder (new, or a study to continue)")
    try:
        report = run_study(args.out, quick=args.quick, workers=args.workers, quiet=args.quiet)
    except SweepInterrupted as stop:
        print(f"hsbp: {stop}; run the study again to continue", file=sys.stderr)
        return INTERRUPTED
    print(f"Open {report}")
    return 0


def _sweep(args: argparse.Namespace) -> int:
    from hsbp.experiments.engine import SweepInterrupted, sweep
    from hsbp.experiments.spec import load_experiment

    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers {args.workers}: allowed an integer ≥ 1")
    if args.scheduler and args.executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    experiment = load_experiment(args.experiment)
    out = args.out or Path("results") / experiment.name
    try:
        summary = sweep(
            experiment,
            out,
            executor=args.executor,
            workers=args.workers,
            scheduler=args.scheduler,
            resume=args.resume,
            quiet=args.quiet,
        )
    except SweepInterrupted as stop:
        print(f"hsbp: {stop}", file=sys.stderr)
        return INTERRUPTED
    print(summary.line)
    return RUNS_FAILED if summary.failed else 0


def _analyze(args: argparse.Namespace) -> int:
    from hsbp.analysis.analyze import analyze
    from hsbp.analysis.robustness import DEFAULT_THRESHOLDS, parse_threshold

    thresholds = [parse_threshold(text) for text in args.threshold] if args.threshold else DEFAULT_THRESHOLDS
    analysis = analyze(args.results, thresholds)
    print(analysis.text)
    print(f"Wrote {', '.join(str(p) for p in analysis.written)}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from hsbp.analysis.report import write_report
    from hsbp.analysis.robustness import DEFAULT_THRESHOLDS, parse_threshold

    thresholds = [parse_threshold(text) for text in args.threshold] if args.threshold else DEFAULT_THRESHOLDS
    out = args.out or args.results[0] / "report.html"
    path = write_report(args.results, out, thresholds=thresholds, title=args.title, series=args.series)
    print(path)
    return 0


def _odd(args: argparse.Namespace) -> int:
    from hsbp import odd

    path = args.path or odd.ODD_PATH
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    text = path.read_text(encoding="utf-8")
    try:
        current = odd.render(text)
    except odd.OddError as error:
        raise UsageError(str(error)) from None
    if args.check:
        if current != text:
            print(f"{path} is out of date: run `hsbp odd`", file=sys.stderr)
            return 1
        print(f"{path} matches the code")
        return 0
    if current != text:
        path.write_text(current, encoding="utf-8")
        print(f"Wrote the generated tables of {path}")
    else:
        print(f"{path} already matches the code")
    return 0


def _dashboard(args: argparse.Namespace) -> int:
    from hsbp.dashboard.server import ServerError, serve

    load_scenario(args.scenario)  # an unknown scenario or a bad file fails here, with exit code 2
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: allowed 0 to 65535 (0 picks a free port)")
    try:
        return serve(args.scenario, host=args.host, port=args.port)
    except ServerError as error:
        raise UsageError(str(error)) from None


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
