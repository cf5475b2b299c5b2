"""The command line's one error boundary: exit codes, one-line messages and crash logs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hsbp import cli
from hsbp.cli import INTERNAL_ERROR, USAGE_ERROR, main


def test_an_internal_error_is_one_line_exit_3_with_a_crash_log(monkeypatch, tmp_path: Path, capsys) -> None:
    def broken(args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setenv(cli.CRASH_LOG_DIR, str(tmp_path))
    monkeypatch.setattr(cli, "_params", broken)
    assert main(["params"]) == INTERNAL_ERROR
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert "internal error (ZeroDivisionError)" in lines[0]
    (log,) = tmp_path.glob("hsbp-crash-*.log")
    assert str(log) in lines[0]
    text = log.read_text()
    assert "command: hsbp params" in text and "Traceback" in text and "ZeroDivisionError: a bug" in text


def test_an_internal_error_without_a_writable_log_folder_is_still_one_line(monkeypatch, tmp_path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv(cli.CRASH_LOG_DIR, str(blocker / "logs"))
    monkeypatch.setattr(cli, "_params", lambda args: 1 / 0)
    assert main(["params"]) == INTERNAL_ERROR
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "no crash log could be written" in err


def test_a_full_disk_is_one_line_exit_2(monkeypatch, capsys) -> None:
    def full(args):
        raise OSError(28, "No space left on device", "/results/x/runs/part-000001.parquet")

    monkeypatch.setattr(cli, "_params", full)
    assert main(["params"]) == USAGE_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err and "part-000001" in err


def test_a_message_with_a_newline_stays_one_line(tmp_path, capsys) -> None:
    assert main(["run", str(tmp_path / "two\nlines.toml")]) == USAGE_ERROR
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_help_documents_the_exit_codes(capsys) -> None:
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for code in ("0 success", "1 a sweep stored failed runs", "2 bad input", "3 internal error", "130 interrupted"):
        assert code in out


def test_run_with_out_naming_a_file_fails_before_the_model_runs(monkeypatch, tmp_path, capsys) -> None:
    import hsbp.sim.model

    def never(*args, **kwargs):
        raise AssertionError("the model ran before --out was checked")

    monkeypatch.setattr(hsbp.sim.model, "PartnershipModel", never)
    file = tmp_path / "file"
    file.write_text("")
    assert main(["run", "tumaco", "--out", str(file)]) == USAGE_ERROR
    assert f"--out {file}: is a file" in capsys.readouterr().err


def test_odd_check_names_the_file_it_was_given(tmp_path, capsys) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# no generated sections here\n")
    assert main(["odd", "--check", "--path", str(path)]) == USAGE_ERROR
    err = capsys.readouterr().err
    assert err.startswith(f"hsbp: {path}: no <!-- BEGIN/END GENERATED") and "docs/ODD.md" not in err


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["run", "tumaco", "--seed", "-1"], "hsbp: run: argument --seed: -1 is negative; allowed an integer ≥ 0"),
        (["run", "tumaco", "--colour"], "hsbp: run: unrecognized arguments: --colour (see hsbp run --help)"),
        (["sweep"], "hsbp: sweep: the following arguments are required: experiment (see hsbp sweep --help)"),
    ],
)
def test_argparse_errors_name_the_subcommand_and_its_help(argv, line, capsys) -> None:
    assert main(argv) == USAGE_ERROR
    assert capsys.readouterr().err.startswith(line)


def test_the_console_script_exits_with_the_same_codes(tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hsbp", "run", "tumaco", "--seed", "-1"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == USAGE_ERROR
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_warnings_follow_a_command_that_succeeds_and_never_precede_an_error(monkeypatch, tmp_path, capsys) -> None:
    import warnings

    def noisy(args):
        warnings.warn("mind the sample size", UserWarning, stacklevel=1)
        warnings.warn("empty slice", RuntimeWarning, stacklevel=1)  # numpy's numeric notes: not for readers
        return 0

    monkeypatch.setattr(cli, "_params", noisy)
    assert main(["params"]) == 0
    assert capsys.readouterr().err == "hsbp: warning: mind the sample size\n"

    old_name = tmp_path / "old.toml"  # an old model name (a warning) and a bad value (the error)
    old_name.write_text('name = "x"\nmodel = "experiments.reference_models:trivial"\nsampler = "lhs"\nsamples = -1\n')
    assert main(["sweep", str(old_name)]) == USAGE_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "samples = -1" in err
