"""The dashboard for programme designers: `hsbp dashboard` serves a Mesa SolaraViz page.

- `model`: `DesignComparison`, the Mesa model each browser session drives (design A, and design B
  in comparison mode, on one scenario and seed).
- `controls`: the SolaraViz inputs, generated from the parameter catalogue.
- `app`: the Solara page (`Page`) and its components (this month's values, the partner network,
  the monthly plots, the guide to the controls).
- `assets`: the front-end files the page needs and where Solara caches them (offline use).
- `server`: starts the Solara server for `hsbp dashboard`.

Importing this package does not import Solara; `app` and `server` do.
"""
