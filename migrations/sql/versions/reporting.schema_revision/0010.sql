-- The names the CLI looks cities, parties and people up by (registry.queries), and
-- the schema's revision: what a login that reads only this schema needs (revision
-- 0010). Each lookup is an index scan: a filter on key or search_key reaches the
-- table's index, through both branches of a UNION ALL for the views of names
-- (benchmarks/README.md, fix 9); the party's and city's own names by lookup.
CREATE VIEW reporting.schema_revision AS
SELECT version_num AS revision
FROM alembic_version;

COMMENT ON VIEW reporting.schema_revision IS 'The revision of the registry''s schema (Alembic''s), one row: what `registry` commands check before they answer, readable by every login that reads this schema.';
COMMENT ON COLUMN reporting.schema_revision.revision IS 'The revision the database is at, e.g. 0010.';

