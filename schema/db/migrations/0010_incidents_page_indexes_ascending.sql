DROP INDEX "incidents_opened_id";--> statement-breakpoint
DROP INDEX "incidents_holder_opened";--> statement-breakpoint
CREATE INDEX "incidents_opened_at_id" ON "incidents" USING btree ("opened_at","id");--> statement-breakpoint
CREATE INDEX "incidents_holder_opened_at" ON "incidents" USING btree ("holder_party_id","opened_at","id");