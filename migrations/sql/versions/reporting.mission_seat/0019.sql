-- A mission's dated seats (revision 0019). Where no row covers a date, the mission
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

