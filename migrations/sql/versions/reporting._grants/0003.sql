GRANT USAGE ON SCHEMA reporting TO registry_analyst, registry_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO registry_analyst, registry_writer;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA reporting TO registry_analyst, registry_writer;
