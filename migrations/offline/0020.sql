SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0019 -> 0020

ALTER TABLE party DROP CONSTRAINT ck_party_kind_known;

ALTER TABLE party ADD CONSTRAINT ck_party_kind_known CHECK (kind IN ('state', 'historical_state', 'state_limited_recognition', 'sovereign_entity', 'subnational', 'government_in_exile', 'organisation'));

COMMENT ON COLUMN party.kind IS 'state (an ISO 3166-1 entry), historical_state, state_limited_recognition (Kosovo, Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, Flanders), government_in_exile (the Central Tibetan Administration) or organisation.';

UPDATE mission_kind SET label = 'liaison office', description = 'A mission short of an embassy that keeps contact where relations are not (yet, or no longer) full (the US liaison offices in Beijing, 1973-1979, and Kabul, 2001-2002).' WHERE code = 'liaison-office';

UPDATE mission_kind SET label = 'representative office', description = 'A state''s or entity''s office where it has no embassy, often as relations are not official: a de facto embassy or consulate (Taiwan''s offices abroad, the Central Tibetan Administration''s).' WHERE code = 'representative-office';

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('deputy-ambassador', 'Deputy Ambassador', NULL, 'false', '9');

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
       AND d.refobjid IN (SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname = 'keep_history')
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace public.keep_history: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

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
    EXECUTE $object$CREATE OR REPLACE FUNCTION public.keep_history() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    merge jsonb := nullif(current_setting('registry.merge', true), '')::jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% is append-only: row % cannot be deleted', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Retract it by closing its recorded range, or supersede it with a correction.';
    END IF;
    -- A merge of two rows naming one entity (Dahomey's party into Benin's, revision
    -- 0020) repoints every version, current or not, to the row kept: the fact is the
    -- same, only the id naming its party, mission or city changes. Only the tables'
    -- owner may (a writer cannot), and only along the ids registry.merge maps
    -- ({"party": {"old": new}, "mission": {...}, "city": {...}}); nothing else may differ.
    IF merge IS NOT NULL
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
       AND NOT EXISTS (
           SELECT 1
             FROM jsonb_each(to_jsonb(OLD)) o JOIN jsonb_each(to_jsonb(NEW)) n USING (key)
            WHERE o.value IS DISTINCT FROM n.value
              AND (merge -> CASE WHEN key IN ('party_id', 'actor_party_id', 'counterpart_id')
                                 THEN 'party'
                                 WHEN key = 'mission_id' THEN 'mission'
                                 WHEN key IN ('city_id', 'resident_city_id') THEN 'city' END
                         ->> (o.value #>> '{}')) IS DISTINCT FROM n.value #>> '{}')
    THEN
        RETURN NEW;
    END IF;
    IF NOT upper_inf(OLD.recorded) THEN
        RAISE EXCEPTION '% row % is a superseded version: history is not rewritten',
            TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (to_jsonb(NEW) - 'recorded') IS DISTINCT FROM (to_jsonb(OLD) - 'recorded')
       OR NEW.recorded IS DISTINCT FROM tstzrange(lower(OLD.recorded), now()) THEN
        RAISE EXCEPTION '% is append-only: row % can only be closed at now(), not changed',
            TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Insert a new version with supersedes_id and close this one.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.keep_history() IS 'Trigger keeping fact tables append-only: no DELETE, and no UPDATE but closing a current version''s recorded range at now(); the tables'' owner merging two rows that name one entity (registry.merge, revision 0020) may repoint their ids, and nothing else.';
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT proacl INTO grants FROM pg_proc WHERE oid = 'public.keep_history()'::regprocedure;
    EXECUTE 'DROP FUNCTION public.keep_history() RESTRICT';
    EXECUTE $object$CREATE FUNCTION public.keep_history() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    merge jsonb := nullif(current_setting('registry.merge', true), '')::jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% is append-only: row % cannot be deleted', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Retract it by closing its recorded range, or supersede it with a correction.';
    END IF;
    -- A merge of two rows naming one entity (Dahomey's party into Benin's, revision
    -- 0020) repoints every version, current or not, to the row kept: the fact is the
    -- same, only the id naming its party, mission or city changes. Only the tables'
    -- owner may (a writer cannot), and only along the ids registry.merge maps
    -- ({"party": {"old": new}, "mission": {...}, "city": {...}}); nothing else may differ.
    IF merge IS NOT NULL
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
       AND NOT EXISTS (
           SELECT 1
             FROM jsonb_each(to_jsonb(OLD)) o JOIN jsonb_each(to_jsonb(NEW)) n USING (key)
            WHERE o.value IS DISTINCT FROM n.value
              AND (merge -> CASE WHEN key IN ('party_id', 'actor_party_id', 'counterpart_id')
                                 THEN 'party'
                                 WHEN key = 'mission_id' THEN 'mission'
                                 WHEN key IN ('city_id', 'resident_city_id') THEN 'city' END
                         ->> (o.value #>> '{}')) IS DISTINCT FROM n.value #>> '{}')
    THEN
        RETURN NEW;
    END IF;
    IF NOT upper_inf(OLD.recorded) THEN
        RAISE EXCEPTION '% row % is a superseded version: history is not rewritten',
            TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (to_jsonb(NEW) - 'recorded') IS DISTINCT FROM (to_jsonb(OLD) - 'recorded')
       OR NEW.recorded IS DISTINCT FROM tstzrange(lower(OLD.recorded), now()) THEN
        RAISE EXCEPTION '% is append-only: row % can only be closed at now(), not changed',
            TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Insert a new version with supersedes_id and close this one.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION public.keep_history() IS 'Trigger keeping fact tables append-only: no DELETE, and no UPDATE but closing a current version''s recorded range at now(); the tables'' owner merging two rows that name one entity (registry.merge, revision 0020) may repoint their ids, and nothing else.';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON FUNCTION public.keep_history() TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
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

DO $merge$
DECLARE
    o integer;
    n integer;
    r record;
    target integer;
    cities jsonb := '{}';
    missions jsonb := '{}';
BEGIN
    SELECT id INTO o FROM party WHERE code = 'DYBJ';
    SELECT id INTO n FROM party WHERE code = 'BJ';
    IF o IS NULL OR n IS NULL THEN
        RETURN;
    END IF;
    -- Cities: the current party's city of the same key, else a copy under it.
    FOR r IN SELECT * FROM city WHERE party_id = o ORDER BY id LOOP
        SELECT id INTO target FROM city WHERE party_id = n AND key = r.key;
        IF target IS NULL THEN
            INSERT INTO city (party_id, key, name, search_key, source_id)
            VALUES (n, r.key, r.name, r.search_key, r.source_id) RETURNING id INTO target;
        END IF;
        cities := cities || jsonb_build_object(r.id::text, target);
    END LOOP;
    -- Missions: the current party's mission of the same natural key, else this one,
    -- repointed (it is mutable: not a versioned fact).
    FOR r IN SELECT * FROM mission
              WHERE o IN (sending_party_id, host_party_id, organisation_id) ORDER BY id LOOP
        SELECT m.id INTO target FROM mission m
         WHERE m.id <> r.id
           AND m.sending_party_id = CASE r.sending_party_id WHEN o THEN n ELSE r.sending_party_id END
           AND m.host_party_id = CASE r.host_party_id WHEN o THEN n ELSE r.host_party_id END
           AND m.organisation_id IS NOT DISTINCT FROM
               CASE r.organisation_id WHEN o THEN n ELSE r.organisation_id END
           AND m.city_id IS NOT DISTINCT FROM
               coalesce((cities ->> r.city_id::text)::integer, r.city_id)
           AND m.kind = r.kind;
        IF target IS NULL THEN
            UPDATE mission
               SET sending_party_id = CASE sending_party_id WHEN o THEN n ELSE sending_party_id END,
                   host_party_id = CASE host_party_id WHEN o THEN n ELSE host_party_id END,
                   organisation_id = CASE organisation_id WHEN o THEN n ELSE organisation_id END,
                   city_id = coalesce((cities ->> city_id::text)::integer, city_id)
             WHERE id = r.id;
        ELSE
            missions := missions || jsonb_build_object(r.id::text, target);
        END IF;
    END LOOP;
    PERFORM set_config('registry.merge', jsonb_build_object(
        'party', jsonb_build_object(o::text, n), 'mission', missions, 'city', cities)::text,
        true);
    -- A current version that would duplicate one of the kept mission or party is
    -- closed first: the fact is kept once.
    UPDATE accreditation a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND (a.party_id = o OR missions ? a.mission_id::text)
       AND EXISTS (SELECT 1 FROM accreditation b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id
                      AND b.mission_id = coalesce((missions ->> a.mission_id::text)::integer, a.mission_id)
                      AND b.party_id = CASE a.party_id WHEN o THEN n ELSE a.party_id END);
    UPDATE status_change a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND (a.actor_party_id = o OR missions ? a.mission_id::text)
       AND EXISTS (SELECT 1 FROM status_change b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id AND b.kind = a.kind
                      AND b.mission_id = coalesce((missions ->> a.mission_id::text)::integer, a.mission_id)
                      AND b.tenure_id IS NOT DISTINCT FROM a.tenure_id
                      AND b.occurred_on = a.occurred_on);
    UPDATE relation_event a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND o IN (a.party_id, a.counterpart_id)
       AND EXISTS (SELECT 1 FROM relation_event b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id AND b.kind = a.kind
                      AND b.party_id = CASE a.party_id WHEN o THEN n ELSE a.party_id END
                      AND b.counterpart_id = CASE a.counterpart_id WHEN o THEN n ELSE a.counterpart_id END
                      AND b.occurred_on = a.occurred_on);
    -- Every version, current or closed, repointed (keep_history honours registry.merge).
    UPDATE accreditation
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           party_id = CASE party_id WHEN o THEN n ELSE party_id END
     WHERE party_id = o OR missions ? mission_id::text;
    UPDATE tenure
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           resident_city_id = coalesce((cities ->> resident_city_id::text)::integer, resident_city_id)
     WHERE missions ? mission_id::text OR cities ? resident_city_id::text;
    UPDATE status_change
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           actor_party_id = CASE actor_party_id WHEN o THEN n ELSE actor_party_id END
     WHERE actor_party_id = o OR missions ? mission_id::text;
    UPDATE mission_seat
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           city_id = coalesce((cities ->> city_id::text)::integer, city_id)
     WHERE missions ? mission_id::text OR cities ? city_id::text;
    UPDATE relation_event
       SET party_id = CASE party_id WHEN o THEN n ELSE party_id END,
           counterpart_id = CASE counterpart_id WHEN o THEN n ELSE counterpart_id END
     WHERE o IN (party_id, counterpart_id);
    PERFORM set_config('registry.merge', '', true);
    -- What is not versioned: repointed, a duplicate of the kept row's dropped.
    UPDATE external_id
       SET party_id = CASE party_id WHEN o THEN n ELSE party_id END,
           mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           city_id = coalesce((cities ->> city_id::text)::integer, city_id)
     WHERE party_id = o OR missions ? mission_id::text OR cities ? city_id::text;
    DELETE FROM mission_source s
     WHERE missions ? s.mission_id::text
       AND EXISTS (SELECT 1 FROM mission_source k
                    WHERE k.mission_id = (missions ->> s.mission_id::text)::integer
                      AND k.source_id = s.source_id);
    UPDATE mission_source SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    DELETE FROM mission_jurisdiction j
     WHERE missions ? j.mission_id::text
       AND EXISTS (SELECT 1 FROM mission_jurisdiction k
                    WHERE k.mission_id = (missions ->> j.mission_id::text)::integer
                      AND k.subdivision_id IS NOT DISTINCT FROM j.subdivision_id);
    UPDATE mission_jurisdiction SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    DELETE FROM complete_list_mission c
     WHERE missions ? c.mission_id::text
       AND EXISTS (SELECT 1 FROM complete_list_mission k
                    WHERE k.mission_id = (missions ->> c.mission_id::text)::integer
                      AND k.complete_list_id = c.complete_list_id);
    UPDATE complete_list_mission SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    UPDATE complete_list SET city_id = (cities ->> city_id::text)::integer
     WHERE cities ? city_id::text;
    UPDATE city_alias SET city_id = (cities ->> city_id::text)::integer
     WHERE cities ? city_id::text
       AND NOT EXISTS (SELECT 1 FROM city_alias k
                        WHERE k.city_id = (cities ->> city_alias.city_id::text)::integer
                          AND k.alias = city_alias.alias);
    DELETE FROM city_alias WHERE cities ? city_id::text;
    UPDATE authority SET party_id = n WHERE party_id = o;
    UPDATE subdivision SET party_id = n WHERE party_id = o;
    DELETE FROM party_succession s
     WHERE o IN (s.predecessor_id, s.successor_id)
       AND (n IN (s.predecessor_id, s.successor_id) OR EXISTS (
            SELECT 1 FROM party_succession k
             WHERE k.predecessor_id = CASE s.predecessor_id WHEN o THEN n ELSE s.predecessor_id END
               AND k.successor_id = CASE s.successor_id WHEN o THEN n ELSE s.successor_id END));
    UPDATE party_succession
       SET predecessor_id = CASE predecessor_id WHEN o THEN n ELSE predecessor_id END,
           successor_id = CASE successor_id WHEN o THEN n ELSE successor_id END
     WHERE o IN (predecessor_id, successor_id);
    -- Names: the old party's aliases, its code, and its name dated.
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, a.alias, a.search_key, a.source_id, a.valid FROM party_alias a
     WHERE a.party_id = o
    ON CONFLICT (party_id, alias) DO NOTHING;
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, p.code, lower(p.code), p.source_id, NULL FROM party p WHERE p.id = o
    ON CONFLICT (party_id, alias) DO NOTHING;
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, 'Dahomey', lower('Dahomey'), p.source_id, daterange('1960-08-01', '1975-11-30', '[)')
      FROM party p WHERE p.id = o
    ON CONFLICT (party_id, alias) DO UPDATE SET valid = excluded.valid;
    UPDATE party SET cow_code = (SELECT cow_code FROM party WHERE id = o)
     WHERE id = n AND cow_code IS NULL;
    DELETE FROM party_alias WHERE party_id = o;
    DELETE FROM heads_timeline WHERE missions ? mission_id::text;
    DELETE FROM mission_timeline WHERE missions ? mission_id::text;
    DELETE FROM fact_evidence WHERE missions ? mission_id::text;
    DELETE FROM mission WHERE missions ? id::text;
    DELETE FROM city WHERE cities ? id::text;
    DELETE FROM party WHERE id = o;
END
$merge$;

DO $merge$
DECLARE
    o integer;
    n integer;
    r record;
    target integer;
    cities jsonb := '{}';
    missions jsonb := '{}';
BEGIN
    SELECT id INTO o FROM party WHERE code = 'BUMM';
    SELECT id INTO n FROM party WHERE code = 'MM';
    IF o IS NULL OR n IS NULL THEN
        RETURN;
    END IF;
    -- Cities: the current party's city of the same key, else a copy under it.
    FOR r IN SELECT * FROM city WHERE party_id = o ORDER BY id LOOP
        SELECT id INTO target FROM city WHERE party_id = n AND key = r.key;
        IF target IS NULL THEN
            INSERT INTO city (party_id, key, name, search_key, source_id)
            VALUES (n, r.key, r.name, r.search_key, r.source_id) RETURNING id INTO target;
        END IF;
        cities := cities || jsonb_build_object(r.id::text, target);
    END LOOP;
    -- Missions: the current party's mission of the same natural key, else this one,
    -- repointed (it is mutable: not a versioned fact).
    FOR r IN SELECT * FROM mission
              WHERE o IN (sending_party_id, host_party_id, organisation_id) ORDER BY id LOOP
        SELECT m.id INTO target FROM mission m
         WHERE m.id <> r.id
           AND m.sending_party_id = CASE r.sending_party_id WHEN o THEN n ELSE r.sending_party_id END
           AND m.host_party_id = CASE r.host_party_id WHEN o THEN n ELSE r.host_party_id END
           AND m.organisation_id IS NOT DISTINCT FROM
               CASE r.organisation_id WHEN o THEN n ELSE r.organisation_id END
           AND m.city_id IS NOT DISTINCT FROM
               coalesce((cities ->> r.city_id::text)::integer, r.city_id)
           AND m.kind = r.kind;
        IF target IS NULL THEN
            UPDATE mission
               SET sending_party_id = CASE sending_party_id WHEN o THEN n ELSE sending_party_id END,
                   host_party_id = CASE host_party_id WHEN o THEN n ELSE host_party_id END,
                   organisation_id = CASE organisation_id WHEN o THEN n ELSE organisation_id END,
                   city_id = coalesce((cities ->> city_id::text)::integer, city_id)
             WHERE id = r.id;
        ELSE
            missions := missions || jsonb_build_object(r.id::text, target);
        END IF;
    END LOOP;
    PERFORM set_config('registry.merge', jsonb_build_object(
        'party', jsonb_build_object(o::text, n), 'mission', missions, 'city', cities)::text,
        true);
    -- A current version that would duplicate one of the kept mission or party is
    -- closed first: the fact is kept once.
    UPDATE accreditation a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND (a.party_id = o OR missions ? a.mission_id::text)
       AND EXISTS (SELECT 1 FROM accreditation b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id
                      AND b.mission_id = coalesce((missions ->> a.mission_id::text)::integer, a.mission_id)
                      AND b.party_id = CASE a.party_id WHEN o THEN n ELSE a.party_id END);
    UPDATE status_change a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND (a.actor_party_id = o OR missions ? a.mission_id::text)
       AND EXISTS (SELECT 1 FROM status_change b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id AND b.kind = a.kind
                      AND b.mission_id = coalesce((missions ->> a.mission_id::text)::integer, a.mission_id)
                      AND b.tenure_id IS NOT DISTINCT FROM a.tenure_id
                      AND b.occurred_on = a.occurred_on);
    UPDATE relation_event a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND o IN (a.party_id, a.counterpart_id)
       AND EXISTS (SELECT 1 FROM relation_event b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id AND b.kind = a.kind
                      AND b.party_id = CASE a.party_id WHEN o THEN n ELSE a.party_id END
                      AND b.counterpart_id = CASE a.counterpart_id WHEN o THEN n ELSE a.counterpart_id END
                      AND b.occurred_on = a.occurred_on);
    -- Every version, current or closed, repointed (keep_history honours registry.merge).
    UPDATE accreditation
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           party_id = CASE party_id WHEN o THEN n ELSE party_id END
     WHERE party_id = o OR missions ? mission_id::text;
    UPDATE tenure
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           resident_city_id = coalesce((cities ->> resident_city_id::text)::integer, resident_city_id)
     WHERE missions ? mission_id::text OR cities ? resident_city_id::text;
    UPDATE status_change
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           actor_party_id = CASE actor_party_id WHEN o THEN n ELSE actor_party_id END
     WHERE actor_party_id = o OR missions ? mission_id::text;
    UPDATE mission_seat
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           city_id = coalesce((cities ->> city_id::text)::integer, city_id)
     WHERE missions ? mission_id::text OR cities ? city_id::text;
    UPDATE relation_event
       SET party_id = CASE party_id WHEN o THEN n ELSE party_id END,
           counterpart_id = CASE counterpart_id WHEN o THEN n ELSE counterpart_id END
     WHERE o IN (party_id, counterpart_id);
    PERFORM set_config('registry.merge', '', true);
    -- What is not versioned: repointed, a duplicate of the kept row's dropped.
    UPDATE external_id
       SET party_id = CASE party_id WHEN o THEN n ELSE party_id END,
           mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           city_id = coalesce((cities ->> city_id::text)::integer, city_id)
     WHERE party_id = o OR missions ? mission_id::text OR cities ? city_id::text;
    DELETE FROM mission_source s
     WHERE missions ? s.mission_id::text
       AND EXISTS (SELECT 1 FROM mission_source k
                    WHERE k.mission_id = (missions ->> s.mission_id::text)::integer
                      AND k.source_id = s.source_id);
    UPDATE mission_source SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    DELETE FROM mission_jurisdiction j
     WHERE missions ? j.mission_id::text
       AND EXISTS (SELECT 1 FROM mission_jurisdiction k
                    WHERE k.mission_id = (missions ->> j.mission_id::text)::integer
                      AND k.subdivision_id IS NOT DISTINCT FROM j.subdivision_id);
    UPDATE mission_jurisdiction SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    DELETE FROM complete_list_mission c
     WHERE missions ? c.mission_id::text
       AND EXISTS (SELECT 1 FROM complete_list_mission k
                    WHERE k.mission_id = (missions ->> c.mission_id::text)::integer
                      AND k.complete_list_id = c.complete_list_id);
    UPDATE complete_list_mission SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    UPDATE complete_list SET city_id = (cities ->> city_id::text)::integer
     WHERE cities ? city_id::text;
    UPDATE city_alias SET city_id = (cities ->> city_id::text)::integer
     WHERE cities ? city_id::text
       AND NOT EXISTS (SELECT 1 FROM city_alias k
                        WHERE k.city_id = (cities ->> city_alias.city_id::text)::integer
                          AND k.alias = city_alias.alias);
    DELETE FROM city_alias WHERE cities ? city_id::text;
    UPDATE authority SET party_id = n WHERE party_id = o;
    UPDATE subdivision SET party_id = n WHERE party_id = o;
    DELETE FROM party_succession s
     WHERE o IN (s.predecessor_id, s.successor_id)
       AND (n IN (s.predecessor_id, s.successor_id) OR EXISTS (
            SELECT 1 FROM party_succession k
             WHERE k.predecessor_id = CASE s.predecessor_id WHEN o THEN n ELSE s.predecessor_id END
               AND k.successor_id = CASE s.successor_id WHEN o THEN n ELSE s.successor_id END));
    UPDATE party_succession
       SET predecessor_id = CASE predecessor_id WHEN o THEN n ELSE predecessor_id END,
           successor_id = CASE successor_id WHEN o THEN n ELSE successor_id END
     WHERE o IN (predecessor_id, successor_id);
    -- Names: the old party's aliases, its code, and its name dated.
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, a.alias, a.search_key, a.source_id, a.valid FROM party_alias a
     WHERE a.party_id = o
    ON CONFLICT (party_id, alias) DO NOTHING;
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, p.code, lower(p.code), p.source_id, NULL FROM party p WHERE p.id = o
    ON CONFLICT (party_id, alias) DO NOTHING;
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, 'Burma', lower('Burma'), p.source_id, daterange('1948-01-04', '1989-06-18', '[)')
      FROM party p WHERE p.id = o
    ON CONFLICT (party_id, alias) DO UPDATE SET valid = excluded.valid;
    UPDATE party SET cow_code = (SELECT cow_code FROM party WHERE id = o)
     WHERE id = n AND cow_code IS NULL;
    DELETE FROM party_alias WHERE party_id = o;
    DELETE FROM heads_timeline WHERE missions ? mission_id::text;
    DELETE FROM mission_timeline WHERE missions ? mission_id::text;
    DELETE FROM fact_evidence WHERE missions ? mission_id::text;
    DELETE FROM mission WHERE missions ? id::text;
    DELETE FROM city WHERE cities ? id::text;
    DELETE FROM party WHERE id = o;
END
$merge$;

DO $merge$
DECLARE
    o integer;
    n integer;
    r record;
    target integer;
    cities jsonb := '{}';
    missions jsonb := '{}';
BEGIN
    SELECT id INTO o FROM party WHERE code = 'ZRCD';
    SELECT id INTO n FROM party WHERE code = 'CD';
    IF o IS NULL OR n IS NULL THEN
        RETURN;
    END IF;
    -- Cities: the current party's city of the same key, else a copy under it.
    FOR r IN SELECT * FROM city WHERE party_id = o ORDER BY id LOOP
        SELECT id INTO target FROM city WHERE party_id = n AND key = r.key;
        IF target IS NULL THEN
            INSERT INTO city (party_id, key, name, search_key, source_id)
            VALUES (n, r.key, r.name, r.search_key, r.source_id) RETURNING id INTO target;
        END IF;
        cities := cities || jsonb_build_object(r.id::text, target);
    END LOOP;
    -- Missions: the current party's mission of the same natural key, else this one,
    -- repointed (it is mutable: not a versioned fact).
    FOR r IN SELECT * FROM mission
              WHERE o IN (sending_party_id, host_party_id, organisation_id) ORDER BY id LOOP
        SELECT m.id INTO target FROM mission m
         WHERE m.id <> r.id
           AND m.sending_party_id = CASE r.sending_party_id WHEN o THEN n ELSE r.sending_party_id END
           AND m.host_party_id = CASE r.host_party_id WHEN o THEN n ELSE r.host_party_id END
           AND m.organisation_id IS NOT DISTINCT FROM
               CASE r.organisation_id WHEN o THEN n ELSE r.organisation_id END
           AND m.city_id IS NOT DISTINCT FROM
               coalesce((cities ->> r.city_id::text)::integer, r.city_id)
           AND m.kind = r.kind;
        IF target IS NULL THEN
            UPDATE mission
               SET sending_party_id = CASE sending_party_id WHEN o THEN n ELSE sending_party_id END,
                   host_party_id = CASE host_party_id WHEN o THEN n ELSE host_party_id END,
                   organisation_id = CASE organisation_id WHEN o THEN n ELSE organisation_id END,
                   city_id = coalesce((cities ->> city_id::text)::integer, city_id)
             WHERE id = r.id;
        ELSE
            missions := missions || jsonb_build_object(r.id::text, target);
        END IF;
    END LOOP;
    PERFORM set_config('registry.merge', jsonb_build_object(
        'party', jsonb_build_object(o::text, n), 'mission', missions, 'city', cities)::text,
        true);
    -- A current version that would duplicate one of the kept mission or party is
    -- closed first: the fact is kept once.
    UPDATE accreditation a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND (a.party_id = o OR missions ? a.mission_id::text)
       AND EXISTS (SELECT 1 FROM accreditation b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id
                      AND b.mission_id = coalesce((missions ->> a.mission_id::text)::integer, a.mission_id)
                      AND b.party_id = CASE a.party_id WHEN o THEN n ELSE a.party_id END);
    UPDATE status_change a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND (a.actor_party_id = o OR missions ? a.mission_id::text)
       AND EXISTS (SELECT 1 FROM status_change b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id AND b.kind = a.kind
                      AND b.mission_id = coalesce((missions ->> a.mission_id::text)::integer, a.mission_id)
                      AND b.tenure_id IS NOT DISTINCT FROM a.tenure_id
                      AND b.occurred_on = a.occurred_on);
    UPDATE relation_event a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND o IN (a.party_id, a.counterpart_id)
       AND EXISTS (SELECT 1 FROM relation_event b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id AND b.kind = a.kind
                      AND b.party_id = CASE a.party_id WHEN o THEN n ELSE a.party_id END
                      AND b.counterpart_id = CASE a.counterpart_id WHEN o THEN n ELSE a.counterpart_id END
                      AND b.occurred_on = a.occurred_on);
    -- Every version, current or closed, repointed (keep_history honours registry.merge).
    UPDATE accreditation
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           party_id = CASE party_id WHEN o THEN n ELSE party_id END
     WHERE party_id = o OR missions ? mission_id::text;
    UPDATE tenure
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           resident_city_id = coalesce((cities ->> resident_city_id::text)::integer, resident_city_id)
     WHERE missions ? mission_id::text OR cities ? resident_city_id::text;
    UPDATE status_change
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           actor_party_id = CASE actor_party_id WHEN o THEN n ELSE actor_party_id END
     WHERE actor_party_id = o OR missions ? mission_id::text;
    UPDATE mission_seat
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           city_id = coalesce((cities ->> city_id::text)::integer, city_id)
     WHERE missions ? mission_id::text OR cities ? city_id::text;
    UPDATE relation_event
       SET party_id = CASE party_id WHEN o THEN n ELSE party_id END,
           counterpart_id = CASE counterpart_id WHEN o THEN n ELSE counterpart_id END
     WHERE o IN (party_id, counterpart_id);
    PERFORM set_config('registry.merge', '', true);
    -- What is not versioned: repointed, a duplicate of the kept row's dropped.
    UPDATE external_id
       SET party_id = CASE party_id WHEN o THEN n ELSE party_id END,
           mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           city_id = coalesce((cities ->> city_id::text)::integer, city_id)
     WHERE party_id = o OR missions ? mission_id::text OR cities ? city_id::text;
    DELETE FROM mission_source s
     WHERE missions ? s.mission_id::text
       AND EXISTS (SELECT 1 FROM mission_source k
                    WHERE k.mission_id = (missions ->> s.mission_id::text)::integer
                      AND k.source_id = s.source_id);
    UPDATE mission_source SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    DELETE FROM mission_jurisdiction j
     WHERE missions ? j.mission_id::text
       AND EXISTS (SELECT 1 FROM mission_jurisdiction k
                    WHERE k.mission_id = (missions ->> j.mission_id::text)::integer
                      AND k.subdivision_id IS NOT DISTINCT FROM j.subdivision_id);
    UPDATE mission_jurisdiction SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    DELETE FROM complete_list_mission c
     WHERE missions ? c.mission_id::text
       AND EXISTS (SELECT 1 FROM complete_list_mission k
                    WHERE k.mission_id = (missions ->> c.mission_id::text)::integer
                      AND k.complete_list_id = c.complete_list_id);
    UPDATE complete_list_mission SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    UPDATE complete_list SET city_id = (cities ->> city_id::text)::integer
     WHERE cities ? city_id::text;
    UPDATE city_alias SET city_id = (cities ->> city_id::text)::integer
     WHERE cities ? city_id::text
       AND NOT EXISTS (SELECT 1 FROM city_alias k
                        WHERE k.city_id = (cities ->> city_alias.city_id::text)::integer
                          AND k.alias = city_alias.alias);
    DELETE FROM city_alias WHERE cities ? city_id::text;
    UPDATE authority SET party_id = n WHERE party_id = o;
    UPDATE subdivision SET party_id = n WHERE party_id = o;
    DELETE FROM party_succession s
     WHERE o IN (s.predecessor_id, s.successor_id)
       AND (n IN (s.predecessor_id, s.successor_id) OR EXISTS (
            SELECT 1 FROM party_succession k
             WHERE k.predecessor_id = CASE s.predecessor_id WHEN o THEN n ELSE s.predecessor_id END
               AND k.successor_id = CASE s.successor_id WHEN o THEN n ELSE s.successor_id END));
    UPDATE party_succession
       SET predecessor_id = CASE predecessor_id WHEN o THEN n ELSE predecessor_id END,
           successor_id = CASE successor_id WHEN o THEN n ELSE successor_id END
     WHERE o IN (predecessor_id, successor_id);
    -- Names: the old party's aliases, its code, and its name dated.
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, a.alias, a.search_key, a.source_id, a.valid FROM party_alias a
     WHERE a.party_id = o
    ON CONFLICT (party_id, alias) DO NOTHING;
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, p.code, lower(p.code), p.source_id, NULL FROM party p WHERE p.id = o
    ON CONFLICT (party_id, alias) DO NOTHING;
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, 'Zaire', lower('Zaire'), p.source_id, daterange('1971-10-27', '1997-05-17', '[)')
      FROM party p WHERE p.id = o
    ON CONFLICT (party_id, alias) DO UPDATE SET valid = excluded.valid;
    UPDATE party SET cow_code = (SELECT cow_code FROM party WHERE id = o)
     WHERE id = n AND cow_code IS NULL;
    DELETE FROM party_alias WHERE party_id = o;
    DELETE FROM heads_timeline WHERE missions ? mission_id::text;
    DELETE FROM mission_timeline WHERE missions ? mission_id::text;
    DELETE FROM fact_evidence WHERE missions ? mission_id::text;
    DELETE FROM mission WHERE missions ? id::text;
    DELETE FROM city WHERE cities ? id::text;
    DELETE FROM party WHERE id = o;
END
$merge$;

DO $merge$
DECLARE
    o integer;
    n integer;
    r record;
    target integer;
    cities jsonb := '{}';
    missions jsonb := '{}';
BEGIN
    SELECT id INTO o FROM party WHERE code = 'HVBF';
    SELECT id INTO n FROM party WHERE code = 'BF';
    IF o IS NULL OR n IS NULL THEN
        RETURN;
    END IF;
    -- Cities: the current party's city of the same key, else a copy under it.
    FOR r IN SELECT * FROM city WHERE party_id = o ORDER BY id LOOP
        SELECT id INTO target FROM city WHERE party_id = n AND key = r.key;
        IF target IS NULL THEN
            INSERT INTO city (party_id, key, name, search_key, source_id)
            VALUES (n, r.key, r.name, r.search_key, r.source_id) RETURNING id INTO target;
        END IF;
        cities := cities || jsonb_build_object(r.id::text, target);
    END LOOP;
    -- Missions: the current party's mission of the same natural key, else this one,
    -- repointed (it is mutable: not a versioned fact).
    FOR r IN SELECT * FROM mission
              WHERE o IN (sending_party_id, host_party_id, organisation_id) ORDER BY id LOOP
        SELECT m.id INTO target FROM mission m
         WHERE m.id <> r.id
           AND m.sending_party_id = CASE r.sending_party_id WHEN o THEN n ELSE r.sending_party_id END
           AND m.host_party_id = CASE r.host_party_id WHEN o THEN n ELSE r.host_party_id END
           AND m.organisation_id IS NOT DISTINCT FROM
               CASE r.organisation_id WHEN o THEN n ELSE r.organisation_id END
           AND m.city_id IS NOT DISTINCT FROM
               coalesce((cities ->> r.city_id::text)::integer, r.city_id)
           AND m.kind = r.kind;
        IF target IS NULL THEN
            UPDATE mission
               SET sending_party_id = CASE sending_party_id WHEN o THEN n ELSE sending_party_id END,
                   host_party_id = CASE host_party_id WHEN o THEN n ELSE host_party_id END,
                   organisation_id = CASE organisation_id WHEN o THEN n ELSE organisation_id END,
                   city_id = coalesce((cities ->> city_id::text)::integer, city_id)
             WHERE id = r.id;
        ELSE
            missions := missions || jsonb_build_object(r.id::text, target);
        END IF;
    END LOOP;
    PERFORM set_config('registry.merge', jsonb_build_object(
        'party', jsonb_build_object(o::text, n), 'mission', missions, 'city', cities)::text,
        true);
    -- A current version that would duplicate one of the kept mission or party is
    -- closed first: the fact is kept once.
    UPDATE accreditation a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND (a.party_id = o OR missions ? a.mission_id::text)
       AND EXISTS (SELECT 1 FROM accreditation b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id
                      AND b.mission_id = coalesce((missions ->> a.mission_id::text)::integer, a.mission_id)
                      AND b.party_id = CASE a.party_id WHEN o THEN n ELSE a.party_id END);
    UPDATE status_change a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND (a.actor_party_id = o OR missions ? a.mission_id::text)
       AND EXISTS (SELECT 1 FROM status_change b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id AND b.kind = a.kind
                      AND b.mission_id = coalesce((missions ->> a.mission_id::text)::integer, a.mission_id)
                      AND b.tenure_id IS NOT DISTINCT FROM a.tenure_id
                      AND b.occurred_on = a.occurred_on);
    UPDATE relation_event a SET recorded = tstzrange(lower(a.recorded), now())
     WHERE upper_inf(a.recorded) AND o IN (a.party_id, a.counterpart_id)
       AND EXISTS (SELECT 1 FROM relation_event b
                    WHERE upper_inf(b.recorded) AND b.id <> a.id AND b.kind = a.kind
                      AND b.party_id = CASE a.party_id WHEN o THEN n ELSE a.party_id END
                      AND b.counterpart_id = CASE a.counterpart_id WHEN o THEN n ELSE a.counterpart_id END
                      AND b.occurred_on = a.occurred_on);
    -- Every version, current or closed, repointed (keep_history honours registry.merge).
    UPDATE accreditation
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           party_id = CASE party_id WHEN o THEN n ELSE party_id END
     WHERE party_id = o OR missions ? mission_id::text;
    UPDATE tenure
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           resident_city_id = coalesce((cities ->> resident_city_id::text)::integer, resident_city_id)
     WHERE missions ? mission_id::text OR cities ? resident_city_id::text;
    UPDATE status_change
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           actor_party_id = CASE actor_party_id WHEN o THEN n ELSE actor_party_id END
     WHERE actor_party_id = o OR missions ? mission_id::text;
    UPDATE mission_seat
       SET mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           city_id = coalesce((cities ->> city_id::text)::integer, city_id)
     WHERE missions ? mission_id::text OR cities ? city_id::text;
    UPDATE relation_event
       SET party_id = CASE party_id WHEN o THEN n ELSE party_id END,
           counterpart_id = CASE counterpart_id WHEN o THEN n ELSE counterpart_id END
     WHERE o IN (party_id, counterpart_id);
    PERFORM set_config('registry.merge', '', true);
    -- What is not versioned: repointed, a duplicate of the kept row's dropped.
    UPDATE external_id
       SET party_id = CASE party_id WHEN o THEN n ELSE party_id END,
           mission_id = coalesce((missions ->> mission_id::text)::integer, mission_id),
           city_id = coalesce((cities ->> city_id::text)::integer, city_id)
     WHERE party_id = o OR missions ? mission_id::text OR cities ? city_id::text;
    DELETE FROM mission_source s
     WHERE missions ? s.mission_id::text
       AND EXISTS (SELECT 1 FROM mission_source k
                    WHERE k.mission_id = (missions ->> s.mission_id::text)::integer
                      AND k.source_id = s.source_id);
    UPDATE mission_source SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    DELETE FROM mission_jurisdiction j
     WHERE missions ? j.mission_id::text
       AND EXISTS (SELECT 1 FROM mission_jurisdiction k
                    WHERE k.mission_id = (missions ->> j.mission_id::text)::integer
                      AND k.subdivision_id IS NOT DISTINCT FROM j.subdivision_id);
    UPDATE mission_jurisdiction SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    DELETE FROM complete_list_mission c
     WHERE missions ? c.mission_id::text
       AND EXISTS (SELECT 1 FROM complete_list_mission k
                    WHERE k.mission_id = (missions ->> c.mission_id::text)::integer
                      AND k.complete_list_id = c.complete_list_id);
    UPDATE complete_list_mission SET mission_id = (missions ->> mission_id::text)::integer
     WHERE missions ? mission_id::text;
    UPDATE complete_list SET city_id = (cities ->> city_id::text)::integer
     WHERE cities ? city_id::text;
    UPDATE city_alias SET city_id = (cities ->> city_id::text)::integer
     WHERE cities ? city_id::text
       AND NOT EXISTS (SELECT 1 FROM city_alias k
                        WHERE k.city_id = (cities ->> city_alias.city_id::text)::integer
                          AND k.alias = city_alias.alias);
    DELETE FROM city_alias WHERE cities ? city_id::text;
    UPDATE authority SET party_id = n WHERE party_id = o;
    UPDATE subdivision SET party_id = n WHERE party_id = o;
    DELETE FROM party_succession s
     WHERE o IN (s.predecessor_id, s.successor_id)
       AND (n IN (s.predecessor_id, s.successor_id) OR EXISTS (
            SELECT 1 FROM party_succession k
             WHERE k.predecessor_id = CASE s.predecessor_id WHEN o THEN n ELSE s.predecessor_id END
               AND k.successor_id = CASE s.successor_id WHEN o THEN n ELSE s.successor_id END));
    UPDATE party_succession
       SET predecessor_id = CASE predecessor_id WHEN o THEN n ELSE predecessor_id END,
           successor_id = CASE successor_id WHEN o THEN n ELSE successor_id END
     WHERE o IN (predecessor_id, successor_id);
    -- Names: the old party's aliases, its code, and its name dated.
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, a.alias, a.search_key, a.source_id, a.valid FROM party_alias a
     WHERE a.party_id = o
    ON CONFLICT (party_id, alias) DO NOTHING;
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, p.code, lower(p.code), p.source_id, NULL FROM party p WHERE p.id = o
    ON CONFLICT (party_id, alias) DO NOTHING;
    INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
    SELECT n, 'Upper Volta', lower('Upper Volta'), p.source_id, daterange('1960-08-05', '1984-08-04', '[)')
      FROM party p WHERE p.id = o
    ON CONFLICT (party_id, alias) DO UPDATE SET valid = excluded.valid;
    UPDATE party SET cow_code = (SELECT cow_code FROM party WHERE id = o)
     WHERE id = n AND cow_code IS NULL;
    DELETE FROM party_alias WHERE party_id = o;
    DELETE FROM heads_timeline WHERE missions ? mission_id::text;
    DELETE FROM mission_timeline WHERE missions ? mission_id::text;
    DELETE FROM fact_evidence WHERE missions ? mission_id::text;
    DELETE FROM mission WHERE missions ? id::text;
    DELETE FROM city WHERE cities ? id::text;
    DELETE FROM party WHERE id = o;
END
$merge$;

UPDATE alembic_version SET version_num='0020' WHERE alembic_version.version_num = '0019';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

