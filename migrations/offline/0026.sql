SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0025 -> 0026

ALTER TABLE heads_timeline DROP CONSTRAINT fk_heads_timeline_mission_id_mission;

ALTER TABLE mission_timeline DROP CONSTRAINT fk_mission_timeline_mission_id_mission;

ALTER TABLE fact_evidence DROP CONSTRAINT fk_fact_evidence_mission_id_mission;

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
       AND d.refobjid IN (SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname = 'forget_missions')
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace public.forget_missions: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$-- The derived tables hold no foreign key to mission (revision 0026): a refresh only
-- writes rows of missions it has locked and read, so what a key would add is the
-- deletion of a mission's rows with it, done here once a statement; a key checked
-- each derived row alone, 40% of a full rebuild (benchmarks/README.md).
CREATE OR REPLACE FUNCTION public.forget_missions()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE heads_timeline, mission_timeline, fact_evidence;
    ELSE
        DELETE FROM heads_timeline WHERE mission_id IN (SELECT id FROM gone);
        DELETE FROM mission_timeline WHERE mission_id IN (SELECT id FROM gone);
        DELETE FROM fact_evidence WHERE mission_id IN (SELECT id FROM gone);
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION forget_missions() FROM PUBLIC;
COMMENT ON FUNCTION forget_missions() IS 'Statement trigger on mission (revision 0026): deletes the derived rows (heads_timeline, mission_timeline, fact_evidence) of deleted missions, and empties them when mission is truncated.';
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT proacl INTO grants FROM pg_proc WHERE oid = 'public.forget_missions()'::regprocedure;
    EXECUTE 'DROP FUNCTION public.forget_missions() RESTRICT';
    EXECUTE $object$-- The derived tables hold no foreign key to mission (revision 0026): a refresh only
-- writes rows of missions it has locked and read, so what a key would add is the
-- deletion of a mission's rows with it, done here once a statement; a key checked
-- each derived row alone, 40% of a full rebuild (benchmarks/README.md).
CREATE FUNCTION public.forget_missions()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE heads_timeline, mission_timeline, fact_evidence;
    ELSE
        DELETE FROM heads_timeline WHERE mission_id IN (SELECT id FROM gone);
        DELETE FROM mission_timeline WHERE mission_id IN (SELECT id FROM gone);
        DELETE FROM fact_evidence WHERE mission_id IN (SELECT id FROM gone);
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION forget_missions() FROM PUBLIC;
COMMENT ON FUNCTION forget_missions() IS 'Statement trigger on mission (revision 0026): deletes the derived rows (heads_timeline, mission_timeline, fact_evidence) of deleted missions, and empties them when mission is truncated.';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON FUNCTION public.forget_missions() TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

CREATE TRIGGER mission_forget_deleted AFTER DELETE ON mission REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION public.forget_missions();

COMMENT ON TRIGGER mission_forget_deleted ON mission IS 'Deletes the derived rows of the missions a statement deleted (forget_missions).';

CREATE TRIGGER mission_forget_truncated AFTER TRUNCATE ON mission FOR EACH STATEMENT EXECUTE FUNCTION public.forget_missions();

COMMENT ON TRIGGER mission_forget_truncated ON mission IS 'Empties the derived tables when mission is truncated (forget_missions).';

UPDATE alembic_version SET version_num='0026' WHERE alembic_version.version_num = '0025';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

