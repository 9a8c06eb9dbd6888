SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0017 -> 0020

ALTER TABLE party DROP CONSTRAINT ck_party_kind_known;

ALTER TABLE party ADD CONSTRAINT ck_party_kind_known CHECK (kind IN ('state', 'historical_state', 'state_limited_recognition', 'sovereign_entity', 'subnational', 'government_in_exile', 'organisation'));

COMMENT ON COLUMN party.kind IS 'state (an ISO 3166-1 entry), historical_state, state_limited_recognition (Kosovo, Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, Flanders), government_in_exile (the Central Tibetan Administration) or organisation.';

DO $replace$
DECLARE
    dependent text;
BEGIN
    SELECT coalesce(c.oid::regclass::text, p.oid::regprocedure::text) INTO dependent
      FROM pg_depend d
      LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      LEFT JOIN pg_class c ON c.oid = r.ev_class AND c.oid <> d.refobjid
      LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
     WHERE d.refclassid = 'pg_class'::regclass
       AND d.refobjid IN (SELECT oid FROM pg_class WHERE oid = to_regclass('reporting.party'))
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace reporting.party: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$CREATE OR REPLACE VIEW reporting.party AS
SELECT
    p.id AS party_id,
    p.code,
    p.name,
    p.kind,
    p.iso_alpha3,
    lower(p.existed) AS existed_from,
    upper(p.existed) AS existed_until,
    p.cow_code,
    (SELECT x.value FROM external_id x WHERE x.party_id = p.id AND x.scheme = 'wikidata' ORDER BY x.id LIMIT 1) AS wikidata
FROM party p;

COMMENT ON VIEW reporting.party IS 'Every state and international organisation that sends or receives missions. Its names, for lookup, are in reporting.party_name.';
COMMENT ON COLUMN reporting.party.party_id IS 'Party identifier.';
COMMENT ON COLUMN reporting.party.code IS 'ISO 3166-1 alpha-2 for states (KZ), ISO 3166-3 alpha-4 for historical states (SUHH), a code for organisations (african-union).';
COMMENT ON COLUMN reporting.party.name IS 'Usual English name.';
COMMENT ON COLUMN reporting.party.kind IS 'state, historical_state, state_limited_recognition (Kosovo, Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, Flanders), government_in_exile (the Central Tibetan Administration) or organisation.';
COMMENT ON COLUMN reporting.party.iso_alpha3 IS 'ISO 3166-1 alpha-3 code, for states; NULL otherwise.';
COMMENT ON COLUMN reporting.party.existed_from IS 'First day the party existed, when recorded (the GDR: 1949-10-07).';
COMMENT ON COLUMN reporting.party.existed_until IS 'Day the party ceased to exist (NULL: it exists, or not recorded).';
COMMENT ON COLUMN reporting.party.cow_code IS 'Correlates of War state code, historical states too; NULL outside the COW state list.';
COMMENT ON COLUMN reporting.party.wikidata IS 'Wikidata QID of the party (the Holy See: Q159583), when known.';
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT relacl INTO grants FROM pg_class WHERE oid = 'reporting.party'::regclass;
    EXECUTE 'DROP VIEW reporting.party RESTRICT';
    EXECUTE $object$CREATE VIEW reporting.party AS
SELECT
    p.id AS party_id,
    p.code,
    p.name,
    p.kind,
    p.iso_alpha3,
    lower(p.existed) AS existed_from,
    upper(p.existed) AS existed_until,
    p.cow_code,
    (SELECT x.value FROM external_id x WHERE x.party_id = p.id AND x.scheme = 'wikidata' ORDER BY x.id LIMIT 1) AS wikidata
FROM party p;

COMMENT ON VIEW reporting.party IS 'Every state and international organisation that sends or receives missions. Its names, for lookup, are in reporting.party_name.';
COMMENT ON COLUMN reporting.party.party_id IS 'Party identifier.';
COMMENT ON COLUMN reporting.party.code IS 'ISO 3166-1 alpha-2 for states (KZ), ISO 3166-3 alpha-4 for historical states (SUHH), a code for organisations (african-union).';
COMMENT ON COLUMN reporting.party.name IS 'Usual English name.';
COMMENT ON COLUMN reporting.party.kind IS 'state, historical_state, state_limited_recognition (Kosovo, Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, Flanders), government_in_exile (the Central Tibetan Administration) or organisation.';
COMMENT ON COLUMN reporting.party.iso_alpha3 IS 'ISO 3166-1 alpha-3 code, for states; NULL otherwise.';
COMMENT ON COLUMN reporting.party.existed_from IS 'First day the party existed, when recorded (the GDR: 1949-10-07).';
COMMENT ON COLUMN reporting.party.existed_until IS 'Day the party ceased to exist (NULL: it exists, or not recorded).';
COMMENT ON COLUMN reporting.party.cow_code IS 'Correlates of War state code, historical states too; NULL outside the COW state list.';
COMMENT ON COLUMN reporting.party.wikidata IS 'Wikidata QID of the party (the Holy See: Q159583), when known.';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON reporting.party TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

UPDATE alembic_version SET version_num='0020' WHERE alembic_version.version_num = '0017';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

