CREATE TABLE fact_evidence (
    mission_id integer NOT NULL,
    evidence_on date NOT NULL,
    fact text NOT NULL,
    fact_id integer NOT NULL,
    recorded tstzrange NOT NULL,
    evidence_precision text,
    evidence_attests text NOT NULL,
    evidence_source text NOT NULL,
    evidence_source_key text NOT NULL,
    evidence_operating boolean,
    CONSTRAINT pk_fact_evidence PRIMARY KEY (mission_id, evidence_on, fact, fact_id),
    CONSTRAINT fk_fact_evidence_mission_id_mission FOREIGN KEY (mission_id)
        REFERENCES mission (id),
    CONSTRAINT ck_fact_evidence_fact_known CHECK (fact IN ('tenure', 'status_change'))
);

-- Writers never write it themselves: the triggers do, as its owner.
REVOKE ALL ON fact_evidence FROM registry_writer;
GRANT SELECT ON fact_evidence TO registry_writer;

COMMENT ON TABLE fact_evidence IS 'Derived, never written by hand: the evidence the tenures and status changes give about each mission (the heads and changes of reporting.mission_evidence), one row per version of the fact and date, over the recorded time the views show it. Computed by fact_evidence_of() and kept by the triggers that keep heads_timeline; rebuild with SELECT refresh_fact_evidence(ARRAY(SELECT id FROM mission)).';
COMMENT ON COLUMN fact_evidence.mission_id IS 'Mission the evidence is about.';
COMMENT ON COLUMN fact_evidence.evidence_on IS 'The date the evidence speaks for: a head''s start (or first attestation) or end, a change''s date.';
COMMENT ON COLUMN fact_evidence.fact IS 'tenure or status_change: which table fact_id is from.';
COMMENT ON COLUMN fact_evidence.fact_id IS 'The tenure''s or the status change''s id (a version of the fact).';
COMMENT ON COLUMN fact_evidence.recorded IS 'The recorded time over which the views show this row, [from, until): the fact''s version (and, for a head''s change, its tenure''s) from when the mission was recorded.';
COMMENT ON COLUMN fact_evidence.evidence_precision IS 'Precision of evidence_on: day, month or year; NULL where the fact states none (a tenure loaded before revision 0011 may have no precision for its end).';
COMMENT ON COLUMN fact_evidence.evidence_attests IS 'What it attests: head in post, head left, or the status change''s label.';
COMMENT ON COLUMN fact_evidence.evidence_source IS 'Title of the fact''s source.';
COMMENT ON COLUMN fact_evidence.evidence_source_key IS 'Key of the fact''s source.';
COMMENT ON COLUMN fact_evidence.evidence_operating IS 'Whether it says the mission operates: true (a head in post, a change to operating), false (a change to closed, suspended or planned), NULL (a head left, a change of no status).';
