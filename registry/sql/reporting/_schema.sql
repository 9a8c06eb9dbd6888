-- The reporting schema: the read side shared by the `registry` CLI and analysts.
-- Each view and function has its own file in registry/sql/reporting/, the one to
-- edit; registry/views/reporting.sql is their concatenation (`python -m registry.sql`
-- writes it). Editing them alone changes nothing: revisions 0001-0009 each recreated
-- the schema from a frozen copy (migrations/sql/versions/); from 0010 on a revision
-- replaces only the objects it names (registry/sql/replaceable.py, no DROP SCHEMA ...
-- CASCADE). tests/test_migrations.py fails when these files, run on a database at
-- head, give another schema than the migrations (views, functions, columns, comments,
-- grants).
-- The roles granted to at the end are created by revision 0003 (cluster-wide).
--
-- Recorded time: fact tables keep every version of a fact (see models.py). Every
-- view shows the versions current at reporting.as_recorded(): now by default, or
-- the instant a session sets with SET registry.as_recorded = '2025-01-01 00:00+00',
-- which answers "what did the registry say then" through the same views.

CREATE SCHEMA IF NOT EXISTS reporting;
COMMENT ON SCHEMA reporting IS 'Stable, documented views for reports and the registry CLI. Base tables are private.';

