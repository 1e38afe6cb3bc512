CREATE TABLE "occupancy_stripes" (
	"site_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"stripe" integer NOT NULL,
	"capacity" integer NOT NULL,
	"inside" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "occupancy_stripes_pk" PRIMARY KEY("site_id","business_date","stripe"),
	CONSTRAINT "occupancy_stripes_ck" CHECK ("occupancy_stripes"."inside" >= 0 and "occupancy_stripes"."inside" <= "occupancy_stripes"."capacity")
);
--> statement-breakpoint
ALTER TABLE "checkins" ADD COLUMN "direction" text DEFAULT 'entry' NOT NULL;--> statement-breakpoint
ALTER TABLE "checkins" ADD COLUMN "double_entry" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "checkins" ADD COLUMN "presented" text;--> statement-breakpoint
ALTER TABLE "occupancy_stripes" ADD CONSTRAINT "occupancy_stripes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;