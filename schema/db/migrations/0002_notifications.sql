CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"dedup_key" text NOT NULL,
	"escalation_key" text NOT NULL,
	"party" text NOT NULL,
	"desk" text,
	"recipient" text NOT NULL,
	"state" text DEFAULT 'QUEUED' NOT NULL,
	"channel" text,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "notifications_dedup_key_unique" UNIQUE("dedup_key")
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_incident" ON "notifications" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "notifications_state" ON "notifications" USING btree ("state","created_at");