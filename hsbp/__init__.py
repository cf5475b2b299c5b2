"""hsbp: the user-facing shell (the `hsbp` command; later the dashboard)."""
