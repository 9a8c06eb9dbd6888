CREATE VIEW reporting.party_name AS
SELECT
    a.party_id,
    (SELECT p.name FROM party p WHERE p.id = a.party_id) AS party,
    a.alias AS name,
    a.search_key,
    lower(a.valid) AS valid_from,
    upper(a.valid) AS valid_until
FROM party_alias a;

COMMENT ON VIEW reporting.party_name IS 'Every name a party is looked up by (its usual name among them): official names, translations, former names, each with its search key.';
COMMENT ON COLUMN reporting.party_name.party_id IS 'The party so named (reporting.party).';
COMMENT ON COLUMN reporting.party_name.party IS 'The party''s usual name.';
COMMENT ON COLUMN reporting.party_name.name IS 'The name as written.';
COMMENT ON COLUMN reporting.party_name.search_key IS 'The name folded for lookup: lower case, no accents, punctuation as single spaces; letters of every script kept.';
COMMENT ON COLUMN reporting.party_name.valid_from IS 'First day the party bore this name (Dahomey: NULL; Benin: 1975-11-30), when the name is dated.';
COMMENT ON COLUMN reporting.party_name.valid_until IS 'Day the party stopped bearing this name (Dahomey: 1975-11-30); NULL while borne or when not dated.';
