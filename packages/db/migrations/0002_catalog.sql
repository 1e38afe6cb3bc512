CREATE TABLE "capacity_pool_stripes" (
	"pool_id" uuid NOT NULL,
	"stripe" integer NOT NULL,
	"capacity" integer NOT NULL,
	"sold" integer DEFAULT 0 NOT NULL,
	"held" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "capacity_pool_stripes_pk" PRIMARY KEY("pool_id","stripe"),
	CONSTRAINT "capacity_pool_stripes_ck" CHECK ("capacity_pool_stripes"."sold" >= 0 and "capacity_pool_stripes"."held" >= 0 and "capacity_pool_stripes"."sold" + "capacity_pool_stripes"."held" <= "capacity_pool_stripes"."capacity")
);
--> statement-breakpoint
CREATE TABLE "capacity_pools" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"session_id" uuid,
	"business_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "capacity_pools_kind_ck" CHECK (("capacity_pools"."kind" = 'session') = ("capacity_pools"."session_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "gates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"direction" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gates_direction_ck" CHECK ("gates"."direction" in ('entry', 'exit', 'both'))
);
--> statement-breakpoint
CREATE TABLE "group_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"min_quantity" integer NOT NULL,
	"price" bigint NOT NULL,
	"guide_product_id" uuid,
	"free_guide_places" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "group_rules_ck" CHECK ("group_rules"."min_quantity" >= 2 and "group_rules"."price" >= 0 and "group_rules"."free_guide_places" >= 0)
);
--> statement-breakpoint
CREATE TABLE "holiday_calendar" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	CONSTRAINT "holiday_calendar_kind_ck" CHECK ("holiday_calendar"."kind" in ('holiday', 'workday'))
);
--> statement-breakpoint
CREATE TABLE "price_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"version_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"day_type" text NOT NULL,
	"season" text,
	"channel" text,
	"price" bigint NOT NULL,
	CONSTRAINT "price_rules_uq" UNIQUE NULLS NOT DISTINCT("version_id","product_id","day_type","season","channel"),
	CONSTRAINT "price_rules_price_ck" CHECK ("price_rules"."price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "price_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"name" text NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_combo_parts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"combo_product_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"gate_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"share_basis_points" integer NOT NULL,
	CONSTRAINT "product_combo_parts_share_ck" CHECK ("product_combo_parts"."share_basis_points" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"description_zh" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"eligibility_zh" text DEFAULT '' NOT NULL,
	"eligibility_en" text DEFAULT '' NOT NULL,
	"required_documents" text[] DEFAULT '{}'::text[] NOT NULL,
	"list_price" bigint NOT NULL,
	"validity" jsonb NOT NULL,
	"entries" jsonb NOT NULL,
	"real_name" boolean DEFAULT false NOT NULL,
	"channels" text[] NOT NULL,
	"sale_starts_at" timestamp with time zone,
	"sale_ends_at" timestamp with time zone,
	"release_days_ahead" integer,
	"release_time" text,
	"min_per_order" integer DEFAULT 1 NOT NULL,
	"max_per_order" integer DEFAULT 20 NOT NULL,
	"refund_policy" jsonb NOT NULL,
	"rebook_policy" jsonb NOT NULL,
	"counts_towards_daily_max" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_list_price_ck" CHECK ("products"."list_price" >= 0),
	CONSTRAINT "products_per_order_ck" CHECK ("products"."min_per_order" >= 1 and "products"."max_per_order" >= "products"."min_per_order")
);
--> statement-breakpoint
CREATE TABLE "session_products" (
	"session_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	CONSTRAINT "session_products_pk" PRIMARY KEY("session_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name_zh" text DEFAULT '' NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"business_date" date NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"route_from" text,
	"route_to" text,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_time_ck" CHECK ("sessions"."ends_at" > "sessions"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "site_closed_dates" (
	"site_id" uuid NOT NULL,
	"date" date NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	CONSTRAINT "site_closed_dates_pk" PRIMARY KEY("site_id","date")
);
--> statement-breakpoint
CREATE TABLE "site_peak_dates" (
	"site_id" uuid NOT NULL,
	"date" date NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	CONSTRAINT "site_peak_dates_pk" PRIMARY KEY("site_id","date")
);
--> statement-breakpoint
CREATE TABLE "site_seasons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"date_from" date NOT NULL,
	"date_to" date NOT NULL,
	"season" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "kind" text DEFAULT 'scenic_area' NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "address_zh" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "address_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "contact_phone" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "opening_hours" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "daily_max_capacity" integer;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "instant_max_capacity" integer;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "capacity_pool_stripes" ADD CONSTRAINT "capacity_pool_stripes_pool_id_capacity_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."capacity_pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_pools" ADD CONSTRAINT "capacity_pools_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_pools" ADD CONSTRAINT "capacity_pools_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gates" ADD CONSTRAINT "gates_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_rules" ADD CONSTRAINT "group_rules_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_rules" ADD CONSTRAINT "group_rules_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_rules" ADD CONSTRAINT "group_rules_guide_product_id_products_id_fk" FOREIGN KEY ("guide_product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_rules" ADD CONSTRAINT "price_rules_version_id_price_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."price_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_rules" ADD CONSTRAINT "price_rules_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_versions" ADD CONSTRAINT "price_versions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_combo_parts" ADD CONSTRAINT "product_combo_parts_combo_product_id_products_id_fk" FOREIGN KEY ("combo_product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_combo_parts" ADD CONSTRAINT "product_combo_parts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_products" ADD CONSTRAINT "session_products_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_products" ADD CONSTRAINT "session_products_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_closed_dates" ADD CONSTRAINT "site_closed_dates_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_peak_dates" ADD CONSTRAINT "site_peak_dates_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_seasons" ADD CONSTRAINT "site_seasons_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "capacity_pools_session_uq" ON "capacity_pools" USING btree ("session_id") WHERE "capacity_pools"."kind" = 'session';--> statement-breakpoint
CREATE UNIQUE INDEX "capacity_pools_daily_uq" ON "capacity_pools" USING btree ("site_id","business_date") WHERE "capacity_pools"."kind" = 'daily';--> statement-breakpoint
CREATE UNIQUE INDEX "gates_site_code_uq" ON "gates" USING btree ("site_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "group_rules_product_uq" ON "group_rules" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "price_versions_site_idx" ON "price_versions" USING btree ("site_id","effective_from");--> statement-breakpoint
CREATE INDEX "product_combo_parts_combo_idx" ON "product_combo_parts" USING btree ("combo_product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "products_site_code_uq" ON "products" USING btree ("site_id","code");--> statement-breakpoint
CREATE INDEX "session_products_product_idx" ON "session_products" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_site_start_uq" ON "sessions" USING btree ("site_id","kind","starts_at",coalesce("route_from", ''),coalesce("route_to", ''));--> statement-breakpoint
CREATE INDEX "sessions_site_date_idx" ON "sessions" USING btree ("site_id","business_date");--> statement-breakpoint
CREATE INDEX "site_seasons_site_idx" ON "site_seasons" USING btree ("site_id");