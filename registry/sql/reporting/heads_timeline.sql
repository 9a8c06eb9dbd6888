CREATE VIEW reporting.heads_timeline AS
SELECT
    mission_id,
    valid,
    recorded,
    tenure_id,
    city_id,
    city,
    sending_code,
    sending,
    mission_kind_code,
    mission_kind,
    head_status,
    head,
    rank_code,
    rank,
    rank_class,
    ad_interim,
    cow_level,
    since,
    since_precision,
    first_attested_on,
    attested_precision,
    credentials_on,
    credentials_precision,
    credentials_authority,
    accredited_to,
    source,
    precedence_group,
    functions_since,
    functions_before,
    seat_inferred,
    resident_city,
    host_code,
    organisation,
    host
FROM heads_timeline
WHERE recorded @> reporting.as_recorded();

COMMENT ON VIEW reporting.heads_timeline IS 'Who headed each mission, over time: what reporting.heads_as_of answers on every date, one row per mission per stretch of dates (valid) over which its row is the same (stretches are split at every recorded change, so two in a row may be equal). Like the other views, the version the registry held at reporting.as_recorded(). Derived from the facts and kept by triggers as they change; only missions heads_as_of lists appear.';
COMMENT ON COLUMN reporting.heads_timeline.mission_id IS 'Mission identifier.';
COMMENT ON COLUMN reporting.heads_timeline.valid IS 'The dates over which this answer holds, [from, until); an open upper bound means until further notice.';
COMMENT ON COLUMN reporting.heads_timeline.recorded IS 'The recorded time over which the registry held this row, [from, until); open while current.';
COMMENT ON COLUMN reporting.heads_timeline.tenure_id IS 'The tenure of the head in post (see reporting.head_of_mission); NULL when nobody heads the mission.';
COMMENT ON COLUMN reporting.heads_timeline.city_id IS 'Seat city identifier; NULL when only the country is known.';
COMMENT ON COLUMN reporting.heads_timeline.city IS 'Seat city; NULL when only the country is known.';
COMMENT ON COLUMN reporting.heads_timeline.sending_code IS 'Sending party code.';
COMMENT ON COLUMN reporting.heads_timeline.sending IS 'Sending state or organisation.';
COMMENT ON COLUMN reporting.heads_timeline.mission_kind_code IS 'Kind of mission, as a code.';
COMMENT ON COLUMN reporting.heads_timeline.mission_kind IS 'Kind of mission, as a label.';
COMMENT ON COLUMN reporting.heads_timeline.head_status IS 'named, unnamed (rank known, name not), vacant (no head since the last tenure ended) or unknown.';
COMMENT ON COLUMN reporting.heads_timeline.head IS 'Name of the head; NULL when unnamed, vacant or unknown.';
COMMENT ON COLUMN reporting.heads_timeline.rank_code IS 'Rank code of the head.';
COMMENT ON COLUMN reporting.heads_timeline.rank IS 'Rank title of the head.';
COMMENT ON COLUMN reporting.heads_timeline.rank_class IS 'Vienna Convention Art. 14 class (a, b, c); NULL outside the classes.';
COMMENT ON COLUMN reporting.heads_timeline.ad_interim IS 'True for a chargé d''affaires ad interim.';
COMMENT ON COLUMN reporting.heads_timeline.cow_level IS 'Correlates of War level of the head''s rank: 3 ambassador, 2 minister, 1 chargé, 9 other.';
COMMENT ON COLUMN reporting.heads_timeline.since IS 'Start of the tenure (NULL when unknown) or, for a vacant mission, the end of the last tenure.';
COMMENT ON COLUMN reporting.heads_timeline.since_precision IS 'Precision of since: day, month or year.';
COMMENT ON COLUMN reporting.heads_timeline.first_attested_on IS 'When the start is unknown: the date a source first attests the head in post.';
COMMENT ON COLUMN reporting.heads_timeline.attested_precision IS 'Precision of first_attested_on.';
COMMENT ON COLUMN reporting.heads_timeline.credentials_on IS 'When credentials were presented, if known.';
COMMENT ON COLUMN reporting.heads_timeline.credentials_precision IS 'Precision of credentials_on.';
COMMENT ON COLUMN reporting.heads_timeline.credentials_authority IS 'The authority credentials were presented to.';
COMMENT ON COLUMN reporting.heads_timeline.accredited_to IS 'Parties the mission is accredited to: the host first, then resident, then by name.';
COMMENT ON COLUMN reporting.heads_timeline.source IS 'Title of the source: of the tenure, else of the last tenure, else of the status change.';
COMMENT ON COLUMN reporting.heads_timeline.precedence_group IS 'Vienna Convention precedence group: 1-3 the classes, 4 chargé ad interim, 5 other ranks, 6 nobody.';
COMMENT ON COLUMN reporting.heads_timeline.functions_since IS 'When the head took up functions for precedence: credentials, else the start.';
COMMENT ON COLUMN reporting.heads_timeline.functions_before IS 'When credentials went to an authority that has left power: functions began before this date.';
COMMENT ON COLUMN reporting.heads_timeline.seat_inferred IS 'True when the seat city was inferred (the host''s capital), not stated by a source.';
COMMENT ON COLUMN reporting.heads_timeline.resident_city IS 'Where a non-resident head resided (e.g. Tehran); NULL when resident at the seat.';
COMMENT ON COLUMN reporting.heads_timeline.host_code IS 'Code of the state the mission sits in.';
COMMENT ON COLUMN reporting.heads_timeline.organisation IS 'For a mission to an international organisation: its name.';
COMMENT ON COLUMN reporting.heads_timeline.host IS 'State the mission sits in.';

