-- Role separation (issue 18): migrations run as the owner of every table; the services connect as
-- baton_app, which may read and write the application's tables but only INSERT into the ledger
-- and its anchors (no UPDATE, DELETE, TRUNCATE) and not write the heads at all (a SECURITY
-- DEFINER trigger advances them). Not being the owner, it cannot ALTER a table or disable its
-- triggers. The role is cluster-wide and made NOLOGIN here; whoever runs the database gives it
-- LOGIN (and a password) for the services: `npm start` does so on a local PostgreSQL.
-- A later migration that adds an append-only table must REVOKE UPDATE, DELETE, TRUNCATE from
-- baton_app itself: the default privileges below grant all four on every new table.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'baton_app') THEN
    BEGIN
      CREATE ROLE baton_app NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- roles are cluster-wide: another database's migration created it meanwhile
    END;
  END IF;
END $$;
--> statement-breakpoint
-- The gateway runs a VENDOR request's queries as baton_vendor (SET LOCAL ROLE, migration 0007).
GRANT baton_vendor TO baton_app;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO baton_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO baton_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO baton_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO baton_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO baton_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entries, ledger_anchors FROM baton_app;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ledger_heads FROM baton_app;
