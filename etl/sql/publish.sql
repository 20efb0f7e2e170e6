-- What a build published with --allow-loss although the database it replaced held more
-- (its comments are in comments.sql, which runs after this file).

CREATE OR REPLACE VIEW build_losses AS
SELECT kind, publication, indicator_id, time_period, before, after
FROM warehouse.build_losses;
