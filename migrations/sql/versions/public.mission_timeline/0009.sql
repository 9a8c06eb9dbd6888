CREATE TABLE mission_timeline (
    mission_id integer NOT NULL,
    fact text NOT NULL,
    fact_id integer NOT NULL,
    recorded tstzrange NOT NULL,
    tenure_id integer,
    on_date date NOT NULL,
    head text,
    rank text,
    rank_class text,
    started_on date,
    start_precision text,
    first_attested_on date,
    attested_precision text,
    ended_on date,
    end_precision text,
    credentials_on date,
    credentials_precision text,
    credentials_authority text,
    resident_city text,
    change_code text,
    change text,
    occurred_on date,
    occurred_precision text,
    mission_status text,
    actor text,
    actor_authority text,
    note text,
    source text NOT NULL,
    CONSTRAINT pk_mission_timeline PRIMARY KEY (mission_id, fact, fact_id),
    CONSTRAINT fk_mission_timeline_mission_id_mission FOREIGN KEY (mission_id)
        REFERENCES mission (id) ON DELETE CASCADE,
    CONSTRAINT ck_mission_timeline_fact_known CHECK (fact IN ('tenure', 'status_change'))
);

-- Writers never write the timeline themselves: the triggers do, as its owner.
REVOKE ALL ON mission_timeline FROM registry_writer;
GRANT SELECT ON mission_timeline TO registry_writer;

