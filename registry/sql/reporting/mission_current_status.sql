CREATE VIEW reporting.mission_current_status AS
SELECT
    rm.mission_id,
    rm.sending_code,
    rm.sending,
    rm.mission_kind_code,
    rm.mission_kind,
    rm.host_code,
    rm.host,
    rm.city,
    st.mission_status AS status,
    st.occurred_on AS status_since,
    st.occurred_precision AS status_precision,
    st.change AS status_change,
    st.source AS status_source
FROM reporting.mission rm
LEFT JOIN LATERAL (
    SELECT sc.mission_status, sc.occurred_on, sc.occurred_precision, sc.change, sc.source
      FROM reporting.mission_status_change sc
     WHERE sc.mission_id = rm.mission_id AND sc.applies_to = 'mission'
       AND sc.mission_status IS NOT NULL
     ORDER BY sc.occurred_on DESC, sc.status_change_id DESC
     LIMIT 1
) st ON true;

COMMENT ON VIEW reporting.mission_current_status IS 'Every mission with its status as last recorded: the latest status change that sets a status (operating, suspended, closed, planned). Status NULL when no such change is on record.';
COMMENT ON COLUMN reporting.mission_current_status.mission_id IS 'Mission identifier.';
COMMENT ON COLUMN reporting.mission_current_status.sending_code IS 'Sending party code.';
COMMENT ON COLUMN reporting.mission_current_status.sending IS 'Sending state or organisation.';
COMMENT ON COLUMN reporting.mission_current_status.mission_kind_code IS 'Kind of mission, as a code.';
COMMENT ON COLUMN reporting.mission_current_status.mission_kind IS 'Kind of mission, as a label.';
COMMENT ON COLUMN reporting.mission_current_status.host_code IS 'Code of the state the mission sits in.';
COMMENT ON COLUMN reporting.mission_current_status.host IS 'State the mission sits in.';
COMMENT ON COLUMN reporting.mission_current_status.city IS 'Seat city; NULL when only the country is known.';
COMMENT ON COLUMN reporting.mission_current_status.status IS 'Status after the latest status-setting change: operating, suspended, closed or planned; NULL when none is on record.';
COMMENT ON COLUMN reporting.mission_current_status.status_since IS 'Date of that change (first day of the period when only month or year is known).';
COMMENT ON COLUMN reporting.mission_current_status.status_precision IS 'Precision of status_since: day, month or year.';
COMMENT ON COLUMN reporting.mission_current_status.status_change IS 'The change that set the status, as a label.';
COMMENT ON COLUMN reporting.mission_current_status.status_source IS 'Title of the source of that change.';

