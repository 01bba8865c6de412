CREATE TABLE "ledger_anchors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"anchored_at" timestamp with time zone NOT NULL,
	"format" text NOT NULL,
	"incidents" integer NOT NULL,
	"entries" bigint NOT NULL,
	"root" text NOT NULL,
	"previous_root" text,
	"heads" jsonb NOT NULL,
	"key_id" text NOT NULL,
	"public_key_pem" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_heads" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"seq" integer NOT NULL,
	"hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_heads" ADD CONSTRAINT "ledger_heads_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Each incident's head, as the ledger stands when this migration runs.
INSERT INTO "ledger_heads" ("incident_id", "seq", "hash")
  SELECT DISTINCT ON (incident_id) incident_id, seq, hash FROM ledger_entries ORDER BY incident_id, seq DESC;
--> statement-breakpoint
-- Every ledger insert advances its incident's head in the same transaction. SECURITY DEFINER: a
-- role that may only insert into the ledger needs no privilege on ledger_heads.
CREATE OR REPLACE FUNCTION baton_advance_ledger_head() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO ledger_heads (incident_id, seq, hash, updated_at) VALUES (NEW.incident_id, NEW.seq, NEW.hash, now())
    ON CONFLICT (incident_id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, updated_at = EXCLUDED.updated_at
    WHERE ledger_heads.seq < EXCLUDED.seq;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_advance_head AFTER INSERT ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION baton_advance_ledger_head();
--> statement-breakpoint
-- Heads only move forward; anchors are append-only.
CREATE OR REPLACE FUNCTION baton_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'ledger_heads' AND TG_OP = 'UPDATE' AND NEW.seq > OLD.seq THEN RETURN NEW; END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ledger_heads_forward_only BEFORE UPDATE OR DELETE ON ledger_heads
  FOR EACH ROW EXECUTE FUNCTION baton_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_heads_no_truncate BEFORE TRUNCATE ON ledger_heads
  FOR EACH STATEMENT EXECUTE FUNCTION baton_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_anchors_append_only BEFORE UPDATE OR DELETE ON ledger_anchors
  FOR EACH ROW EXECUTE FUNCTION baton_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_anchors_no_truncate BEFORE TRUNCATE ON ledger_anchors
  FOR EACH STATEMENT EXECUTE FUNCTION baton_refuse_change();
--> statement-breakpoint
-- A vendor token's verifyLedger reads the heads of its bonded incidents (as in 0007_vendor_rls).
GRANT SELECT ON ledger_heads TO baton_vendor;
--> statement-breakpoint
ALTER TABLE ledger_heads ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY not_vendor ON ledger_heads FOR ALL TO PUBLIC USING (current_user <> 'baton_vendor');
--> statement-breakpoint
CREATE POLICY vendor_bonded ON ledger_heads FOR ALL TO baton_vendor
  USING (EXISTS (SELECT 1 FROM bonds b WHERE b.incident_id = ledger_heads.incident_id AND b.party_id = baton_vendor_party_id()));
