"""The dashboard for programme designers: `hsbp dashboard` serves a small Solara page around Mesa models.

- `model`: `DesignComparison`, the Mesa model each browser session drives (design A, and design B
  when comparing, on one site and seed).
- `settings`: what a user chooses (site, named designs as presets, levers, site conditions, seed),
  in catalogue terms, and the plain words for it.
- `charts`: the monthly series as SVG charts, the same charts as PNG and the series as CSV.
- `app`: the Solara page (`Page`): controls, run buttons, charts, partner network, guide.
- `assets`: the front-end files the page needs and where Solara caches them (offline use).
- `server`: starts the Solara server for `hsbp dashboard` (or a notice page when files are missing).

Importing this package does not import Solara; `app` and `server` do.
"""
