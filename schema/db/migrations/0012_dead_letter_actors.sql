ALTER TABLE "inbound_receipts" ADD COLUMN "discarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inbound_receipts" ADD COLUMN "discarded_by" text;--> statement-breakpoint
ALTER TABLE "inbound_receipts" ADD COLUMN "discard_reason" text;--> statement-breakpoint
ALTER TABLE "inbound_replays" ADD COLUMN "replayed_by" text;