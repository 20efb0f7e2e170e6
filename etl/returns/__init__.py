"""An authority's own statutory returns (CIN census XML, SSDA903 CSV tables or XML), read into a
separate local database with child identifiers hashed, and the local indicators computed from
them. Entry point: etl.returns.command.run (the `returns` command)."""
