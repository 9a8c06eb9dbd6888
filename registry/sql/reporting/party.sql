CREATE VIEW reporting.party AS
SELECT
    p.id AS party_id,
    p.code,
    p.name,
    p.kind,
    p.iso_alpha3,
    lower(p.existed) AS existed_from,
    upper(p.existed) AS existed_until,
    p.cow_code,
    (SELECT x.value FROM external_id x WHERE x.party_id = p.id AND x.scheme = 'wikidata' ORDER BY x.id LIMIT 1) AS wikidata
FROM party p;

COMMENT ON VIEW reporting.party IS 'Every state and international organisation that sends or receives missions. Its names, for lookup, are in reporting.party_name.';
COMMENT ON COLUMN reporting.party.party_id IS 'Party identifier.';
COMMENT ON COLUMN reporting.party.code IS 'ISO 3166-1 alpha-2 for states (KZ), ISO 3166-3 alpha-4 for historical states (SUHH), a code for organisations (african-union).';
COMMENT ON COLUMN reporting.party.name IS 'Usual English name.';
COMMENT ON COLUMN reporting.party.kind IS 'state, historical_state, state_limited_recognition (Kosovo, Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, Flanders), government_in_exile (the Central Tibetan Administration) or organisation.';
COMMENT ON COLUMN reporting.party.iso_alpha3 IS 'ISO 3166-1 alpha-3 code, for states; NULL otherwise.';
COMMENT ON COLUMN reporting.party.existed_from IS 'First day the party existed, when recorded (the GDR: 1949-10-07).';
COMMENT ON COLUMN reporting.party.existed_until IS 'Day the party ceased to exist (NULL: it exists, or not recorded).';
COMMENT ON COLUMN reporting.party.cow_code IS 'Correlates of War state code, historical states too; NULL outside the COW state list.';
COMMENT ON COLUMN reporting.party.wikidata IS 'Wikidata QID of the party (the Holy See: Q159583), when known.';
