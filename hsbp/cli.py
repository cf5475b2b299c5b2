"""The `hsbp` command: run a scenario, sweep an experiment, analyse results, list scenarios and parameters.

Exit codes (EXIT_CODES, also in `hsbp --help`): 0 success; 1 a sweep stored failed runs
(or `hsbp odd --check` found docs/ODD.md out of date);
2 bad input (an unknown scenario, key or value, a bad experiment file, option or results
folder: one line naming the file or option, the key, the value and what is allowed);
3 an internal error (a bug in hsbp: one line on stderr, the traceback in a crash log);
130 interrupted by the user.

`main` is the one error boundary: every expected problem is a `UserInputError` (the
scenario, parameter, experiment, store and analysis errors all derive from it) and becomes
one line with exit code 2; anything else is our bug and becomes exit code 3.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import platform
import sys
import tempfile
import traceback
import warnings
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from hsbp import report
from hsbp.sim.designs import DESIGNS, design
from hsbp.sim.params import BY_NAME, CATALOGUE, Kind, ParameterError, show_value
from hsbp.sim.scenario import available, load_scenario
from hsbp.userinput import UserInputError, check_output_file, check_output_folder, read_user_text

OK = 0
RUNS_FAILED = 1
USAGE_ERROR = 2
INTERNAL_ERROR = 3
INTERRUPTED = 130
EXIT_CODES = (
    "exit codes: 0 success; 1 a sweep stored failed runs (they are kept; see their error), "
    "or hsbp odd --check found the document out of date; "
    "2 bad input (file, option, value or results folder; one line says which and what is allowed); "
    "3 internal error (a bug in hsbp; the traceback is written to a crash log, whose path is printed); "
    "130 interrupted (hsbp sweep --resume continues)"
)
CRASH_LOG_DIR = "HSBP_CRASH_DIR"  # environment variable: where crash logs go (default: the system's temp folder)
STORAGE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}  # the user's disk, not our bug


class UsageError(UserInputError):
    """Bad command-line input; its message is printed as one line."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `hsbp` console script; returns the exit code (see EXIT_CODES).

    Warnings (an old experiment-file name, SALib's advice on sample sizes) are one line each,
    printed when the command ends, and not at all when it fails: then the error is the one line
    that matters. A store repair (before a resumed sweep's runs) and the dashboard's warnings
    are printed at once. numpy's numeric RuntimeWarnings (an empty slice ...) are not shown.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    held: list[str] = []
    live = bool(argv) and argv[0] == "dashboard"

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        text = f"hsbp: warning: {message}"
        if live or category.__name__ == "StoreRepaired":
            _say(text)
        elif text not in held:
            held.append(text)

    with warnings.catch_warnings():
        warnings.showwarning = show
        warnings.simplefilter("ignore", RuntimeWarning)
        code = _main(argv)
    if code not in (USAGE_ERROR, INTERNAL_ERROR):
        for text in held:
            _say(text)
    return code


def _main(argv: list[str]) -> int:
    """Parse and run one command; every exception ends here (the one error boundary)."""
    try:
        args = _parser().parse_args(argv)
        return args.handler(args)
    except UserInputError as error:  # bad file, key, value, path or results folder: the user can fix it
        _say(f"hsbp: {error}")
        return USAGE_ERROR
    except _Exit as done:  # --help, or an option argparse rejected (already printed as one line)
        return done.code
    except KeyboardInterrupt:
        _say("hsbp: interrupted")
        return INTERRUPTED
    except BrokenPipeError:  # `hsbp params | head`: the reader left; nothing more to say
        _silence_stdout()
        return OK
    except OSError as error:
        if error.errno not in STORAGE_ERRORS:
            return _internal_error(argv)
        where = f"{error.filename}: " if error.filename else ""
        _say(f"hsbp: {where}{error.strerror or error}; free space or choose a folder you can write to")
        return USAGE_ERROR
    except Exception:  # our bug: say so, keep the details, never exit 1 ("some runs failed")
        return _internal_error(argv)


def _say(line: str) -> None:
    """One line on stderr, whatever the message holds (a path with a newline stays one line)."""
    print(" ".join(line.splitlines()), file=sys.stderr)


def _internal_error(argv: Sequence[str]) -> int:
    """Write the traceback to a crash log and say where, in one line; exit code 3."""
    kind = sys.exc_info()[0]
    name = kind.__name__ if kind is not None else "error"
    details = traceback.format_exc()
    try:
        log = write_crash_log(argv, details)
        where = f"details in {log}"
    except OSError as error:
        where = f"no crash log could be written ({error.strerror or error})"
    _say(f"hsbp: internal error ({name}), a bug in hsbp, not in your input; {where}; please report it")
    return INTERNAL_ERROR


def write_crash_log(argv: Sequence[str], details: str) -> Path:
    """A crash log with the command, versions and traceback, in $HSBP_CRASH_DIR or the system temp folder."""
    from hsbp.experiments.store import versions

    folder = Path(os.environ.get(CRASH_LOG_DIR) or tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = folder / f"hsbp-crash-{stamp}-{os.getpid()}.log"
    lines = [
        f"command: hsbp {' '.join(argv)}",
        f"time: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"cwd: {Path.cwd()}",
        f"python: {sys.version.split()[0]} on {platform.platform()}",
        f"versions: {json.dumps(versions())}",
        "",
        details,
    ]
    path.write_text("\n".join(lines), encoding="utf-8", errors="backslashreplace")
    return path


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's exit flush does not fail again on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class _Exit(Exception):
    """argparse wants to stop (after --help, or after printing a usage error); carries the exit code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors: `hsbp run: argument --seed: ... (see hsbp run --help)`, exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self._name()}{message} (see {self.prog} --help)")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            _say(message.strip())
        raise _Exit(status)

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        """Unknown options are reported by the subcommand they were given to, with its --help."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            sub = self._subcommand(parsed)
            (sub or self).error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed

    def _name(self) -> str:
        words = self.prog.split()
        return "" if len(words) < 2 else f"{words[-1]}: "

    def _subcommand(self, parsed: argparse.Namespace) -> Parser | None:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                found = action.choices.get(getattr(parsed, "command", None) or "")
                return found if isinstance(found, Parser) else None
        return None


def _seed(text: str) -> int:
    """--seed: an integer ≥ 0 (numpy seeds are non-negative)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer; allowed an integer ≥ 0") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; allowed an integer ≥ 0")
    return value


def _integer(text: str) -> int:
    """An integer option, with a message that says what was given."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="hsbp",
        description="Simulate Human Security Business Partnerships in fragile settings.",
        epilog=EXIT_CODES,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run one scenario and print its outcomes")
    run.add_argument("scenario", help="scenario name (see `hsbp scenarios`) or path to a .toml file")
    run.add_argument("--seed", type=_seed, default=0, help="random seed, an integer ≥ 0 (default 0)")
    run.add_argument("--months", type=_integer, help="months to simulate (overrides horizon_months)")
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
    study.add_argument("--workers", type=_integer, help="worker processes (default: all cores)")
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
    sweep.add_argument("--workers", type=_integer, help="worker processes (default: all cores)")
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
    dashboard.add_argument("--port", type=_integer, default=8765, help="TCP port (default 8765; 0 picks a free port)")
    dashboard.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer only)"
    )
    dashboard.set_defaults(handler=_dashboard)

    designs = sub.add_parser("designs", help="list the named partnership designs and their lever values")
    designs.set_defaults(handler=_designs)

    check = sub.add_parser(
        "check",
        help="check a results folder for damaged files; --repair sets them aside so --resume re-runs their runs",
        description="Read every file of a results folder (manifest.json, samples.parquet, each runs part) and say "
        "what is damaged. With --repair, damaged files are moved into RESULTS/quarantine (never deleted) and a "
        "lost samples.parquet is rebuilt from the manifest; `hsbp sweep EXPERIMENT --out RESULTS --resume` then "
        "re-runs the runs they held. Exit code 0 if the folder is sound (or was repaired), 2 if it is damaged.",
    )
    check.add_argument("results", type=Path, help="results folder written by hsbp sweep")
    check.add_argument("--repair", action="store_true", help="move damaged files into RESULTS/quarantine")
    check.set_defaults(handler=_check)

    params = sub.add_parser("params", help="list the parameter catalogue")
    params.add_argument("--kind", choices=[k.value for k in Kind], help="only parameters of this kind")
    params.set_defaults(handler=_params)
    for command in sub.choices.values():  # every subcommand's --help ends with the exit codes
        command.epilog = command.epilog or EXIT_CODES
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
    if args.out is not None:
        check_output_folder(args.out, "--out", UsageError)  # before the run, so a bad --out loses nothing
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

    _check_workers(args.workers)
    check_output_folder(args.out, "--out", UsageError)
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

    _check_workers(args.workers, args.executor)
    if args.scheduler and args.executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    experiment = load_experiment(args.experiment)
    out = args.out or Path("results") / experiment.name
    check_output_folder(out, "--out" if args.out else "results folder", UsageError)
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
    _check_results_folder(args.results, writes="analysis/")
    analysis = analyze(args.results, thresholds)
    print(analysis.text)
    print(f"Wrote {', '.join(str(p) for p in analysis.written)}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from hsbp.analysis.report import write_report
    from hsbp.analysis.robustness import DEFAULT_THRESHOLDS, parse_threshold

    thresholds = [parse_threshold(text) for text in args.threshold] if args.threshold else DEFAULT_THRESHOLDS
    for folder in args.results:
        _check_results_folder(folder, writes="analysis/ and figures/")
    out = check_output_file(args.out or args.results[0] / "report.html", "--out" if args.out else "", UsageError)
    path = write_report(args.results, out, thresholds=thresholds, title=args.title, series=args.series)
    print(path)
    return 0


def _odd(args: argparse.Namespace) -> int:
    from hsbp import odd

    path = args.path or odd.ODD_PATH
    text = read_user_text(path, "a model description (ODD.md)", UsageError)
    try:
        current = odd.render(text, where=str(path))
    except odd.OddError as error:
        raise UsageError(str(error)) from None
    if not args.check:
        check_output_file(path, "", UsageError)
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


def _check(args: argparse.Namespace) -> int:
    from hsbp.experiments.store import ResultsStore

    _check_results_folder(args.results)
    store = ResultsStore(args.results)
    health = store.inspect()
    for line in health.lines():
        print(line)
    if health.damaged and not args.repair:
        raise UsageError(health.advice())
    if health.damaged:
        for line in store.repair(health):
            print(line)
    return OK


def _check_workers(workers: int | None, executor: str = "processes") -> None:
    """--workers: 1 or more; for local processes, at most four per core (each is a whole Python process)."""
    from hsbp.experiments.executors import available_cores

    if workers is None:
        return
    if workers < 1:
        raise UsageError(f"--workers {workers}: allowed an integer ≥ 1")
    most = 4 * available_cores()
    if executor == "processes" and workers > most:
        raise UsageError(
            f"--workers {workers}: this computer has {available_cores()} cores; allowed 1 to {most} local processes"
        )


def _check_results_folder(folder: Path, writes: str = "") -> None:
    """A results folder named on the command line: present, a folder, and writable if the command `writes` in it."""
    try:
        exists, is_dir = folder.exists(), folder.is_dir()
    except (OSError, ValueError) as error:
        raise UsageError(f"{folder}: not a usable path ({error})") from None
    if not exists:
        raise UsageError(f"{folder}: no such folder; allowed a results folder written by hsbp sweep")
    if not is_dir:
        raise UsageError(f"{folder}: is a file; allowed a results folder written by hsbp sweep")
    if writes and not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{folder}: cannot write {writes} into it (permission denied); copy it somewhere writable")


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
        raise UsageError(f"scenarios {args.action}: name the scenario (see hsbp scenarios for the names)")
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
