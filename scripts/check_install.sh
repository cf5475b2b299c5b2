#!/usr/bin/env bash
# Build the wheel, install it (not editable) into a fresh environment, and use it from another folder,
# as a new user would: the shipped scenarios, one run, the ODD check and a quick study.
# Usage: scripts/check_install.sh [PYTHON]   (PYTHON: an interpreter >= 3.12; default .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${1:-.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$PYTHON" -m pip wheel --quiet --disable-pip-version-check --no-deps --wheel-dir "$work/dist" . >/dev/null
wheel=$(ls "$work"/dist/hsbp-*.whl)
"$PYTHON" -m venv "$work/env"
"$work/env/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; echo "check_install: installing $wheel failed" >&2; exit 1; }
site=$("$work/env/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
ours=$(unzip -Z1 "$wheel" | cut -d/ -f1 | grep -v '\.dist-info$' | sort -u | tr '\n' ' ')
[ "$ours" = "hsbp " ] || { echo "check_install: the wheel installs top-level names '$ours', expected only hsbp" >&2; exit 1; }
for heavy in solara ipyvuetify ema_workbench dask; do
  [ ! -d "$site/$heavy" ] || { echo "check_install: the core install pulled in $heavy (an extra)" >&2; exit 1; }
done
cd "$work" && mkdir elsewhere && cd elsewhere  # away from the checkout, whose hsbp/ folder would shadow the wheel
"$work/env/bin/python" -c 'from importlib.resources import files
for name in ("MODEL.md", "ODD.md"):
    assert (files("hsbp.docs") / name).is_file(), f"the wheel lacks hsbp/docs/{name}"' ||
  { echo "check_install: the model description is missing from the wheel" >&2; exit 1; }
hsbp=("$work/env/bin/hsbp")
"${hsbp[@]}" --help >/dev/null
"${hsbp[@]}" scenarios | grep -q tumaco
"${hsbp[@]}" run tumaco --months 24 --out run >/dev/null
[ -s run/outcomes.json ]
"${hsbp[@]}" odd --check >/dev/null
"${hsbp[@]}" study --quick --out study >/dev/null
[ -s study/report.html ]
echo "check_install: the wheel works from another folder (scenarios, run, odd --check, study --quick)"
