"""Named scenarios shipped as package data (`hsbp.scenarios`), one TOML file each; read with importlib.resources."""
