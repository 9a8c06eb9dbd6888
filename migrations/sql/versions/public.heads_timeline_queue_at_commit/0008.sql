CREATE CONSTRAINT TRIGGER heads_timeline_queue_at_commit
    AFTER INSERT ON heads_timeline_queue DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION heads_timeline_refresh_queued();

