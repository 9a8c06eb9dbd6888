-- Analysts (and the writer, whose `registry` reads through these) may read the
-- reporting schema and nothing else; grants go with the schema, which each
-- revision recreates. The functions run with the caller's rights, over the views.
GRANT USAGE ON SCHEMA reporting TO registry_analyst, registry_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO registry_analyst, registry_writer;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA reporting TO registry_analyst, registry_writer;
