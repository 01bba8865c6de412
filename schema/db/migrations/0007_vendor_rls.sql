-- Row-level security for VENDOR tokens (issue #6): the gateway runs a vendor request's queries
-- as baton_vendor with baton.vendor_party_id set, and Postgres filters every incident-scoped
-- row to incidents bonded to that party, the same rule as the query layer. Other roles are unchanged.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'baton_vendor') THEN
    BEGIN
      CREATE ROLE baton_vendor NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- roles are cluster-wide: another database's migration created it meanwhile
    END;
  END IF;
  IF NOT pg_has_role(current_user, 'baton_vendor', 'MEMBER') THEN
    EXECUTE format('GRANT baton_vendor TO %I', current_user);
  END IF;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION baton_vendor_party_id() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('baton.vendor_party_id', true), '')::uuid
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION baton_vendor_party_slug() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT slug FROM parties WHERE id = baton_vendor_party_id()
$$;
--> statement-breakpoint
-- Reference data the query layer shows vendors (parties, desks, agreements for live clocks): read-only, unfiltered.
GRANT SELECT ON parties, calendars, desks, services, agreements, ladders, world_settings TO baton_vendor;
--> statement-breakpoint
-- Incident-scoped data: read-only, filtered below. A vendor opening a dispute writes the dispute
-- and its ledger entry, and locks the incident row (FOR UPDATE needs UPDATE on one column).
GRANT SELECT ON incidents, bonds, handoffs, escalations, ledger_entries, notifications, inbound_receipts, inbound_replays,
  outbound_deliveries, incident_settlements, incident_attributions, disputes, credit_lines, review_packs TO baton_vendor;
--> statement-breakpoint
GRANT INSERT ON disputes, ledger_entries TO baton_vendor;
--> statement-breakpoint
GRANT UPDATE (updated_at) ON incidents TO baton_vendor;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE ledger_entries_id_seq TO baton_vendor;
--> statement-breakpoint
DO $$
DECLARE
  t text;
  scoped constant text[] := ARRAY['incidents', 'bonds', 'handoffs', 'escalations', 'ledger_entries', 'notifications',
    'inbound_receipts', 'inbound_replays', 'outbound_deliveries', 'incident_settlements', 'incident_attributions',
    'disputes', 'credit_lines', 'review_packs'];
BEGIN
  FOREACH t IN ARRAY scoped LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    -- Every role but baton_vendor keeps seeing every row (the owner bypasses RLS anyway; not FORCEd).
    EXECUTE format('CREATE POLICY not_vendor ON %I FOR ALL TO PUBLIC USING (current_user <> ''baton_vendor'')', t);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE POLICY vendor_bonded ON incidents FOR ALL TO baton_vendor
  USING (EXISTS (SELECT 1 FROM bonds b WHERE b.incident_id = incidents.id AND b.party_id = baton_vendor_party_id()));
--> statement-breakpoint
CREATE POLICY vendor_bonded ON bonds FOR ALL TO baton_vendor USING (party_id = baton_vendor_party_id());
--> statement-breakpoint
CREATE POLICY vendor_bonded ON handoffs FOR ALL TO baton_vendor
  USING (EXISTS (SELECT 1 FROM bonds b WHERE b.incident_id = handoffs.incident_id AND b.party_id = baton_vendor_party_id()));
--> statement-breakpoint
CREATE POLICY vendor_bonded ON escalations FOR ALL TO baton_vendor
  USING (EXISTS (SELECT 1 FROM bonds b WHERE b.incident_id = escalations.incident_id AND b.party_id = baton_vendor_party_id()));
--> statement-breakpoint
CREATE POLICY vendor_bonded ON ledger_entries FOR ALL TO baton_vendor
  USING (EXISTS (SELECT 1 FROM bonds b WHERE b.incident_id = ledger_entries.incident_id AND b.party_id = baton_vendor_party_id()));
--> statement-breakpoint
CREATE POLICY vendor_bonded ON notifications FOR ALL TO baton_vendor
  USING (EXISTS (SELECT 1 FROM bonds b WHERE b.incident_id = notifications.incident_id AND b.party_id = baton_vendor_party_id()));
--> statement-breakpoint
-- A vendor's own messages: those not (yet) tied to an incident, and those on its bonded incidents.
CREATE POLICY vendor_bonded ON inbound_receipts FOR ALL TO baton_vendor
  USING (party_id = baton_vendor_party_id() AND (incident_id IS NULL
    OR EXISTS (SELECT 1 FROM bonds b WHERE b.incident_id = inbound_receipts.incident_id AND b.party_id = baton_vendor_party_id())));
--> statement-breakpoint
CREATE POLICY vendor_bonded ON inbound_replays FOR ALL TO baton_vendor
  USING (EXISTS (SELECT 1 FROM inbound_receipts r WHERE r.receipt = inbound_replays.receipt));
--> statement-breakpoint
CREATE POLICY vendor_bonded ON outbound_deliveries FOR ALL TO baton_vendor
  USING (party_id = baton_vendor_party_id()
    AND EXISTS (SELECT 1 FROM bonds b WHERE b.incident_id = outbound_deliveries.incident_id AND b.party_id = baton_vendor_party_id()));
--> statement-breakpoint
CREATE POLICY vendor_bonded ON incident_settlements FOR ALL TO baton_vendor
  USING (EXISTS (SELECT 1 FROM bonds b WHERE b.incident_id = incident_settlements.incident_id AND b.party_id = baton_vendor_party_id()));
--> statement-breakpoint
CREATE POLICY vendor_bonded ON incident_attributions FOR ALL TO baton_vendor
  USING (EXISTS (SELECT 1 FROM bonds b WHERE b.incident_id = incident_attributions.incident_id AND b.party_id = baton_vendor_party_id()));
--> statement-breakpoint
-- Disputes and credit lines are a party's own, as the query layer filters them.
CREATE POLICY vendor_bonded ON disputes FOR ALL TO baton_vendor
  USING (party = baton_vendor_party_slug()
    AND EXISTS (SELECT 1 FROM bonds b WHERE b.incident_id = disputes.incident_id AND b.party_id = baton_vendor_party_id()));
--> statement-breakpoint
CREATE POLICY vendor_bonded ON credit_lines FOR ALL TO baton_vendor
  USING (party = baton_vendor_party_slug()
    AND EXISTS (SELECT 1 FROM bonds b WHERE b.incident_id = credit_lines.incident_id AND b.party_id = baton_vendor_party_id()));
--> statement-breakpoint
CREATE POLICY vendor_bonded ON review_packs FOR ALL TO baton_vendor USING (party = baton_vendor_party_slug());
