#!/usr/bin/env bash
# Set up hsbp: find Python >= 3.12, create .venv in the repository, install the package with its test tools,
# and cache the dashboard's front-end files from the npm registry (needs npm).
# Usage: scripts/bootstrap.sh   (safe to run again; it only installs what is missing)
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  for candidate in python3.12 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  for root in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*; do
    [ -x "$root/bin/python3" ] && { echo "$root/bin/python3"; return 0; }
  done
  return 1
}

if ! PYTHON=$(find_python); then
  echo "hsbp setup: Python 3.12 or newer is required (Mesa 3.5 needs it) and none was found." >&2
  echo "  Install Python 3.12 (e.g. 'pyenv install 3.12'); this repository's .python-version selects it under pyenv." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  rm -rf .venv
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
if ! .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' >.venv/install.log 2>&1; then
  cat .venv/install.log >&2
  echo "hsbp setup: installing the package failed (pip's output above)." >&2
  exit 1
fi
scripts/fetch_dashboard_assets.sh .venv  # the dashboard's front-end files, so `hsbp dashboard` works offline
.venv/bin/python -c 'import platform, mesa, hsbp.sim; print("hsbp setup: ready in .venv (Python", platform.python_version() + ", Mesa", mesa.__version__ + ")")'
