"""Whatever a careless user types or points at: one line on stderr, exit code 2, never a traceback.

Hypothesis generates the bad inputs (byte strings as files, TOML values in scenario and
experiment files, command-line values); the CLI runs in-process through `hsbp.cli.main`.
Every generated input is bad by construction, so no model ever runs.
"""

from __future__ import annotations

import math
import string
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hsbp.cli import USAGE_ERROR, main
from hsbp.experiments.spec import MAX_POINTS, MAX_RUNS
from hsbp.sim.params import BY_NAME, CATALOGUE, Kind
from hsbp.sim.scenario import available

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SECTION = {Kind.STRUCTURE: "structure", Kind.CONTEXT: "context", Kind.LEVER: "design", Kind.BEHAVIOUR: "behaviour"}
TRIVIAL = """name = "bad"
model = "hsbp.experiments.reference_models:trivial"
sampler = "lhs"
samples = 4
outcomes = ["y"]

[factors]
x = [0.0, 1.0]
"""


def refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run the command; it must refuse with exit code 2 and one line. Returns that line."""
    code = main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    assert code == USAGE_ERROR, (argv, code, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("hsbp: ")
    return lines[0]


# --- TOML values --------------------------------------------------------------------------------------
def toml(value: Any) -> str:
    """A value as TOML text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + "".join(_escape(c) for c in value) + '"'

    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml(k)} = {toml(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def _escape(char: str) -> str:
    """A character inside a TOML basic string: quotes, backslashes and control characters escaped."""
    if char in '"\\':
        return "\\" + char
    if ord(char) < 0x20 or ord(char) == 0x7F:
        return f"\\u{ord(char):04x}"
    return char


text = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    text,
    st.dates(),
    st.datetimes(),
    st.times(),
)
toml_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3), max_leaves=6
)


@st.composite
def bad_parameter_values(draw: st.DrawFn) -> tuple[str, str, Any]:
    """(section, parameter, value) where the value is not allowed: wrong type or out of range."""
    parameter = draw(st.sampled_from(CATALOGUE))
    value = draw(toml_values)
    try:
        parameter.check(value)
    except ValueError:
        return SECTION[parameter.kind], parameter.name, value
    assume(False)  # a value the catalogue allows: not a bad input
    raise AssertionError


# --- files: bytes and TOML -----------------------------------------------------------------------------
@SETTINGS
@given(data=st.binary(min_size=1, max_size=200) | st.text(max_size=60).map(lambda t: t.encode("utf-16")))
def test_any_bytes_as_an_experiment_file_are_one_line(data: bytes, tmp_path: Path, capsys) -> None:
    path = tmp_path / "experiment.toml"
    path.write_bytes(data)
    line = refused(capsys, ["sweep", str(path), "--out", str(tmp_path / "out"), "--quiet"])
    assert str(path) in line


@SETTINGS
@given(data=st.binary(min_size=1, max_size=200))
def test_any_bytes_as_a_scenario_file_are_valid_or_one_line(data: bytes, tmp_path: Path, capsys) -> None:
    path = tmp_path / "scenario.toml"
    path.write_bytes(data)
    code = main(["scenarios", "validate", str(path)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if code == 0:  # blank lines, comments or a byte-order mark: the catalogue defaults
        assert "valid" in captured.out
        return
    assert code == USAGE_ERROR, captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert "scenario.toml" in captured.err


@SETTINGS
@given(bad=bad_parameter_values())
def test_a_bad_scenario_value_names_file_key_and_what_is_allowed(bad, tmp_path: Path, capsys) -> None:
    section, name, value = bad
    path = tmp_path / "scenario.toml"
    path.write_text(f"[{section}]\n{name} = {toml(value)}\n", encoding="utf-8")
    line = refused(capsys, ["scenarios", "validate", str(path)])
    assert "scenario.toml" in line and name in line and "allowed" in line


@SETTINGS
@given(section=st.sampled_from(["structure", "context", "design", "behaviour", "rules", "colour"]), value=toml_values)
def test_a_scenario_section_of_any_other_shape_is_one_line(section: str, value: Any, tmp_path: Path, capsys) -> None:
    assume(not isinstance(value, dict) or (value and section != "rules"))
    path = tmp_path / "scenario.toml"
    path.write_text(f"{section} = {toml(value)}\n", encoding="utf-8")
    refused(capsys, ["scenarios", "validate", str(path)])


ALLOWED = {  # what each experiment key may take (generously: anything else must be refused, and nothing runs)
    "sampler": lambda v: v in ("sobol", "morris", "fast", "lhs", "grid", "designs"),
    "samples": lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_POINTS,
    "replicates": lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_RUNS // 4,
    "seed": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "outcomes": lambda v: isinstance(v, list) and v and all(isinstance(n, str) for n in v),
    "name": lambda v: isinstance(v, str) and v.strip() != "",
    "model": lambda v: v == "hsbp.experiments.reference_models:trivial",
    "factors": lambda v: False,  # replacing [factors] with anything of another shape
    "second_order": lambda v: isinstance(v, bool),
    "morris_levels": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 2 and v % 2 == 0,
}


@SETTINGS
@given(key=st.sampled_from(sorted(ALLOWED)), value=toml_values)
def test_a_bad_experiment_value_is_one_line_naming_the_file(key: str, value: Any, tmp_path: Path, capsys) -> None:
    assume(not ALLOWED[key](value))
    assume(not (key == "factors" and isinstance(value, dict) and value))  # a table of factors is checked below
    lines = [line for line in TRIVIAL.splitlines() if not line.startswith(f"{key} =")]
    if key == "factors":
        lines = lines[: lines.index("[factors]")]
    path = tmp_path / "experiment.toml"
    path.write_text(f"{key} = {toml(value)}\n" + "\n".join(lines) + "\n", encoding="utf-8")
    line = refused(capsys, ["sweep", str(path), "--out", str(tmp_path / "out"), "--quiet"])
    assert "experiment.toml" in line


@SETTINGS
@given(value=toml_values)
def test_a_bad_factor_is_one_line(value: Any, tmp_path: Path, capsys) -> None:
    numbers = isinstance(value, list) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    assume(not (numbers and len(value) == 2 and all(map(math.isfinite, value)) and value[0] < value[1]))  # a range
    assume(not (isinstance(value, list) and len(value) >= 2 and not (numbers and len(value) == 2)))  # levels
    assume(not (isinstance(value, dict) and "levels" in value))  # a table of levels: checked like a list
    path = tmp_path / "experiment.toml"
    path.write_text(TRIVIAL.replace("x = [0.0, 1.0]", f"x = {toml(value)}"), encoding="utf-8")
    line = refused(capsys, ["sweep", str(path), "--out", str(tmp_path / "out"), "--quiet"])
    assert "factors.x" in line or "factors" in line


@SETTINGS
@given(value=toml_values)
def test_an_hsbp_experiment_with_a_bad_scenario_value_is_one_line(value: Any, tmp_path: Path, capsys) -> None:
    path = tmp_path / "experiment.toml"
    text = TRIVIAL.replace('model = "hsbp.experiments.reference_models:trivial"\n', "").replace(
        'outcomes = ["y"]\n', ""
    )
    text = text.replace("x = [0.0, 1.0]", "inclusivity = [0.0, 1.0]")
    assume(not (isinstance(value, str) and (value in available() or value == "defaults")))
    path.write_text(f"scenario = {toml(value)}\n" + text, encoding="utf-8")
    line = refused(capsys, ["sweep", str(path), "--out", str(tmp_path / "out"), "--quiet"])
    assert "experiment.toml" in line


def test_a_binary_scenario_named_by_an_experiment_names_both_files(tmp_path: Path, capsys) -> None:
    scenario = tmp_path / "picture.toml"
    scenario.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    path = tmp_path / "experiment.toml"
    path.write_text(f'scenario = "{scenario}"\n' + TRIVIAL.replace("x = [0.0, 1.0]", "inclusivity = [0.0, 1.0]"))
    text = path.read_text().replace('model = "hsbp.experiments.reference_models:trivial"\n', "")
    path.write_text(text.replace('outcomes = ["y"]\n', ""))
    line = refused(capsys, ["sweep", str(path), "--out", str(tmp_path / "out")])
    assert "experiment.toml" in line and "picture.toml" in line and "UTF-8" in line


# --- paths ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["run", "{dir}"], ["scenarios", "validate", "{dir}"], ["sweep", "{dir}"]])
def test_a_folder_where_a_file_is_expected(command: list[str], tmp_path: Path, capsys) -> None:
    line = refused(capsys, [part.format(dir=tmp_path) for part in command])
    assert f"{tmp_path}: is a folder" in line


@pytest.mark.parametrize(
    "command",
    [
        ["run", "tumaco", "--out", "{file}"],
        ["run", "tumaco", "--out", "{file}/sub"],
        ["sweep", "{experiment}", "--out", "{file}"],
        ["sweep", "{experiment}", "--out", "{file}/sub"],
        ["study", "--quick", "--out", "{file}"],
        ["report", "{tmp}", "--out", "{file}/report.html"],
        ["analyze", "{file}"],
        ["check", "{file}"],
    ],
)
def test_an_output_that_cannot_be_written_is_refused_before_any_run(command, tmp_path: Path, capsys) -> None:
    file = tmp_path / "a_file"
    file.write_text("not a folder")
    experiment = tmp_path / "experiment.toml"
    experiment.write_text(TRIVIAL)
    argv = [part.format(file=file, experiment=experiment, tmp=tmp_path) for part in command]
    line = refused(capsys, argv)
    assert str(file) in line
    assert not (tmp_path / "out").exists()


# --- command-line values ---------------------------------------------------------------------------------
def not_a_natural(text: str) -> bool:
    try:
        return int(text) < 0
    except ValueError:
        return True


options = st.text(string.printable, min_size=1, max_size=12).filter(lambda t: not t.startswith("-"))


@SETTINGS
@given(seed=options.filter(not_a_natural) | st.integers(max_value=-1).map(str))
def test_a_bad_seed_is_one_line_with_the_subcommand(seed: str, capsys) -> None:
    line = refused(capsys, ["run", "tumaco", f"--seed={seed}"])
    assert line.startswith("hsbp: run: argument --seed") and line.endswith("(see hsbp run --help)")


@SETTINGS
@given(pair=st.text(string.printable, max_size=30))
def test_a_bad_set_is_one_line(pair: str, capsys) -> None:
    key = pair.partition("=")[0].strip()
    assume(not key.startswith("rules."))
    assume(key not in BY_NAME)  # an unknown key or no KEY=VALUE at all
    refused(capsys, ["run", "tumaco", f"--set={pair}"])


@SETTINGS
@given(
    argv=st.lists(st.text(string.ascii_letters + string.digits + "-_=./", min_size=1, max_size=10), max_size=4).filter(
        lambda words: not any(word.startswith("-") for word in words)  # -h would ask for help
    ),
    command=st.sampled_from(["run", "sweep", "analyze", "report", "check", "scenarios", "params", "odd", "frob"]),
)
def test_unknown_options_are_one_line(argv: list[str], command: str, capsys) -> None:
    line = refused(capsys, [command, "--no-such-option", *argv])
    assert "--help)" in line


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "tumaco", "--months", "abc"],
        ["run", "tumaco", "--workers", "2"],
        ["run"],
        ["sweep"],
        ["sweep", "x.toml", "--workers", "0"],
        ["sweep", "x.toml", "--workers", "many"],
        ["sweep", "x.toml", "--executor", "threads"],
        ["dashboard", "--port", "70000"],
        ["params", "--kind", "colour"],
        [],
    ],
)
def test_argparse_errors_are_one_line(argv: list[str], capsys) -> None:
    refused(capsys, argv)


@pytest.mark.parametrize(
    ("tables", "key"),
    [
        ("[factors]\nx = [[1], [2]]\n", "factors.x"),  # levels that are lists: not a level
        ('[factors]\nx = [1, "a"]\n', "factors.x"),  # a number and a string: not one column
        ("[factors]\nx = [nan, 1.0, 2.0]\n", "factors.x"),
        ('[factors]\nz = [0.0, 1.0]\n[designs.a]\nx = 1\n[designs.b]\nx = "s"\n', "designs.b.x"),
        ("[factors]\nz = [0.0, 1.0]\n[designs.a]\nx = [1, 2]\n", "designs.a.x"),
    ],
)
def test_levels_and_design_values_that_cannot_be_stored_are_one_line(tables, key, tmp_path, capsys) -> None:
    head = TRIVIAL[: TRIVIAL.index("[factors]")]
    if "[designs" in tables:
        head = head.replace('sampler = "lhs"', 'sampler = "designs"')
    path = tmp_path / "experiment.toml"
    path.write_text(head + tables, encoding="utf-8")
    line = refused(capsys, ["sweep", str(path), "--out", str(tmp_path / "out"), "--quiet"])
    assert key in line


def test_a_mistyped_sample_size_is_refused_before_sampling(tmp_path, capsys) -> None:
    path = tmp_path / "experiment.toml"
    path.write_text(TRIVIAL.replace("samples = 4", "samples = 1000000000000"), encoding="utf-8")
    line = refused(capsys, ["sweep", str(path), "--out", str(tmp_path / "out")])
    assert "samples = 1000000000000" in line and "allowed at most 10,000,000 points" in line


def test_a_dask_scheduler_address_that_is_wrong_is_one_line_and_makes_no_folder(tmp_path, capsys) -> None:
    pytest.importorskip("distributed")
    path = tmp_path / "experiment.toml"
    path.write_text(TRIVIAL, encoding="utf-8")
    argv = ["sweep", str(path), "--out", str(tmp_path / "out"), "--executor", "dask", "--scheduler", "nowhere"]
    assert "--scheduler nowhere: cannot connect" in refused(capsys, argv)
    assert not (tmp_path / "out").exists()
