CREATE OR REPLACE FUNCTION public.keep_history() RETURNS trigger
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
