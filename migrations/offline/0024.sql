SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0023 -> 0024

CREATE SEQUENCE write_mark AS bigint;

COMMENT ON SEQUENCE write_mark IS 'Advanced by every statement that writes to a fact or reference table (trigger function note_write): an import keeps its value at commit in import_run.write_mark, and a later one finding it unchanged knows nothing was written since.';

GRANT USAGE, SELECT ON SEQUENCE write_mark TO registry_writer;

DO $replace$
DECLARE
    dependent text;
BEGIN
    SELECT coalesce(c.oid::regclass::text, p.oid::regprocedure::text) INTO dependent
      FROM pg_depend d
      LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      LEFT JOIN pg_class c ON c.oid = r.ev_class AND c.oid <> d.refobjid
      LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
     WHERE d.refclassid = 'pg_proc'::regclass
       AND d.refobjid IN (SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname = 'note_write')
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace public.note_write: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$CREATE OR REPLACE FUNCTION public.note_write()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    -- An import keeping its own mark (registry/bundle/runs.py) sets registry.marking:
    -- its statements are what the mark stands for, and are not counted against it.
    IF current_setting('registry.marking', true) = 'on' THEN
        RETURN NULL;
    END IF;
    -- Held shared to this writer's commit, so an import starting meanwhile can tell
    -- that a write it may not see is in flight (registry.access.WRITE_MARK_LOCK_ID).
    PERFORM pg_advisory_xact_lock_shared(1919248247);
    PERFORM nextval('public.write_mark');
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION public.note_write() IS 'Statement trigger on every fact and reference table (revision 0024): advances the write_mark sequence, so that an import can tell whether anything was written since it committed.';
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT proacl INTO grants FROM pg_proc WHERE oid = 'public.note_write()'::regprocedure;
    EXECUTE 'DROP FUNCTION public.note_write() RESTRICT';
    EXECUTE $object$CREATE FUNCTION public.note_write()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    -- An import keeping its own mark (registry/bundle/runs.py) sets registry.marking:
    -- its statements are what the mark stands for, and are not counted against it.
    IF current_setting('registry.marking', true) = 'on' THEN
        RETURN NULL;
    END IF;
    -- Held shared to this writer's commit, so an import starting meanwhile can tell
    -- that a write it may not see is in flight (registry.access.WRITE_MARK_LOCK_ID).
    PERFORM pg_advisory_xact_lock_shared(1919248247);
    PERFORM nextval('public.write_mark');
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION public.note_write() IS 'Statement trigger on every fact and reference table (revision 0024): advances the write_mark sequence, so that an import can tell whether anything was written since it committed.';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON FUNCTION public.note_write() TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

CREATE TRIGGER accreditation_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON accreditation FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER accreditation_note_write ON accreditation IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER authority_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON authority FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER authority_note_write ON authority IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER city_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON city FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER city_note_write ON city IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER city_alias_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON city_alias FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER city_alias_note_write ON city_alias IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER complete_list_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON complete_list FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER complete_list_note_write ON complete_list IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER complete_list_mission_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON complete_list_mission FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER complete_list_mission_note_write ON complete_list_mission IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER external_id_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON external_id FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER external_id_note_write ON external_id IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER mission_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON mission FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER mission_note_write ON mission IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER mission_jurisdiction_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON mission_jurisdiction FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER mission_jurisdiction_note_write ON mission_jurisdiction IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER mission_kind_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON mission_kind FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER mission_kind_note_write ON mission_kind IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER mission_seat_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON mission_seat FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER mission_seat_note_write ON mission_seat IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER mission_source_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON mission_source FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER mission_source_note_write ON mission_source IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER party_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON party FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER party_note_write ON party IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER party_alias_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON party_alias FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER party_alias_note_write ON party_alias IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER party_succession_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON party_succession FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER party_succession_note_write ON party_succession IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER person_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON person FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER person_note_write ON person IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER person_alias_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON person_alias FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER person_alias_note_write ON person_alias IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER post_form_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON post_form FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER post_form_note_write ON post_form IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER rank_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rank FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER rank_note_write ON rank IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER relation_event_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON relation_event FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER relation_event_note_write ON relation_event IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER relation_event_kind_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON relation_event_kind FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER relation_event_kind_note_write ON relation_event_kind IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER source_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON source FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER source_note_write ON source IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER status_change_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON status_change FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER status_change_note_write ON status_change IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER status_change_kind_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON status_change_kind FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER status_change_kind_note_write ON status_change_kind IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER subdivision_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON subdivision FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER subdivision_note_write ON subdivision IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TRIGGER tenure_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenure FOR EACH STATEMENT EXECUTE FUNCTION public.note_write();

COMMENT ON TRIGGER tenure_note_write ON tenure IS 'Advances write_mark: an import of unchanged files is told whether anything was written since.';

CREATE TABLE import_run (
    id SERIAL NOT NULL, 
    dataset TEXT NOT NULL, 
    input TEXT NOT NULL, 
    fingerprint TEXT NOT NULL, 
    write_mark BIGINT, 
    counts JSONB NOT NULL, 
    problems JSONB NOT NULL, 
    imported_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    imported_by TEXT DEFAULT CURRENT_USER NOT NULL, 
    CONSTRAINT pk_import_run PRIMARY KEY (id), 
    CONSTRAINT ck_import_run_dataset_named CHECK (dataset ~ '^[a-z][a-z-]{0,39}$'), 
    CONSTRAINT ck_import_run_fingerprint_sha256 CHECK (fingerprint ~ '^[0-9a-f]{64}$'), 
    CONSTRAINT ck_import_run_input_length CHECK (char_length(input) <= 4000)
);

COMMENT ON TABLE import_run IS 'One committed import (registry import ...): the dataset, what it read (a fingerprint of the files, the importer and its options), the write mark at its commit, and its report. Written by the importer in the import''s own transaction; read to tell an unchanged re-import that it has nothing to write.';

COMMENT ON COLUMN import_run.id IS 'Surrogate key.';

COMMENT ON COLUMN import_run.dataset IS 'The importer: bundle, pocom, rdcr or wikidata-embassies.';

COMMENT ON COLUMN import_run.input IS 'The file or directory imported, as the command was given it.';

COMMENT ON COLUMN import_run.fingerprint IS 'SHA-256 (hex) of every file read (path and bytes), the registry''s own code and reference data, and the options that change what is written.';

COMMENT ON COLUMN import_run.write_mark IS 'write_mark''s value at the import''s commit; NULL when another writer was at work during the import (what it wrote may not be in this import''s view).';

COMMENT ON COLUMN import_run.counts IS 'Per table, the rows inserted, superseded and found unchanged: {"tenure": [inserted, superseded, unchanged], ...}.';

COMMENT ON COLUMN import_run.problems IS 'Every unmapped value and notice the import reported, each as [file, line, field, value, message, severity].';

COMMENT ON COLUMN import_run.imported_at IS 'When the import''s transaction began (its commit followed).';

COMMENT ON COLUMN import_run.imported_by IS 'The database user who ran the import.';

CREATE INDEX ix_import_run_dataset_fingerprint ON import_run (dataset, fingerprint);

REVOKE ALL ON import_run FROM registry_writer;

GRANT SELECT, INSERT ON import_run TO registry_writer;

GRANT USAGE ON SEQUENCE import_run_id_seq TO registry_writer;

UPDATE alembic_version SET version_num='0024' WHERE alembic_version.version_num = '0023';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

