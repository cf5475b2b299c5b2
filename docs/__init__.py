"""The model's own statement (MODEL.md) and its ODD description, shipped as package data (`hsbp.docs`)."""
