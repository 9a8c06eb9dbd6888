CREATE VIEW reporting.complete_list AS
SELECT l.id AS complete_list_id,
       l.city_id,
       c.name AS city,
       l.listed_on,
       l.listed_precision,
       l.kinds,
       s.title AS source,
       s.key AS source_key,
       l.note,
       (SELECT array_agg(cm.mission_id ORDER BY cm.mission_id)
          FROM complete_list_mission cm WHERE cm.complete_list_id = l.id) AS mission_ids,
       l.recorded_at
  FROM complete_list l
  JOIN city c ON c.id = l.city_id
  JOIN source s ON s.id = l.source_id
 WHERE l.recorded_at <= reporting.as_recorded();

COMMENT ON VIEW reporting.complete_list IS 'Complete lists: a source naming every mission of some kinds seated in a city as of a date. A mission of the city left out, with no evidence of its own since, is presumed not operating from the list''s date (docs/evidence.md).';
COMMENT ON COLUMN reporting.complete_list.complete_list_id IS 'List identifier.';
COMMENT ON COLUMN reporting.complete_list.city_id IS 'City identifier.';
COMMENT ON COLUMN reporting.complete_list.city IS 'The city whose missions it lists.';
COMMENT ON COLUMN reporting.complete_list.listed_on IS 'The date the list holds for (first day of the period when only month or year is known).';
COMMENT ON COLUMN reporting.complete_list.listed_precision IS 'Precision of listed_on: day, month or year.';
COMMENT ON COLUMN reporting.complete_list.kinds IS 'Kinds of mission (codes) it is complete for; NULL: every kind.';
COMMENT ON COLUMN reporting.complete_list.source IS 'Title of the source giving the list.';
COMMENT ON COLUMN reporting.complete_list.source_key IS 'Key of the source.';
COMMENT ON COLUMN reporting.complete_list.note IS 'What the source says it lists.';
COMMENT ON COLUMN reporting.complete_list.mission_ids IS 'The missions it names.';
COMMENT ON COLUMN reporting.complete_list.recorded_at IS 'When the registry recorded the list.';
