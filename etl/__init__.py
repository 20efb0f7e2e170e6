"""Safeguarding Oversight ETL: published files -> typed frames -> DuckDB warehouse."""
