-- Which kinds of mission are forms of one post (table post_form, data in
-- registry/data/vocabulary/post_forms.csv): a sender's missions of these kinds in one
-- city are one post whose form changes (docs/forms.md).
CREATE VIEW reporting.post_form AS
SELECT f.code AS mission_kind_code, f.post FROM post_form f;

COMMENT ON VIEW reporting.post_form IS 'The kinds of mission that are forms of one post (a legation, an embassy, a liaison office, a technical team, ...): of a sender''s missions of one post in a city, the one whose form started last is the post''s form (docs/forms.md).';
COMMENT ON COLUMN reporting.post_form.mission_kind_code IS 'A kind of mission (mission_kind).';
COMMENT ON COLUMN reporting.post_form.post IS 'The post it is a form of (diplomatic).';
