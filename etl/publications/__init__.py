"""Readers: one per file format, driven by the declared contracts in `etl/contracts/`."""
