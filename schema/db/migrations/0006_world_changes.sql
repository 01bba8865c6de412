CREATE TABLE "world_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"actor_token_id" uuid,
	"mutation" text NOT NULL,
	"subject" text NOT NULL,
	"before_hash" text NOT NULL,
	"after_hash" text NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "world_changes_at" ON "world_changes" USING btree ("at");