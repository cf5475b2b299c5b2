#!/usr/bin/env bash
# Fill Solara's asset cache with the dashboard's front-end files from the npm registry, so
# `hsbp dashboard` works offline (Solara would otherwise fetch them from a CDN when the page loads).
# Usage: scripts/fetch_dashboard_assets.sh [VENV]   (default: the repository's .venv; safe to run again)
# The cache is $SOLARA_ASSETS_PROXY_CACHE_DIR if set, else VENV/share/solara/cdn (Solara's default).
# The packages are listed in hsbp/dashboard/assets.txt; each is unpacked to <cache>/<package>@<version>/.
# Needs npm; exits 1 if npm is missing or a package cannot be fetched.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-$repo/.venv}"
list="$repo/hsbp/dashboard/assets.txt"
cache="${SOLARA_ASSETS_PROXY_CACHE_DIR:-$venv/share/solara/cdn}"

if ! command -v npm >/dev/null 2>&1; then
  echo "hsbp dashboard assets: npm is required to fetch the front-end files and was not found (Debian: apt-get install npm)." >&2
  exit 1
fi
if [ -z "${SOLARA_ASSETS_PROXY_CACHE_DIR:-}" ] && [ ! -x "$venv/bin/python" ]; then
  echo "hsbp dashboard assets: $venv is not a virtual environment; pass the one hsbp is installed in, e.g. .venv" >&2
  exit 1
fi
mkdir -p "$cache"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetched=0
total=0
while read -r spec; do
  case "$spec" in '' | '#'*) continue ;; esac
  total=$((total + 1))
  target="$cache/$spec"
  [ -d "$target" ] && continue # complete: a package is moved into place only once fully unpacked
  rm -rf "$work/pack" "$work/unpacked" && mkdir -p "$work/pack" "$work/unpacked"
  if ! (cd "$work/pack" && npm pack --loglevel=error "$spec") >"$work/npm.log" 2>&1; then
    cat "$work/npm.log" >&2
    echo "hsbp dashboard assets: could not fetch $spec from the npm registry (npm's output above)." >&2
    exit 1
  fi
  tar -xzf "$work/pack/"*.tgz -C "$work/unpacked"
  set -- "$work/unpacked"/* # an npm tarball holds one folder (usually package/)
  if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "hsbp dashboard assets: the npm tarball of $spec does not hold one folder; cannot unpack it." >&2
    exit 1
  fi
  mkdir -p "$(dirname "$target")"
  rm -rf "$target.partial"
  mv "$1" "$target.partial"
  mv "$target.partial" "$target"
  fetched=$((fetched + 1))
done <"$list"
echo "hsbp dashboard assets: $total packages ready in $cache ($fetched fetched now)"
