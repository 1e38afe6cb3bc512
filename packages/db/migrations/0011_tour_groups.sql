CREATE TABLE "agency_users" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"agency_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tour_group_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"group_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"document_kind" text NOT NULL,
	"document_encrypted" text NOT NULL,
	"document_lookup" text NOT NULL,
	"ticket_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tour_group_members_role_ck" CHECK ("tour_group_members"."role" in ('visitor', 'guide', 'driver'))
);
--> statement-breakpoint
CREATE TABLE "tour_groups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"visit_date" date NOT NULL,
	"session_id" uuid,
	"order_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"visitors" integer NOT NULL,
	"guides" integer NOT NULL,
	"drivers" integer NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"admitted_count" integer,
	"admitted_at" timestamp with time zone,
	"admitted_by" uuid,
	"no_shows" integer DEFAULT 0 NOT NULL,
	"no_show_refund" bigint DEFAULT 0 NOT NULL,
	"settled_at" timestamp with time zone,
	"booked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tour_groups_status_ck" CHECK ("tour_groups"."status" in ('booked', 'admitted', 'closed', 'cancelled')),
	CONSTRAINT "tour_groups_counts_ck" CHECK ("tour_groups"."visitors" >= 0 and "tour_groups"."guides" >= 0 and "tour_groups"."drivers" >= 0 and "tour_groups"."no_shows" >= 0
          and ("tour_groups"."admitted_count" is null or "tour_groups"."admitted_count" >= 0))
);
--> statement-breakpoint
ALTER TABLE "agency_users" ADD CONSTRAINT "agency_users_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_users" ADD CONSTRAINT "agency_users_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_users" ADD CONSTRAINT "agency_users_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour_group_members" ADD CONSTRAINT "tour_group_members_group_id_tour_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."tour_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour_group_members" ADD CONSTRAINT "tour_group_members_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour_groups" ADD CONSTRAINT "tour_groups_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour_groups" ADD CONSTRAINT "tour_groups_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour_groups" ADD CONSTRAINT "tour_groups_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour_groups" ADD CONSTRAINT "tour_groups_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour_groups" ADD CONSTRAINT "tour_groups_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour_groups" ADD CONSTRAINT "tour_groups_admitted_by_users_id_fk" FOREIGN KEY ("admitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tour_groups" ADD CONSTRAINT "tour_groups_booked_by_users_id_fk" FOREIGN KEY ("booked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_users_agency_idx" ON "agency_users" USING btree ("agency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tour_group_members_row_uq" ON "tour_group_members" USING btree ("group_id","row_number");--> statement-breakpoint
CREATE UNIQUE INDEX "tour_group_members_ticket_uq" ON "tour_group_members" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "tour_group_members_lookup_idx" ON "tour_group_members" USING btree ("document_lookup");--> statement-breakpoint
CREATE UNIQUE INDEX "tour_groups_code_uq" ON "tour_groups" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "tour_groups_order_uq" ON "tour_groups" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "tour_groups_site_day_idx" ON "tour_groups" USING btree ("site_id","visit_date");--> statement-breakpoint
CREATE INDEX "tour_groups_agency_idx" ON "tour_groups" USING btree ("agency_id","created_at");--> statement-breakpoint
CREATE INDEX "tour_groups_open_idx" ON "tour_groups" USING btree ("visit_date") WHERE "tour_groups"."status" in ('booked', 'admitted');