"""One module per category; each exposes `find(text) -> list[Finding]`."""
