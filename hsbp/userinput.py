"""Files and folders a user names: checked before they are parsed or written, every problem one line.

This module imports nothing else of the project, so every layer (the model's scenarios, the
sweep engine's experiment files and results folders, the command line) checks user files the
same way. Each check raises `UserInputError`, or the caller's subclass of it (`ScenarioError`,
`ExperimentError`, ...), with a message that names the path, says what is wrong and what is
allowed; the command line prints it as one line with exit code 2.
"""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

MAX_TEXT_BYTES = 10_000_000  # scenario and experiment files are a few kB; a bigger file is the wrong file
BOMS = {  # byte-order marks of encodings other than UTF-8, longest first (UTF-32 LE starts like UTF-16 LE)
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


class UserInputError(ValueError):
    """Input the user can correct (a file, key, value, option or folder); the message is one line."""


def read_user_text(
    path: str | os.PathLike[str], what: str, error: type[UserInputError] = UserInputError, where: str | None = None
) -> str:
    """The text of a UTF-8 file the user named, or `error` saying why it cannot be read.

    Checks, in order: the path is valid, exists, is a regular file (not a folder or a device),
    is not implausibly large, can be read, and is UTF-8 text (a UTF-8 byte-order mark is dropped).
    `what` names the kind of file in messages ("a scenario file (.toml)"); `where` is how to show the path.
    """
    path = Path(path)
    where = where or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise error(f"{where}: file not found") from None
    except (OSError, ValueError) as problem:
        raise error(f"{where}: cannot be used as {what} ({_reason(problem)})") from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"{where}: is a folder; allowed {what}") from None
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{where}: is not a regular file (a device, pipe or socket); allowed {what}")
    if info.st_size > MAX_TEXT_BYTES:
        raise error(f"{where}: is {info.st_size / 1e6:.0f} MB; expected {what}, a small text file")
    try:
        data = path.read_bytes()
    except OSError as problem:
        raise error(f"{where}: cannot be read ({_reason(problem)})") from None
    return decode_user_bytes(data, what, error, where)


def decode_user_bytes(data: bytes, what: str, error: type[UserInputError], where: str) -> str:
    """`data` as UTF-8 text, or `error` saying what the bytes look like instead."""
    encoding = next((name for bom, name in BOMS.items() if data.startswith(bom)), None)
    if encoding is not None:
        raise error(f"{where}: is {encoding} text; allowed {what} saved as UTF-8")
    if b"\x00" in data:
        raise error(
            f"{where}: is not UTF-8 text (it holds NUL bytes: a binary file, or UTF-16 without a byte-order mark); "
            f"allowed {what} saved as UTF-8"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        byte = data[problem.start]
        raise error(
            f"{where}: is not UTF-8 text (byte 0x{byte:02x} at offset {problem.start}: a binary file, or text "
            f"saved as Latin-1 or Windows-1252?); allowed {what} saved as UTF-8"
        ) from None


def read_user_toml(
    path: str | os.PathLike[str], what: str, error: type[UserInputError] = UserInputError, where: str | None = None
) -> tuple[str, dict[str, Any]]:
    """The text of a TOML file the user named and its parsed tables, or `error` naming the file."""
    where = where or str(path)
    text = read_user_text(path, what, error, where)
    return text, parse_user_toml(text, error, where)


def parse_user_toml(text: str, error: type[UserInputError], where: str) -> dict[str, Any]:
    """Parse TOML text, or `error` naming where the text came from and where it breaks."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise error(f"{where}: not valid TOML ({problem})") from None
    except RecursionError:  # a few thousand nested brackets
        raise error(f"{where}: not valid TOML (nested too deeply)") from None


def check_output_folder(
    path: str | os.PathLike[str], option: str, error: type[UserInputError] = UserInputError
) -> Path:
    """A folder the user wants results written to: a folder or absent, inside a folder that can be written.

    Called before any expensive work starts, so a bad `--out` never throws a result away.
    """
    path = Path(path)
    name = f"{option} {path}" if option else str(path)
    try:
        if path.exists() and not path.is_dir():
            raise error(f"{name}: is a file; allowed a folder (new or existing)")
        _check_parent(path, name, error)
    except OSError as problem:
        raise error(f"{name}: not a usable path ({_reason(problem)})") from None
    except ValueError as problem:
        if isinstance(problem, UserInputError):
            raise
        raise error(f"{name}: not a usable path ({problem})") from None
    return path


def check_output_file(path: str | os.PathLike[str], option: str, error: type[UserInputError] = UserInputError) -> Path:
    """A file the user wants written: a file or absent, inside a folder that exists or can be made."""
    path = Path(path)
    name = f"{option} {path}" if option else str(path)
    try:
        if path.is_dir():
            raise error(f"{name}: is a folder; allowed a file name, e.g. {path / 'report.html'}")
        if path.exists() and not os.access(path, os.W_OK):
            raise error(f"{name}: cannot be overwritten (permission denied)")
        _check_parent(path, name, error)
    except OSError as problem:
        raise error(f"{name}: not a usable path ({_reason(problem)})") from None
    except ValueError as problem:
        if isinstance(problem, UserInputError):
            raise
        raise error(f"{name}: not a usable path ({problem})") from None
    return path


def _check_parent(path: Path, name: str, error: type[UserInputError]) -> None:
    """The nearest existing ancestor of `path` must be a folder this process can write into."""
    ancestor = path.absolute()
    if ancestor.exists() and ancestor.is_dir():
        if not os.access(ancestor, os.W_OK | os.X_OK):
            raise error(f"{name}: cannot write into this folder (permission denied)")
        return
    ancestor = ancestor.parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise error(f"{name}: {ancestor} is a file, so nothing can be created under it")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise error(f"{name}: cannot create it inside {ancestor} (permission denied)")


def _reason(problem: BaseException) -> str:
    """The operating system's words for a failed file operation, without the repeated file name."""
    if isinstance(problem, OSError) and problem.strerror:
        if problem.errno == errno.ENAMETOOLONG:
            return "the name is too long"
        return problem.strerror[0].lower() + problem.strerror[1:]
    return str(problem)
