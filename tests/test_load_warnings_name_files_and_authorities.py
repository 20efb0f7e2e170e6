"""A load warning names the file it is about and the authorities as the warehouse names them: the
population bases' warning stood under "population", not a file, and the overview's authorities were
in its own lower case ("brent, somerset")."""

from __future__ import annotations


def test_every_warning_is_under_a_file_that_was_read(con):
    read = {f for (f,) in con.execute("SELECT file FROM load_log").fetchall()}
    warned = {f for (f,) in con.execute("SELECT file FROM build_warnings").fetchall()}
    assert warned and warned <= read | {"etl/reference/outcomes.toml"}, warned - read


def test_the_overviews_authorities_are_named_as_the_warehouse_names_them(con):
    [(message,)] = con.execute("SELECT message FROM build_warnings WHERE message LIKE '%no overall effectiveness grade%'").fetchall()
    names = message.split("(")[1].split(")")[0].split(", ")
    known = {n for (n,) in con.execute("SELECT area_name FROM areas").fetchall()}
    assert names and set(names) <= known, names
