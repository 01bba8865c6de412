CREATE TABLE "intake_counts" (
	"party_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"unauthenticated" integer DEFAULT 0 NOT NULL,
	"rate_limited" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "intake_counts_party_id_hour_pk" PRIMARY KEY("party_id","hour")
);
--> statement-breakpoint
ALTER TABLE "intake_counts" ADD CONSTRAINT "intake_counts_party_id_parties_id_fk" FOREIGN KEY ("party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;