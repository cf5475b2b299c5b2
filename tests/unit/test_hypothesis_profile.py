"""Property tests are reproducible in CI: the `ci` profile (tests/conftest.py) is derandomised, with no database."""

from __future__ import annotations

import os

from hypothesis import settings


def test_the_ci_profile_is_derandomised_without_a_database() -> None:
    profile = settings.get_profile("ci")
    assert profile.derandomize is True
    assert profile.database is None
    assert profile.deadline is None


def test_the_ci_profile_is_loaded_exactly_when_ci_is_set() -> None:
    assert settings.default.derandomize is bool(os.environ.get("CI"))
