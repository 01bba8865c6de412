CREATE TABLE "credit_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"party" text NOT NULL,
	"agreement_slug" text NOT NULL,
	"agreement_version" integer NOT NULL,
	"clock_id" text NOT NULL,
	"breached_at" timestamp with time zone NOT NULL,
	"period" text NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"currency" text NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"dispute_id" uuid,
	"idempotency_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_lines_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"clock_id" text NOT NULL,
	"party" text NOT NULL,
	"evidence" text NOT NULL,
	"state" text DEFAULT 'OPEN' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"decision_reason" text
);
--> statement-breakpoint
CREATE TABLE "incident_attributions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"clock_id" text NOT NULL,
	"agreement_slug" text NOT NULL,
	"agreement_version" integer NOT NULL,
	"agreement_kind" text NOT NULL,
	"metric" text NOT NULL,
	"clock_party" text NOT NULL,
	"attributed_to" text,
	"breached_at" timestamp with time zone NOT NULL,
	"handoff_id" text
);
--> statement-breakpoint
CREATE TABLE "incident_settlements" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"incident_key" text NOT NULL,
	"closed_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"events" jsonb NOT NULL,
	"world" jsonb NOT NULL,
	"clocks" jsonb NOT NULL,
	"attribution" jsonb NOT NULL,
	"credits" jsonb NOT NULL,
	"ledger_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_packs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"party" text,
	"period_label" text NOT NULL,
	"period_from" timestamp with time zone NOT NULL,
	"period_to" timestamp with time zone NOT NULL,
	"title" text NOT NULL,
	"markdown" text NOT NULL,
	"csv" text NOT NULL,
	"charts" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_packs_key_unique" UNIQUE("key")
);
--> statement-breakpoint
ALTER TABLE "credit_lines" ADD CONSTRAINT "credit_lines_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_lines" ADD CONSTRAINT "credit_lines_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_attributions" ADD CONSTRAINT "incident_attributions_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_settlements" ADD CONSTRAINT "incident_settlements_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_lines_party_period" ON "credit_lines" USING btree ("party","period");--> statement-breakpoint
CREATE INDEX "credit_lines_incident" ON "credit_lines" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "disputes_incident" ON "disputes" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "disputes_party_state" ON "disputes" USING btree ("party","state");--> statement-breakpoint
CREATE UNIQUE INDEX "attributions_incident_clock" ON "incident_attributions" USING btree ("incident_id","clock_id");--> statement-breakpoint
CREATE INDEX "attributions_party" ON "incident_attributions" USING btree ("attributed_to","breached_at");--> statement-breakpoint
CREATE INDEX "settlements_closed_at" ON "incident_settlements" USING btree ("closed_at");--> statement-breakpoint
CREATE INDEX "review_packs_kind_period" ON "review_packs" USING btree ("kind","period_from");