"""CITATION.cff is valid Citation File Format 1.2.0 and agrees with the package metadata."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "data" / "citation-file-format-1.2.0.schema.json"  # the official CFF 1.2.0 schema


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_file_validates_against_the_cff_1_2_0_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(citation(), schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_a_broken_citation_file_is_rejected() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = citation() | {"cff-version": "1.2.0", "authors": []}
    try:
        jsonschema.validate(broken, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("an empty author list passed the schema")


def test_citation_version_and_licence_match_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation()["version"] == project["version"]
    licence = project["license"]  # an SPDX expression (PEP 639), or the older table {text = ...}
    assert citation()["license"] == (licence if isinstance(licence, str) else licence["text"])


def test_readme_says_how_to_cite() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## How to cite" in readme and "CITATION.cff" in readme
