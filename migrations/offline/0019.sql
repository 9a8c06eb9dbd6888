SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0018 -> 0019

CREATE TABLE mission_seat (
    id SERIAL NOT NULL, 
    mission_id INTEGER NOT NULL, 
    city_id INTEGER NOT NULL, 
    valid DATERANGE NOT NULL, 
    start_precision TEXT, 
    end_precision TEXT, 
    source_id INTEGER NOT NULL, 
    recorded TSTZRANGE DEFAULT tstzrange(now(), NULL) NOT NULL, 
    recorded_by TEXT DEFAULT CURRENT_USER NOT NULL, 
    supersedes_id INTEGER, 
    CONSTRAINT pk_mission_seat PRIMARY KEY (id), 
    CONSTRAINT ck_mission_seat_valid_not_empty CHECK (NOT isempty(valid)), 
    CONSTRAINT ck_mission_seat_start_precision_iff_started CHECK (start_precision IN ('day', 'month', 'year') AND NOT lower_inf(valid) OR start_precision IS NULL AND lower_inf(valid)), 
    CONSTRAINT ck_mission_seat_end_precision_iff_ended CHECK (end_precision IN ('day', 'month', 'year') AND NOT upper_inf(valid) OR end_precision IS NULL AND upper_inf(valid)), 
    CONSTRAINT ck_mission_seat_recorded_has_lower_bound CHECK (NOT lower_inf(recorded)), 
    CONSTRAINT fk_mission_seat_city_id_city FOREIGN KEY(city_id) REFERENCES city (id), 
    CONSTRAINT fk_mission_seat_mission_id_mission FOREIGN KEY(mission_id) REFERENCES mission (id), 
    CONSTRAINT fk_mission_seat_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT fk_mission_seat_supersedes_id_mission_seat FOREIGN KEY(supersedes_id) REFERENCES mission_seat (id), 
    CONSTRAINT ex_mission_seat_one_seat_at_a_time EXCLUDE USING gist (mission_id WITH =, valid WITH &&, recorded WITH &&)
);

COMMENT ON TABLE mission_seat IS 'Where a mission sat over a period (valid time), as recorded over a period (recorded time): the US embassy to Germany in Bonn until 1999, then in Berlin. Where no row covers a date the mission is at mission.city_id. The exclusion constraint forbids two seats of one mission at once in what the registry held at any moment. Append-only, like tenure.';

COMMENT ON COLUMN mission_seat.id IS 'Surrogate key.';

COMMENT ON COLUMN mission_seat.mission_id IS 'The mission seated.';

COMMENT ON COLUMN mission_seat.city_id IS 'Its seat over the period. Not necessarily a city of mission.host_party_id: the US embassy to the Republic of China moved with its government to Taipei.';

COMMENT ON COLUMN mission_seat.valid IS 'The period at this seat, [from, until). An open lower bound: since the mission opened, as far as the registry knows; an open upper bound: no move on record after it.';

COMMENT ON COLUMN mission_seat.start_precision IS 'Precision of lower(valid): day, month or year; NULL when unbounded.';

COMMENT ON COLUMN mission_seat.end_precision IS 'Precision of upper(valid): day, month or year; NULL while open-ended.';

COMMENT ON COLUMN mission_seat.source_id IS 'The source this fact is cited from.';

COMMENT ON COLUMN mission_seat.recorded IS 'Recorded time, [when this version was recorded, when it was superseded or retracted): the registry''s own history, kept apart from valid time. Open while current.';

COMMENT ON COLUMN mission_seat.recorded_by IS 'The database user who recorded this version.';

COMMENT ON COLUMN mission_seat.supersedes_id IS 'The version this row corrects, when it is a correction; NULL for a first record.';

CREATE INDEX ix_mission_seat_city_id ON mission_seat (city_id);

CREATE INDEX ix_mission_seat_source_id ON mission_seat (source_id);

CREATE INDEX ix_mission_seat_supersedes_id ON mission_seat (supersedes_id);

CREATE TRIGGER mission_seat_keep_history BEFORE UPDATE OR DELETE ON mission_seat FOR EACH ROW EXECUTE FUNCTION public.keep_history();

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
       AND d.refobjid IN (SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname = 'heads_timeline_of')
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace public.heads_timeline_of: % depends on it and was not built by a '
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
     WHERE d.refclassid = 'pg_proc'::regclass
       AND d.refobjid IN (SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname = 'heads_timeline_stale')
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace public.heads_timeline_stale: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$-- What reporting.heads_as_of would answer for these missions, on every date and at
-- every recorded instant, as rows over stretches of valid time x recorded time.
CREATE OR REPLACE FUNCTION public.heads_timeline_of(mission_ids integer[])
RETURNS SETOF heads_timeline
LANGUAGE sql STABLE
AS $$
WITH
-- Every instant at which what the registry held about a mission changed.
instant AS (
    SELECT t.mission_id, lower(t.recorded) AS at FROM tenure t WHERE t.mission_id = ANY(mission_ids)
    UNION
    SELECT t.mission_id, upper(t.recorded) FROM tenure t
     WHERE t.mission_id = ANY(mission_ids) AND NOT upper_inf(t.recorded)
    UNION
    SELECT sc.mission_id, lower(sc.recorded) FROM status_change sc WHERE sc.mission_id = ANY(mission_ids)
    UNION
    SELECT sc.mission_id, upper(sc.recorded) FROM status_change sc
     WHERE sc.mission_id = ANY(mission_ids) AND NOT upper_inf(sc.recorded)
    UNION
    SELECT a.mission_id, lower(a.recorded) FROM accreditation a WHERE a.mission_id = ANY(mission_ids)
    UNION
    SELECT a.mission_id, upper(a.recorded) FROM accreditation a
     WHERE a.mission_id = ANY(mission_ids) AND NOT upper_inf(a.recorded)
    UNION
    SELECT ms.mission_id, lower(ms.recorded) FROM mission_seat ms WHERE ms.mission_id = ANY(mission_ids)
    UNION
    SELECT ms.mission_id, upper(ms.recorded) FROM mission_seat ms
     WHERE ms.mission_id = ANY(mission_ids) AND NOT upper_inf(ms.recorded)
    UNION
    SELECT m.id, m.recorded_at FROM mission m WHERE m.id = ANY(mission_ids)
),
-- Stretches of recorded time over which nothing about the mission changed.
version AS (
    SELECT mission_id, at, lead(at) OVER (PARTITION BY mission_id ORDER BY at) AS until
      FROM instant
),
-- Versions from when the registry recorded the mission: none before shows anything.
shown AS (
    SELECT v.mission_id, v.at, v.until
      FROM version v JOIN mission m ON m.id = v.mission_id
     WHERE v.at >= m.recorded_at
),
-- The mission's tenures each version holds, numbered by start: within one version no
-- two overlap (ex_tenure_one_head_at_a_time), so the n-th to start is the one that
-- began last on any date after n starts, and it heads the mission until it ends.
held_tenure AS (
    SELECT v.mission_id, v.at, t.id, lower(t.valid) AS starts, upper(t.valid) AS ends,
           row_number() OVER (PARTITION BY v.mission_id, v.at ORDER BY lower(t.valid)) AS n
      FROM shown v JOIN tenure t ON t.mission_id = v.mission_id AND t.recorded @> v.at
),
-- The mission's status changes each version holds, numbered in the order the latest
-- one wins (the date, then the id): after n of them, the n-th gives the status.
held_change AS (
    SELECT v.mission_id, v.at, sc.id, sc.occurred_on, k.mission_status, sc.source_id,
           row_number() OVER (PARTITION BY v.mission_id, v.at ORDER BY sc.occurred_on, sc.id) AS n
      FROM shown v
      JOIN status_change sc ON sc.mission_id = v.mission_id AND sc.recorded @> v.at
      JOIN status_change_kind k
        ON k.code = sc.kind AND k.applies_to = 'mission' AND k.mission_status IS NOT NULL
),
-- The mission's dated seats each version holds (revision 0019): within one version
-- no two overlap (ex_mission_seat_one_seat_at_a_time).
held_seat AS (
    SELECT v.mission_id, v.at, ms.city_id, ms.valid
      FROM shown v JOIN mission_seat ms ON ms.mission_id = v.mission_id AND ms.recorded @> v.at
),
-- Within one version, the dates on which the mission's status, head or seat changed,
-- and how many tenures and status changes had begun by each.
event AS (
    SELECT mission_id, at, starts AS on_date, 1 AS tenures, 0 AS changes FROM held_tenure
    UNION ALL
    SELECT mission_id, at, ends, 0, 0 FROM held_tenure WHERE ends IS NOT NULL
    UNION ALL
    SELECT mission_id, at, occurred_on, 0, 1 FROM held_change
    UNION ALL
    SELECT mission_id, at, lower(valid), 0, 0 FROM held_seat WHERE NOT lower_inf(valid)
    UNION ALL
    SELECT mission_id, at, upper(valid), 0, 0 FROM held_seat WHERE NOT upper_inf(valid)
),
boundary AS (
    SELECT mission_id, at, on_date,
           sum(tenures)::integer AS tenures, sum(changes)::integer AS changes
      FROM event
     GROUP BY mission_id, at, on_date
),
segment AS (
    SELECT mission_id, at, on_date,
           lead(on_date) OVER w AS next_date,
           sum(tenures) OVER w AS tenures,
           sum(changes) OVER w AS changes
      FROM boundary
    WINDOW w AS (PARTITION BY mission_id, at ORDER BY on_date)
),
-- Whom the mission was accredited to in each version: once a version, not a segment.
accredited AS (
    SELECT v.mission_id, v.at,
           array_agg(ap.name ORDER BY ap.id <> m.host_party_id, NOT a.resident, ap.name) AS names
      FROM shown v
      JOIN mission m ON m.id = v.mission_id
      JOIN accreditation a ON a.mission_id = v.mission_id AND a.recorded @> v.at
      JOIN party ap ON ap.id = a.party_id
     GROUP BY v.mission_id, v.at
),
-- The tenure that began last heads the mission on the date if it has not ended by
-- then; if it has, it is the previous tenure of a vacant post. Its seat on the date
-- is the dated seat covering it (seat boundaries are segment boundaries), if any.
state AS (
    SELECT s.mission_id, s.at, v.until, s.on_date, s.next_date,
           hc.mission_status AS status, hc.source_id AS status_source_id,
           hs.city_id AS seat_city_id,
           CASE WHEN ht.ends IS NULL OR ht.ends > s.on_date THEN ht.id END AS tenure_id,
           CASE WHEN ht.ends <= s.on_date THEN ht.id END AS previous_tenure_id
      FROM segment s
      JOIN shown v ON v.mission_id = s.mission_id AND v.at = s.at
      LEFT JOIN held_tenure ht
        ON ht.mission_id = s.mission_id AND ht.at = s.at AND ht.n = s.tenures
      LEFT JOIN held_change hc
        ON hc.mission_id = s.mission_id AND hc.at = s.at AND hc.n = s.changes
      LEFT JOIN held_seat hs
        ON hs.mission_id = s.mission_id AND hs.at = s.at AND hs.valid @> s.on_date
)
SELECT
    s.mission_id,
    daterange(s.on_date, s.next_date),
    tstzrange(s.at, s.until),
    t.id,
    COALESCE(s.seat_city_id, m.city_id),
    c.name,
    sp.code,
    sp.name,
    m.kind,
    mk.label,
    CASE
        WHEN t.id IS NOT NULL AND t.person_id IS NOT NULL THEN 'named'
        WHEN t.id IS NOT NULL THEN 'unnamed'
        WHEN pt.id IS NOT NULL THEN 'vacant'
        ELSE 'unknown'
    END,
    p.name,
    r.code,
    r.title,
    r.vienna_class,
    r.ad_interim,
    r.cow_level,
    CASE WHEN t.id IS NOT NULL
         THEN CASE WHEN t.start_precision IS NOT NULL THEN lower(t.valid) END
         ELSE upper(pt.valid) END,
    CASE WHEN t.id IS NOT NULL THEN t.start_precision ELSE pt.end_precision END,
    CASE WHEN t.start_precision IS NULL THEN lower(t.valid) END,
    t.attested_precision,
    t.credentials_on,
    t.credentials_precision,
    ca.name,
    COALESCE(acc.names, '{}'),
    src.title,
    CASE r.vienna_class
        WHEN 'a' THEN 1 WHEN 'b' THEN 2 WHEN 'c' THEN 3
        ELSE CASE WHEN r.ad_interim THEN 4 WHEN r.code IS NOT NULL THEN 5 ELSE 6 END
    END,
    COALESCE(t.credentials_on, CASE WHEN t.start_precision IS NOT NULL THEN lower(t.valid) END),
    upper(ca.valid),
    m.seat_inferred AND s.seat_city_id IS NULL,
    rc.name,
    hp.code,
    op.name,
    hp.name
FROM state s
JOIN mission m ON m.id = s.mission_id
JOIN party sp ON sp.id = m.sending_party_id
JOIN party hp ON hp.id = m.host_party_id
JOIN mission_kind mk ON mk.code = m.kind
LEFT JOIN city c ON c.id = COALESCE(s.seat_city_id, m.city_id)
LEFT JOIN party op ON op.id = m.organisation_id
LEFT JOIN tenure t ON t.id = s.tenure_id
LEFT JOIN tenure pt ON pt.id = s.previous_tenure_id
LEFT JOIN rank r ON r.code = t.rank_code
LEFT JOIN person p ON p.id = t.person_id
LEFT JOIN authority ca ON ca.id = t.credentials_authority_id
LEFT JOIN city rc ON rc.id = t.resident_city_id
LEFT JOIN source src ON src.id = COALESCE(t.source_id, pt.source_id, s.status_source_id)
LEFT JOIN accredited acc ON acc.mission_id = s.mission_id AND acc.at = s.at
WHERE s.status = 'operating' OR (s.status IS NULL AND t.id IS NOT NULL)
$$;
REVOKE EXECUTE ON FUNCTION heads_timeline_of(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION heads_timeline_of(integer[]) IS 'The definition of heads_timeline: the rows these missions should have, computed from the facts.';
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT proacl INTO grants FROM pg_proc WHERE oid = 'public.heads_timeline_of(mission_ids integer[])'::regprocedure;
    EXECUTE 'DROP FUNCTION public.heads_timeline_of(mission_ids integer[]) RESTRICT';
    EXECUTE $object$-- What reporting.heads_as_of would answer for these missions, on every date and at
-- every recorded instant, as rows over stretches of valid time x recorded time.
CREATE FUNCTION public.heads_timeline_of(mission_ids integer[])
RETURNS SETOF heads_timeline
LANGUAGE sql STABLE
AS $$
WITH
-- Every instant at which what the registry held about a mission changed.
instant AS (
    SELECT t.mission_id, lower(t.recorded) AS at FROM tenure t WHERE t.mission_id = ANY(mission_ids)
    UNION
    SELECT t.mission_id, upper(t.recorded) FROM tenure t
     WHERE t.mission_id = ANY(mission_ids) AND NOT upper_inf(t.recorded)
    UNION
    SELECT sc.mission_id, lower(sc.recorded) FROM status_change sc WHERE sc.mission_id = ANY(mission_ids)
    UNION
    SELECT sc.mission_id, upper(sc.recorded) FROM status_change sc
     WHERE sc.mission_id = ANY(mission_ids) AND NOT upper_inf(sc.recorded)
    UNION
    SELECT a.mission_id, lower(a.recorded) FROM accreditation a WHERE a.mission_id = ANY(mission_ids)
    UNION
    SELECT a.mission_id, upper(a.recorded) FROM accreditation a
     WHERE a.mission_id = ANY(mission_ids) AND NOT upper_inf(a.recorded)
    UNION
    SELECT ms.mission_id, lower(ms.recorded) FROM mission_seat ms WHERE ms.mission_id = ANY(mission_ids)
    UNION
    SELECT ms.mission_id, upper(ms.recorded) FROM mission_seat ms
     WHERE ms.mission_id = ANY(mission_ids) AND NOT upper_inf(ms.recorded)
    UNION
    SELECT m.id, m.recorded_at FROM mission m WHERE m.id = ANY(mission_ids)
),
-- Stretches of recorded time over which nothing about the mission changed.
version AS (
    SELECT mission_id, at, lead(at) OVER (PARTITION BY mission_id ORDER BY at) AS until
      FROM instant
),
-- Versions from when the registry recorded the mission: none before shows anything.
shown AS (
    SELECT v.mission_id, v.at, v.until
      FROM version v JOIN mission m ON m.id = v.mission_id
     WHERE v.at >= m.recorded_at
),
-- The mission's tenures each version holds, numbered by start: within one version no
-- two overlap (ex_tenure_one_head_at_a_time), so the n-th to start is the one that
-- began last on any date after n starts, and it heads the mission until it ends.
held_tenure AS (
    SELECT v.mission_id, v.at, t.id, lower(t.valid) AS starts, upper(t.valid) AS ends,
           row_number() OVER (PARTITION BY v.mission_id, v.at ORDER BY lower(t.valid)) AS n
      FROM shown v JOIN tenure t ON t.mission_id = v.mission_id AND t.recorded @> v.at
),
-- The mission's status changes each version holds, numbered in the order the latest
-- one wins (the date, then the id): after n of them, the n-th gives the status.
held_change AS (
    SELECT v.mission_id, v.at, sc.id, sc.occurred_on, k.mission_status, sc.source_id,
           row_number() OVER (PARTITION BY v.mission_id, v.at ORDER BY sc.occurred_on, sc.id) AS n
      FROM shown v
      JOIN status_change sc ON sc.mission_id = v.mission_id AND sc.recorded @> v.at
      JOIN status_change_kind k
        ON k.code = sc.kind AND k.applies_to = 'mission' AND k.mission_status IS NOT NULL
),
-- The mission's dated seats each version holds (revision 0019): within one version
-- no two overlap (ex_mission_seat_one_seat_at_a_time).
held_seat AS (
    SELECT v.mission_id, v.at, ms.city_id, ms.valid
      FROM shown v JOIN mission_seat ms ON ms.mission_id = v.mission_id AND ms.recorded @> v.at
),
-- Within one version, the dates on which the mission's status, head or seat changed,
-- and how many tenures and status changes had begun by each.
event AS (
    SELECT mission_id, at, starts AS on_date, 1 AS tenures, 0 AS changes FROM held_tenure
    UNION ALL
    SELECT mission_id, at, ends, 0, 0 FROM held_tenure WHERE ends IS NOT NULL
    UNION ALL
    SELECT mission_id, at, occurred_on, 0, 1 FROM held_change
    UNION ALL
    SELECT mission_id, at, lower(valid), 0, 0 FROM held_seat WHERE NOT lower_inf(valid)
    UNION ALL
    SELECT mission_id, at, upper(valid), 0, 0 FROM held_seat WHERE NOT upper_inf(valid)
),
boundary AS (
    SELECT mission_id, at, on_date,
           sum(tenures)::integer AS tenures, sum(changes)::integer AS changes
      FROM event
     GROUP BY mission_id, at, on_date
),
segment AS (
    SELECT mission_id, at, on_date,
           lead(on_date) OVER w AS next_date,
           sum(tenures) OVER w AS tenures,
           sum(changes) OVER w AS changes
      FROM boundary
    WINDOW w AS (PARTITION BY mission_id, at ORDER BY on_date)
),
-- Whom the mission was accredited to in each version: once a version, not a segment.
accredited AS (
    SELECT v.mission_id, v.at,
           array_agg(ap.name ORDER BY ap.id <> m.host_party_id, NOT a.resident, ap.name) AS names
      FROM shown v
      JOIN mission m ON m.id = v.mission_id
      JOIN accreditation a ON a.mission_id = v.mission_id AND a.recorded @> v.at
      JOIN party ap ON ap.id = a.party_id
     GROUP BY v.mission_id, v.at
),
-- The tenure that began last heads the mission on the date if it has not ended by
-- then; if it has, it is the previous tenure of a vacant post. Its seat on the date
-- is the dated seat covering it (seat boundaries are segment boundaries), if any.
state AS (
    SELECT s.mission_id, s.at, v.until, s.on_date, s.next_date,
           hc.mission_status AS status, hc.source_id AS status_source_id,
           hs.city_id AS seat_city_id,
           CASE WHEN ht.ends IS NULL OR ht.ends > s.on_date THEN ht.id END AS tenure_id,
           CASE WHEN ht.ends <= s.on_date THEN ht.id END AS previous_tenure_id
      FROM segment s
      JOIN shown v ON v.mission_id = s.mission_id AND v.at = s.at
      LEFT JOIN held_tenure ht
        ON ht.mission_id = s.mission_id AND ht.at = s.at AND ht.n = s.tenures
      LEFT JOIN held_change hc
        ON hc.mission_id = s.mission_id AND hc.at = s.at AND hc.n = s.changes
      LEFT JOIN held_seat hs
        ON hs.mission_id = s.mission_id AND hs.at = s.at AND hs.valid @> s.on_date
)
SELECT
    s.mission_id,
    daterange(s.on_date, s.next_date),
    tstzrange(s.at, s.until),
    t.id,
    COALESCE(s.seat_city_id, m.city_id),
    c.name,
    sp.code,
    sp.name,
    m.kind,
    mk.label,
    CASE
        WHEN t.id IS NOT NULL AND t.person_id IS NOT NULL THEN 'named'
        WHEN t.id IS NOT NULL THEN 'unnamed'
        WHEN pt.id IS NOT NULL THEN 'vacant'
        ELSE 'unknown'
    END,
    p.name,
    r.code,
    r.title,
    r.vienna_class,
    r.ad_interim,
    r.cow_level,
    CASE WHEN t.id IS NOT NULL
         THEN CASE WHEN t.start_precision IS NOT NULL THEN lower(t.valid) END
         ELSE upper(pt.valid) END,
    CASE WHEN t.id IS NOT NULL THEN t.start_precision ELSE pt.end_precision END,
    CASE WHEN t.start_precision IS NULL THEN lower(t.valid) END,
    t.attested_precision,
    t.credentials_on,
    t.credentials_precision,
    ca.name,
    COALESCE(acc.names, '{}'),
    src.title,
    CASE r.vienna_class
        WHEN 'a' THEN 1 WHEN 'b' THEN 2 WHEN 'c' THEN 3
        ELSE CASE WHEN r.ad_interim THEN 4 WHEN r.code IS NOT NULL THEN 5 ELSE 6 END
    END,
    COALESCE(t.credentials_on, CASE WHEN t.start_precision IS NOT NULL THEN lower(t.valid) END),
    upper(ca.valid),
    m.seat_inferred AND s.seat_city_id IS NULL,
    rc.name,
    hp.code,
    op.name,
    hp.name
FROM state s
JOIN mission m ON m.id = s.mission_id
JOIN party sp ON sp.id = m.sending_party_id
JOIN party hp ON hp.id = m.host_party_id
JOIN mission_kind mk ON mk.code = m.kind
LEFT JOIN city c ON c.id = COALESCE(s.seat_city_id, m.city_id)
LEFT JOIN party op ON op.id = m.organisation_id
LEFT JOIN tenure t ON t.id = s.tenure_id
LEFT JOIN tenure pt ON pt.id = s.previous_tenure_id
LEFT JOIN rank r ON r.code = t.rank_code
LEFT JOIN person p ON p.id = t.person_id
LEFT JOIN authority ca ON ca.id = t.credentials_authority_id
LEFT JOIN city rc ON rc.id = t.resident_city_id
LEFT JOIN source src ON src.id = COALESCE(t.source_id, pt.source_id, s.status_source_id)
LEFT JOIN accredited acc ON acc.mission_id = s.mission_id AND acc.at = s.at
WHERE s.status = 'operating' OR (s.status IS NULL AND t.id IS NOT NULL)
$$;
REVOKE EXECUTE ON FUNCTION heads_timeline_of(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION heads_timeline_of(integer[]) IS 'The definition of heads_timeline: the rows these missions should have, computed from the facts.';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON FUNCTION public.heads_timeline_of(mission_ids integer[]) TO %s', item.privilege_type,
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
    EXECUTE $object$CREATE OR REPLACE FUNCTION public.heads_timeline_stale()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    mission_ids integer[];
    keys text[];
BEGIN
    -- The bulk writer (registry/bundle/load.py) sets registry.bulk for its transaction
    -- and queues the missions whose facts it wrote, once, after its last statement
    -- (revision 0013): its facts' statements need not gather their missions here.
    -- Missions and names (party, city, person ...) it may change are still followed.
    IF TG_TABLE_NAME IN ('tenure', 'status_change', 'accreditation', 'mission_seat')
       AND current_setting('registry.bulk', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'status_change' THEN
        -- A head's change names the tenure; after an erasure the tenure may be gone,
        -- and the tenure's own trigger refreshes its mission.
        SELECT array_agg(DISTINCT COALESCE(r.mission_id, t.mission_id)) INTO mission_ids
          FROM changed r LEFT JOIN tenure t ON t.id = r.tenure_id
         WHERE COALESCE(r.mission_id, t.mission_id) IS NOT NULL;
    ELSIF TG_TABLE_NAME IN ('tenure', 'accreditation', 'mission_seat') THEN
        SELECT array_agg(DISTINCT r.mission_id) INTO mission_ids FROM changed r;
    ELSE
        -- An UPDATE of a row whose values a timeline shows: only the rows where one
        -- of those values changed (a source's URL or a person's description
        -- changes nothing there).
        CASE TG_TABLE_NAME
        WHEN 'mission' THEN
            SELECT array_agg(n.id::text) INTO keys FROM changed n JOIN replaced o ON o.id = n.id
             WHERE (n.sending_party_id, n.host_party_id, n.city_id, n.kind, n.organisation_id,
                    n.seat_inferred, n.recorded_at)
                   IS DISTINCT FROM (o.sending_party_id, o.host_party_id, o.city_id, o.kind,
                    o.organisation_id, o.seat_inferred, o.recorded_at);
        WHEN 'party' THEN
            SELECT array_agg(n.id::text) INTO keys FROM changed n JOIN replaced o ON o.id = n.id
             WHERE (n.code, n.name) IS DISTINCT FROM (o.code, o.name);
        WHEN 'city', 'person' THEN
            SELECT array_agg(n.id::text) INTO keys FROM changed n JOIN replaced o ON o.id = n.id
             WHERE n.name IS DISTINCT FROM o.name;
        WHEN 'authority' THEN
            SELECT array_agg(n.id::text) INTO keys FROM changed n JOIN replaced o ON o.id = n.id
             WHERE (n.name, n.valid) IS DISTINCT FROM (o.name, o.valid);
        WHEN 'source' THEN
            SELECT array_agg(n.id::text) INTO keys FROM changed n JOIN replaced o ON o.id = n.id
             WHERE n.title IS DISTINCT FROM o.title;
        WHEN 'rank' THEN
            SELECT array_agg(n.code) INTO keys FROM changed n JOIN replaced o ON o.code = n.code
             WHERE (n.title, n.vienna_class, n.ad_interim, n.cow_level)
                   IS DISTINCT FROM (o.title, o.vienna_class, o.ad_interim, o.cow_level);
        WHEN 'mission_kind' THEN
            SELECT array_agg(n.code) INTO keys FROM changed n JOIN replaced o ON o.code = n.code
             WHERE n.label IS DISTINCT FROM o.label;
        WHEN 'status_change_kind' THEN
            SELECT array_agg(n.code) INTO keys FROM changed n JOIN replaced o ON o.code = n.code
             WHERE (n.label, n.mission_status, n.applies_to)
                   IS DISTINCT FROM (o.label, o.mission_status, o.applies_to);
        END CASE;
        IF keys IS NULL THEN
            RETURN NULL;
        END IF;
        -- Wait for the transactions refreshing the timelines now, and keep new ones
        -- waiting until this one commits: this one then sees their facts and they
        -- see its names. Else a mission written by one and renamed by the other at
        -- the same time could keep the old name. Every refresh writes heads_timeline
        -- first, so its lock is enough for both tables.
        LOCK TABLE heads_timeline IN SHARE ROW EXCLUSIVE MODE;
        CASE TG_TABLE_NAME
        WHEN 'mission' THEN
            mission_ids := keys::integer[];
        WHEN 'party' THEN
            SELECT array_agg(m.id) INTO mission_ids FROM mission m
             WHERE m.sending_party_id = ANY(keys::integer[])
                OR m.host_party_id = ANY(keys::integer[])
                OR m.organisation_id = ANY(keys::integer[])
                OR m.id IN (SELECT a.mission_id FROM accreditation a
                             WHERE a.party_id = ANY(keys::integer[]))
                OR m.id IN (SELECT COALESCE(sc.mission_id, t.mission_id)
                              FROM status_change sc LEFT JOIN tenure t ON t.id = sc.tenure_id
                             WHERE sc.actor_party_id = ANY(keys::integer[]));
        WHEN 'city' THEN
            SELECT array_agg(m.id) INTO mission_ids FROM mission m
             WHERE m.city_id = ANY(keys::integer[])
                OR m.id IN (SELECT t.mission_id FROM tenure t
                             WHERE t.resident_city_id = ANY(keys::integer[]))
                OR m.id IN (SELECT ms.mission_id FROM mission_seat ms
                             WHERE ms.city_id = ANY(keys::integer[]));
        WHEN 'person' THEN
            SELECT array_agg(DISTINCT t.mission_id) INTO mission_ids FROM tenure t
             WHERE t.person_id = ANY(keys::integer[]);
        WHEN 'authority' THEN
            SELECT array_agg(DISTINCT x.mission_id) INTO mission_ids FROM (
                SELECT t.mission_id FROM tenure t
                 WHERE t.credentials_authority_id = ANY(keys::integer[])
                UNION ALL
                SELECT COALESCE(sc.mission_id, t.mission_id)
                  FROM status_change sc LEFT JOIN tenure t ON t.id = sc.tenure_id
                 WHERE sc.actor_authority_id = ANY(keys::integer[])
            ) x;
        WHEN 'source' THEN
            SELECT array_agg(DISTINCT x.mission_id) INTO mission_ids FROM (
                SELECT t.mission_id FROM tenure t WHERE t.source_id = ANY(keys::integer[])
                UNION ALL
                SELECT COALESCE(sc.mission_id, t.mission_id)
                  FROM status_change sc LEFT JOIN tenure t ON t.id = sc.tenure_id
                 WHERE sc.source_id = ANY(keys::integer[])
            ) x;
        WHEN 'rank' THEN
            SELECT array_agg(DISTINCT t.mission_id) INTO mission_ids FROM tenure t
             WHERE t.rank_code = ANY(keys);
        WHEN 'mission_kind' THEN
            SELECT array_agg(m.id) INTO mission_ids FROM mission m WHERE m.kind = ANY(keys);
        WHEN 'status_change_kind' THEN
            SELECT array_agg(DISTINCT COALESCE(sc.mission_id, t.mission_id)) INTO mission_ids
              FROM status_change sc LEFT JOIN tenure t ON t.id = sc.tenure_id
             WHERE sc.kind = ANY(keys);
        END CASE;
    END IF;
    IF mission_ids IS NULL THEN
        RETURN NULL;
    ELSIF current_setting('registry.heads_timeline', true) = 'at commit' THEN
        INSERT INTO heads_timeline_queue (mission_ids) VALUES (mission_ids);
    ELSE
        PERFORM refresh_timelines(mission_ids);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION heads_timeline_stale() IS 'Trigger: refreshes (or queues until commit) both timelines, heads_timeline and mission_timeline, of the missions a statement touched.';
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT proacl INTO grants FROM pg_proc WHERE oid = 'public.heads_timeline_stale()'::regprocedure;
    EXECUTE 'DROP FUNCTION public.heads_timeline_stale() RESTRICT';
    EXECUTE $object$CREATE FUNCTION public.heads_timeline_stale()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    mission_ids integer[];
    keys text[];
BEGIN
    -- The bulk writer (registry/bundle/load.py) sets registry.bulk for its transaction
    -- and queues the missions whose facts it wrote, once, after its last statement
    -- (revision 0013): its facts' statements need not gather their missions here.
    -- Missions and names (party, city, person ...) it may change are still followed.
    IF TG_TABLE_NAME IN ('tenure', 'status_change', 'accreditation', 'mission_seat')
       AND current_setting('registry.bulk', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'status_change' THEN
        -- A head's change names the tenure; after an erasure the tenure may be gone,
        -- and the tenure's own trigger refreshes its mission.
        SELECT array_agg(DISTINCT COALESCE(r.mission_id, t.mission_id)) INTO mission_ids
          FROM changed r LEFT JOIN tenure t ON t.id = r.tenure_id
         WHERE COALESCE(r.mission_id, t.mission_id) IS NOT NULL;
    ELSIF TG_TABLE_NAME IN ('tenure', 'accreditation', 'mission_seat') THEN
        SELECT array_agg(DISTINCT r.mission_id) INTO mission_ids FROM changed r;
    ELSE
        -- An UPDATE of a row whose values a timeline shows: only the rows where one
        -- of those values changed (a source's URL or a person's description
        -- changes nothing there).
        CASE TG_TABLE_NAME
        WHEN 'mission' THEN
            SELECT array_agg(n.id::text) INTO keys FROM changed n JOIN replaced o ON o.id = n.id
             WHERE (n.sending_party_id, n.host_party_id, n.city_id, n.kind, n.organisation_id,
                    n.seat_inferred, n.recorded_at)
                   IS DISTINCT FROM (o.sending_party_id, o.host_party_id, o.city_id, o.kind,
                    o.organisation_id, o.seat_inferred, o.recorded_at);
        WHEN 'party' THEN
            SELECT array_agg(n.id::text) INTO keys FROM changed n JOIN replaced o ON o.id = n.id
             WHERE (n.code, n.name) IS DISTINCT FROM (o.code, o.name);
        WHEN 'city', 'person' THEN
            SELECT array_agg(n.id::text) INTO keys FROM changed n JOIN replaced o ON o.id = n.id
             WHERE n.name IS DISTINCT FROM o.name;
        WHEN 'authority' THEN
            SELECT array_agg(n.id::text) INTO keys FROM changed n JOIN replaced o ON o.id = n.id
             WHERE (n.name, n.valid) IS DISTINCT FROM (o.name, o.valid);
        WHEN 'source' THEN
            SELECT array_agg(n.id::text) INTO keys FROM changed n JOIN replaced o ON o.id = n.id
             WHERE n.title IS DISTINCT FROM o.title;
        WHEN 'rank' THEN
            SELECT array_agg(n.code) INTO keys FROM changed n JOIN replaced o ON o.code = n.code
             WHERE (n.title, n.vienna_class, n.ad_interim, n.cow_level)
                   IS DISTINCT FROM (o.title, o.vienna_class, o.ad_interim, o.cow_level);
        WHEN 'mission_kind' THEN
            SELECT array_agg(n.code) INTO keys FROM changed n JOIN replaced o ON o.code = n.code
             WHERE n.label IS DISTINCT FROM o.label;
        WHEN 'status_change_kind' THEN
            SELECT array_agg(n.code) INTO keys FROM changed n JOIN replaced o ON o.code = n.code
             WHERE (n.label, n.mission_status, n.applies_to)
                   IS DISTINCT FROM (o.label, o.mission_status, o.applies_to);
        END CASE;
        IF keys IS NULL THEN
            RETURN NULL;
        END IF;
        -- Wait for the transactions refreshing the timelines now, and keep new ones
        -- waiting until this one commits: this one then sees their facts and they
        -- see its names. Else a mission written by one and renamed by the other at
        -- the same time could keep the old name. Every refresh writes heads_timeline
        -- first, so its lock is enough for both tables.
        LOCK TABLE heads_timeline IN SHARE ROW EXCLUSIVE MODE;
        CASE TG_TABLE_NAME
        WHEN 'mission' THEN
            mission_ids := keys::integer[];
        WHEN 'party' THEN
            SELECT array_agg(m.id) INTO mission_ids FROM mission m
             WHERE m.sending_party_id = ANY(keys::integer[])
                OR m.host_party_id = ANY(keys::integer[])
                OR m.organisation_id = ANY(keys::integer[])
                OR m.id IN (SELECT a.mission_id FROM accreditation a
                             WHERE a.party_id = ANY(keys::integer[]))
                OR m.id IN (SELECT COALESCE(sc.mission_id, t.mission_id)
                              FROM status_change sc LEFT JOIN tenure t ON t.id = sc.tenure_id
                             WHERE sc.actor_party_id = ANY(keys::integer[]));
        WHEN 'city' THEN
            SELECT array_agg(m.id) INTO mission_ids FROM mission m
             WHERE m.city_id = ANY(keys::integer[])
                OR m.id IN (SELECT t.mission_id FROM tenure t
                             WHERE t.resident_city_id = ANY(keys::integer[]))
                OR m.id IN (SELECT ms.mission_id FROM mission_seat ms
                             WHERE ms.city_id = ANY(keys::integer[]));
        WHEN 'person' THEN
            SELECT array_agg(DISTINCT t.mission_id) INTO mission_ids FROM tenure t
             WHERE t.person_id = ANY(keys::integer[]);
        WHEN 'authority' THEN
            SELECT array_agg(DISTINCT x.mission_id) INTO mission_ids FROM (
                SELECT t.mission_id FROM tenure t
                 WHERE t.credentials_authority_id = ANY(keys::integer[])
                UNION ALL
                SELECT COALESCE(sc.mission_id, t.mission_id)
                  FROM status_change sc LEFT JOIN tenure t ON t.id = sc.tenure_id
                 WHERE sc.actor_authority_id = ANY(keys::integer[])
            ) x;
        WHEN 'source' THEN
            SELECT array_agg(DISTINCT x.mission_id) INTO mission_ids FROM (
                SELECT t.mission_id FROM tenure t WHERE t.source_id = ANY(keys::integer[])
                UNION ALL
                SELECT COALESCE(sc.mission_id, t.mission_id)
                  FROM status_change sc LEFT JOIN tenure t ON t.id = sc.tenure_id
                 WHERE sc.source_id = ANY(keys::integer[])
            ) x;
        WHEN 'rank' THEN
            SELECT array_agg(DISTINCT t.mission_id) INTO mission_ids FROM tenure t
             WHERE t.rank_code = ANY(keys);
        WHEN 'mission_kind' THEN
            SELECT array_agg(m.id) INTO mission_ids FROM mission m WHERE m.kind = ANY(keys);
        WHEN 'status_change_kind' THEN
            SELECT array_agg(DISTINCT COALESCE(sc.mission_id, t.mission_id)) INTO mission_ids
              FROM status_change sc LEFT JOIN tenure t ON t.id = sc.tenure_id
             WHERE sc.kind = ANY(keys);
        END CASE;
    END IF;
    IF mission_ids IS NULL THEN
        RETURN NULL;
    ELSIF current_setting('registry.heads_timeline', true) = 'at commit' THEN
        INSERT INTO heads_timeline_queue (mission_ids) VALUES (mission_ids);
    ELSE
        PERFORM refresh_timelines(mission_ids);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION heads_timeline_stale() IS 'Trigger: refreshes (or queues until commit) both timelines, heads_timeline and mission_timeline, of the missions a statement touched.';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON FUNCTION public.heads_timeline_stale() TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

CREATE TRIGGER mission_seat_heads_timeline_insert AFTER INSERT ON mission_seat REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION heads_timeline_stale();

COMMENT ON TRIGGER mission_seat_heads_timeline_insert ON mission_seat IS 'Keeps heads_timeline: refreshes the missions this statement may have changed.';

CREATE TRIGGER mission_seat_heads_timeline_update AFTER UPDATE ON mission_seat REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION heads_timeline_stale();

COMMENT ON TRIGGER mission_seat_heads_timeline_update ON mission_seat IS 'Keeps heads_timeline: refreshes the missions this statement may have changed.';

CREATE TRIGGER mission_seat_heads_timeline_delete AFTER DELETE ON mission_seat REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION heads_timeline_stale();

COMMENT ON TRIGGER mission_seat_heads_timeline_delete ON mission_seat IS 'Keeps heads_timeline: refreshes the missions this statement may have changed.';

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
       AND d.refobjid IN (SELECT oid FROM pg_class WHERE oid = to_regclass('reporting.mission_seat'))
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace reporting.mission_seat: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$-- A mission's dated seats (revision 0019). Where no row covers a date, the mission
-- is at its city in reporting.mission.
CREATE OR REPLACE VIEW reporting.mission_seat AS
SELECT
    ms.id AS seat_id,
    ms.mission_id,
    sp.code AS sending_code,
    sp.name AS sending,
    mk.label AS mission_kind,
    hp.name AS host,
    ms.city_id,
    c.name AS city,
    cp.code AS city_party_code,
    lower(ms.valid) AS from_on,
    ms.start_precision AS from_precision,
    upper(ms.valid) AS until_on,
    ms.end_precision AS until_precision,
    ms.valid,
    s.title AS source,
    lower(ms.recorded) AS recorded_from,
    ms.recorded_by
FROM mission_seat ms
JOIN mission m ON m.id = ms.mission_id
JOIN party sp ON sp.id = m.sending_party_id
JOIN party hp ON hp.id = m.host_party_id
JOIN mission_kind mk ON mk.code = m.kind
JOIN city c ON c.id = ms.city_id
JOIN party cp ON cp.id = c.party_id
JOIN source s ON s.id = ms.source_id
WHERE ms.recorded @> reporting.as_recorded();

COMMENT ON VIEW reporting.mission_seat IS 'Where a mission sat over dated periods, for a mission that moved (the US embassy to Germany in Bonn until 1999, then in Berlin), the version the registry held at reporting.as_recorded(). Where no row covers a date the mission is at its city in reporting.mission; who-heads (heads_timeline) lists it in its seat on each date.';
COMMENT ON COLUMN reporting.mission_seat.seat_id IS 'The seat (a version of it).';
COMMENT ON COLUMN reporting.mission_seat.mission_id IS 'The mission (see reporting.mission).';
COMMENT ON COLUMN reporting.mission_seat.sending_code IS 'Code of the sending party.';
COMMENT ON COLUMN reporting.mission_seat.sending IS 'Name of the sending party.';
COMMENT ON COLUMN reporting.mission_seat.mission_kind IS 'Kind of mission.';
COMMENT ON COLUMN reporting.mission_seat.host IS 'Name of the host party.';
COMMENT ON COLUMN reporting.mission_seat.city_id IS 'The seat city over the period (see reporting.city).';
COMMENT ON COLUMN reporting.mission_seat.city IS 'Name of the seat city.';
COMMENT ON COLUMN reporting.mission_seat.city_party_code IS 'Code of the party the city is in: not always the host (the US embassy to the Republic of China at Taipei).';
COMMENT ON COLUMN reporting.mission_seat.from_on IS 'First day at this seat; NULL: since the mission opened, as far as the registry knows.';
COMMENT ON COLUMN reporting.mission_seat.from_precision IS 'Precision of from_on: day, month or year.';
COMMENT ON COLUMN reporting.mission_seat.until_on IS 'First day no longer at this seat (the day of the move); NULL while no later move is on record.';
COMMENT ON COLUMN reporting.mission_seat.until_precision IS 'Precision of until_on.';
COMMENT ON COLUMN reporting.mission_seat.valid IS 'The period as a date range, [from_on, until_on).';
COMMENT ON COLUMN reporting.mission_seat.source IS 'Title of the source.';
COMMENT ON COLUMN reporting.mission_seat.recorded_from IS 'When the registry recorded this version.';
COMMENT ON COLUMN reporting.mission_seat.recorded_by IS 'The database user who recorded it.';

$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT relacl INTO grants FROM pg_class WHERE oid = 'reporting.mission_seat'::regclass;
    EXECUTE 'DROP VIEW reporting.mission_seat RESTRICT';
    EXECUTE $object$-- A mission's dated seats (revision 0019). Where no row covers a date, the mission
-- is at its city in reporting.mission.
CREATE VIEW reporting.mission_seat AS
SELECT
    ms.id AS seat_id,
    ms.mission_id,
    sp.code AS sending_code,
    sp.name AS sending,
    mk.label AS mission_kind,
    hp.name AS host,
    ms.city_id,
    c.name AS city,
    cp.code AS city_party_code,
    lower(ms.valid) AS from_on,
    ms.start_precision AS from_precision,
    upper(ms.valid) AS until_on,
    ms.end_precision AS until_precision,
    ms.valid,
    s.title AS source,
    lower(ms.recorded) AS recorded_from,
    ms.recorded_by
FROM mission_seat ms
JOIN mission m ON m.id = ms.mission_id
JOIN party sp ON sp.id = m.sending_party_id
JOIN party hp ON hp.id = m.host_party_id
JOIN mission_kind mk ON mk.code = m.kind
JOIN city c ON c.id = ms.city_id
JOIN party cp ON cp.id = c.party_id
JOIN source s ON s.id = ms.source_id
WHERE ms.recorded @> reporting.as_recorded();

COMMENT ON VIEW reporting.mission_seat IS 'Where a mission sat over dated periods, for a mission that moved (the US embassy to Germany in Bonn until 1999, then in Berlin), the version the registry held at reporting.as_recorded(). Where no row covers a date the mission is at its city in reporting.mission; who-heads (heads_timeline) lists it in its seat on each date.';
COMMENT ON COLUMN reporting.mission_seat.seat_id IS 'The seat (a version of it).';
COMMENT ON COLUMN reporting.mission_seat.mission_id IS 'The mission (see reporting.mission).';
COMMENT ON COLUMN reporting.mission_seat.sending_code IS 'Code of the sending party.';
COMMENT ON COLUMN reporting.mission_seat.sending IS 'Name of the sending party.';
COMMENT ON COLUMN reporting.mission_seat.mission_kind IS 'Kind of mission.';
COMMENT ON COLUMN reporting.mission_seat.host IS 'Name of the host party.';
COMMENT ON COLUMN reporting.mission_seat.city_id IS 'The seat city over the period (see reporting.city).';
COMMENT ON COLUMN reporting.mission_seat.city IS 'Name of the seat city.';
COMMENT ON COLUMN reporting.mission_seat.city_party_code IS 'Code of the party the city is in: not always the host (the US embassy to the Republic of China at Taipei).';
COMMENT ON COLUMN reporting.mission_seat.from_on IS 'First day at this seat; NULL: since the mission opened, as far as the registry knows.';
COMMENT ON COLUMN reporting.mission_seat.from_precision IS 'Precision of from_on: day, month or year.';
COMMENT ON COLUMN reporting.mission_seat.until_on IS 'First day no longer at this seat (the day of the move); NULL while no later move is on record.';
COMMENT ON COLUMN reporting.mission_seat.until_precision IS 'Precision of until_on.';
COMMENT ON COLUMN reporting.mission_seat.valid IS 'The period as a date range, [from_on, until_on).';
COMMENT ON COLUMN reporting.mission_seat.source IS 'Title of the source.';
COMMENT ON COLUMN reporting.mission_seat.recorded_from IS 'When the registry recorded this version.';
COMMENT ON COLUMN reporting.mission_seat.recorded_by IS 'The database user who recorded it.';

$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON reporting.mission_seat TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

GRANT SELECT ON reporting.mission_seat TO registry_analyst, registry_writer;

UPDATE alembic_version SET version_num='0019' WHERE alembic_version.version_num = '0018';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

