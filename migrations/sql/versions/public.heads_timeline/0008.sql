CREATE TABLE heads_timeline (
    mission_id integer NOT NULL,
    valid daterange NOT NULL,
    recorded tstzrange NOT NULL,
    tenure_id integer,
    city_id integer,
    city text,
    sending_code text NOT NULL,
    sending text NOT NULL,
    mission_kind_code text NOT NULL,
    mission_kind text NOT NULL,
    head_status text NOT NULL,
    head text,
    rank_code text,
    rank text,
    rank_class text,
    ad_interim boolean,
    cow_level smallint,
    since date,
    since_precision text,
    first_attested_on date,
    attested_precision text,
    credentials_on date,
    credentials_precision text,
    credentials_authority text,
    accredited_to text[] NOT NULL,
    source text,
    precedence_group integer NOT NULL,
    functions_since date,
    functions_before date,
    seat_inferred boolean NOT NULL,
    resident_city text,
    host_code text NOT NULL,
    organisation text,
    host text NOT NULL,
    CONSTRAINT pk_heads_timeline PRIMARY KEY (mission_id, valid, recorded),
    CONSTRAINT fk_heads_timeline_mission_id_mission FOREIGN KEY (mission_id)
        REFERENCES mission (id) ON DELETE CASCADE
);
-- A city is looked up by its slug (registry who-heads kabul) on every read command.
CREATE INDEX ix_city_key ON city (key);

CREATE INDEX ix_heads_timeline_city_id_valid_recorded
    ON heads_timeline USING gist (city_id, valid, recorded);
CREATE INDEX ix_heads_timeline_sending_code_valid_recorded
    ON heads_timeline USING gist (sending_code, valid, recorded);

-- Writers never write the timeline themselves: the triggers below do, as its owner.
REVOKE ALL ON heads_timeline FROM registry_writer;
GRANT SELECT ON heads_timeline TO registry_writer;

