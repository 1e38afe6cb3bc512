CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"gate_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"registration_code_hash" text,
	"registration_expires_at" timestamp with time zone,
	"token_hash" text,
	"registered_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "turnstile_authorizations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"gate_id" uuid NOT NULL,
	"checkin_id" uuid NOT NULL,
	"status" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "checkins" ADD COLUMN "direction" text DEFAULT 'entry' NOT NULL;--> statement-breakpoint
ALTER TABLE "checkins" ADD COLUMN "double_entry" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "checkins" ADD COLUMN "presented" text;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "occupancy_stripes" ADD CONSTRAINT "occupancy_stripes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "turnstile_authorizations" ADD CONSTRAINT "turnstile_authorizations_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "turnstile_authorizations" ADD CONSTRAINT "turnstile_authorizations_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "devices_token_uq" ON "devices" USING btree ("token_hash") WHERE "devices"."token_hash" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "devices_registration_uq" ON "devices" USING btree ("registration_code_hash") WHERE "devices"."registration_code_hash" is not null;--> statement-breakpoint
CREATE INDEX "devices_site_idx" ON "devices" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "turnstile_pending_idx" ON "turnstile_authorizations" USING btree ("expires_at") WHERE "turnstile_authorizations"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "checkins_user_nonce_uq" ON "checkins" USING btree ("user_id","client_nonce") WHERE "checkins"."client_nonce" is not null and "checkins"."device_id" is null;--> statement-breakpoint
CREATE INDEX "checkins_double_idx" ON "checkins" USING btree ("site_id","scanned_at") WHERE "checkins"."double_entry";