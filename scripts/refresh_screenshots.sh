#!/usr/bin/env bash
# Refresh the dashboard picture of the README and docs/dashboard.md (docs/images/dashboard.png) from the
# browser test that draws it. Tests otherwise never write into the repository (their pictures go to tmp_path).
# Needs the set-up .venv (scripts/bootstrap.sh) and Debian's chromium at /usr/bin/chromium.
# Usage: scripts/refresh_screenshots.sh   (then review and commit docs/images/dashboard.png)
set -euo pipefail
cd "$(dirname "$0")/.."
HSBP_REFRESH_SCREENSHOTS=1 .venv/bin/python -m pytest -q -p no:cacheprovider \
  "tests/dashboard/test_browser.py::test_comparison_runs_two_designs_on_the_same_scenario_and_seed"
git status --short docs/images
