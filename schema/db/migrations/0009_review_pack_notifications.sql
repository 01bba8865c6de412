ALTER TABLE "notifications" ALTER COLUMN "incident_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "review_pack_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_review_pack_id_review_packs_id_fk" FOREIGN KEY ("review_pack_id") REFERENCES "public"."review_packs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_review_pack" ON "notifications" USING btree ("review_pack_id");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_subject" CHECK ("notifications"."incident_id" is not null or "notifications"."review_pack_id" is not null);