
-- The reporting schema: the read side shared by the `registry` CLI and analysts.
-- This file is the current definition, for reading; migrations carry a frozen copy
-- of each version (replaceable objects), so editing it alone changes nothing.
-- tests/test_migrations.py fails when this file and the head migration differ.
-- The roles granted to at the end are created by revision 0003 (cluster-wide).
--
-- Recorded time: fact tables keep every version of a fact (see models.py). Every
-- view shows the versions current at reporting.as_recorded(): now by default, or
-- the instant a session sets with SET registry.as_recorded = '2025-01-01 00:00+00',
-- which answers "what did the registry say then" through the same views.

CREATE SCHEMA IF NOT EXISTS reporting;
COMMENT ON SCHEMA reporting IS 'Stable, documented views for reports and the registry CLI. Base tables are private.';

