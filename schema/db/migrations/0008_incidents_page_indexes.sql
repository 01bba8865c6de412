DROP INDEX "incidents_holder";--> statement-breakpoint
CREATE INDEX "incidents_opened_id" ON "incidents" USING btree ("opened_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "incidents_holder_opened" ON "incidents" USING btree ("holder_party_id","opened_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "incidents_open_deadline" ON "incidents" USING btree ("next_deadline") WHERE "incidents"."resolved_at" is null;