CREATE TABLE heads_timeline_queue (
    queued_by bigint NOT NULL DEFAULT txid_current(),
    mission_ids integer[] NOT NULL
);
REVOKE ALL ON heads_timeline_queue FROM registry_writer;

