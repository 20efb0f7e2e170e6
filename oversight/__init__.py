"""Shared query, analysis and chart layer for the dashboard pages and the report."""
