CREATE VIEW reporting.mission_timeline AS
SELECT
    mission_id,
    fact,
    CASE WHEN fact = 'tenure' THEN fact_id ELSE tenure_id END AS tenure_id,
    CASE WHEN fact = 'status_change' THEN fact_id END AS status_change_id,
    on_date,
    recorded,
    head,
    rank,
    rank_class,
    started_on,
    start_precision,
    first_attested_on,
    attested_precision,
    ended_on,
    end_precision,
    credentials_on,
    credentials_precision,
    credentials_authority,
    resident_city,
    change_code,
    change,
    occurred_on,
    occurred_precision,
    mission_status,
    actor,
    actor_authority,
    note,
    source
FROM mission_timeline
WHERE recorded @> reporting.as_recorded();

COMMENT ON VIEW reporting.mission_timeline IS 'Each mission''s history in one place, as `registry history` shows it: a row per tenure of its heads (fact tenure, as in reporting.head_of_mission) and per status change of the mission or of its heads (fact status_change, as in reporting.mission_status_change), the version the registry held at reporting.as_recorded(). Derived from the facts and kept by triggers as they change (revision 0009).';
COMMENT ON COLUMN reporting.mission_timeline.mission_id IS 'The mission.';
COMMENT ON COLUMN reporting.mission_timeline.fact IS 'tenure (a head in post) or status_change (a dated change of the mission or of its head).';
COMMENT ON COLUMN reporting.mission_timeline.tenure_id IS 'The tenure (see reporting.head_of_mission); for a status change, the tenure of the head it concerns, NULL for a change of the mission.';
COMMENT ON COLUMN reporting.mission_timeline.status_change_id IS 'The status change (see reporting.mission_status_change); NULL for a tenure.';
COMMENT ON COLUMN reporting.mission_timeline.on_date IS 'When: the start (or first attestation) of a tenure, the date of a status change.';
COMMENT ON COLUMN reporting.mission_timeline.recorded IS 'The recorded time over which the registry held this row, [from, until); open while current.';
COMMENT ON COLUMN reporting.mission_timeline.head IS 'Tenure: name of the head; NULL when the source does not name them.';
COMMENT ON COLUMN reporting.mission_timeline.rank IS 'Tenure: rank title.';
COMMENT ON COLUMN reporting.mission_timeline.rank_class IS 'Tenure: Vienna Convention Art. 14 class (a, b, c); NULL outside the classes.';
COMMENT ON COLUMN reporting.mission_timeline.started_on IS 'Tenure: start; NULL when unknown.';
COMMENT ON COLUMN reporting.mission_timeline.start_precision IS 'Tenure: precision of started_on (day, month or year).';
COMMENT ON COLUMN reporting.mission_timeline.first_attested_on IS 'Tenure: when the start is unknown, the date a source first attests the head in post.';
COMMENT ON COLUMN reporting.mission_timeline.attested_precision IS 'Tenure: precision of first_attested_on.';
COMMENT ON COLUMN reporting.mission_timeline.ended_on IS 'Tenure: first day out of post; NULL while no end is known.';
COMMENT ON COLUMN reporting.mission_timeline.end_precision IS 'Tenure: precision of ended_on.';
COMMENT ON COLUMN reporting.mission_timeline.credentials_on IS 'Tenure: when credentials were presented, if known.';
COMMENT ON COLUMN reporting.mission_timeline.credentials_precision IS 'Tenure: precision of credentials_on.';
COMMENT ON COLUMN reporting.mission_timeline.credentials_authority IS 'Tenure: the authority credentials were presented to.';
COMMENT ON COLUMN reporting.mission_timeline.resident_city IS 'Tenure: where the head resided when accredited from elsewhere; NULL when resident at the seat.';
COMMENT ON COLUMN reporting.mission_timeline.change_code IS 'Status change: kind of change, as a code.';
COMMENT ON COLUMN reporting.mission_timeline.change IS 'Status change: kind of change, as a label.';
COMMENT ON COLUMN reporting.mission_timeline.occurred_on IS 'Status change: when (first day of the period when only month or year is known).';
COMMENT ON COLUMN reporting.mission_timeline.occurred_precision IS 'Status change: precision of occurred_on.';
COMMENT ON COLUMN reporting.mission_timeline.mission_status IS 'Status change: the mission''s status after it, when it sets one.';
COMMENT ON COLUMN reporting.mission_timeline.actor IS 'Status change: the state or organisation that acted.';
COMMENT ON COLUMN reporting.mission_timeline.actor_authority IS 'Status change: the authority that acted, where it matters which.';
COMMENT ON COLUMN reporting.mission_timeline.note IS 'The tenure''s editorial note, or the status change''s detail as the source gives it.';
COMMENT ON COLUMN reporting.mission_timeline.source IS 'Title of the source of the fact.';

