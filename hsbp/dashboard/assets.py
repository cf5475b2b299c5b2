"""The dashboard's front-end files: which npm packages the page requests, and whether Solara's cache has them.

Solara serves the page's JavaScript, CSS and fonts from `/_solara/cdn/<package>@<version>/...`,
reading them from its asset cache and fetching any missing file from a CDN. Offline, a missing
file leaves the page blank, so `scripts/fetch_dashboard_assets.sh` fills the cache at set-up
with the packages listed in `assets.txt` (beside this module).
"""

from __future__ import annotations

import os
import site
import sys
from importlib.resources import files
from pathlib import Path

LIST = files("hsbp.dashboard") / "assets.txt"
CACHE_ENV = "SOLARA_ASSETS_PROXY_CACHE_DIR"


def packages() -> list[str]:
    """The package specifiers the page requests, e.g. 'requirejs@2.3.6' (assets.txt, without comments)."""
    lines = (line.strip() for line in LIST.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def cache_dir() -> Path:
    """Solara's asset cache: $SOLARA_ASSETS_PROXY_CACHE_DIR, else <prefix>/share/solara/cdn as Solara computes it."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import solara  # only to learn where it is installed, as solara.server.settings does

    user_base = site.getuserbase()
    prefix = user_base if user_base and str(Path(solara.__file__).parent).startswith(user_base) else sys.prefix
    return Path(prefix) / "share" / "solara" / "cdn"


def missing(cache: Path | None = None) -> list[str]:
    """The listed packages that the cache does not hold."""
    cache = cache if cache is not None else cache_dir()
    return [spec for spec in packages() if not (cache / spec).is_dir()]
