-- Every committed ledger entry is announced on channel baton_ledger; the gateway's subscriptions
-- LISTEN on it (delivered at commit, so a listener never sees an entry that rolled back).
CREATE OR REPLACE FUNCTION baton_notify_ledger() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('baton_ledger', json_build_object('incidentId', NEW.incident_id, 'seq', NEW.seq, 'type', NEW.type)::text);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_notify AFTER INSERT ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION baton_notify_ledger();
