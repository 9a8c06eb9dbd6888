CREATE OR REPLACE FUNCTION public.keep_history() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% is append-only: row % cannot be deleted', TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'restrict_violation',
                  HINT = 'Retract it by closing its recorded range, or supersede it with a correction.';
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
COMMENT ON FUNCTION public.keep_history() IS 'Trigger keeping fact tables append-only: no DELETE, and no UPDATE but closing a current version''s recorded range at now().';
