CREATE OR REPLACE FUNCTION public.heads_timeline_stale()
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
