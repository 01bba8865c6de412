CREATE TABLE "bond_refs" (
	"bond_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"vendor_ref" text NOT NULL,
	"baton_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bond_refs_bond_id_kind_vendor_ref_pk" PRIMARY KEY("bond_id","kind","vendor_ref")
);
--> statement-breakpoint
ALTER TABLE "bond_refs" ADD CONSTRAINT "bond_refs_bond_id_bonds_id_fk" FOREIGN KEY ("bond_id") REFERENCES "public"."bonds"("id") ON DELETE no action ON UPDATE no action;