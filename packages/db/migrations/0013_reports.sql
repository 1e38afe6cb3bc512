CREATE TABLE "daily_summary_recipients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"email" text NOT NULL,
	"locale" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daily_summary_sends" (
	"site_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"recipients" integer NOT NULL,
	"queued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "daily_summary_sends_pk" PRIMARY KEY("site_id","business_date")
);
--> statement-breakpoint
CREATE TABLE "daily_summary_settings" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"send_hour" smallint DEFAULT 8 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "daily_summary_settings_hour_ck" CHECK ("daily_summary_settings"."send_hour" between 0 and 23)
);
--> statement-breakpoint
CREATE TABLE "report_dirty_partitions" (
	"site_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	CONSTRAINT "report_dirty_partitions_pk" PRIMARY KEY("site_id","business_date")
);
--> statement-breakpoint
CREATE TABLE "report_entries_hourly" (
	"site_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"hour" smallint NOT NULL,
	"gate_id" uuid,
	"entries" integer DEFAULT 0 NOT NULL,
	"exits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_entries_hourly_hour_ck" CHECK ("report_entries_hourly"."hour" between 0 and 23)
);
--> statement-breakpoint
CREATE TABLE "report_free_daily" (
	"site_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"issued" integer DEFAULT 0 NOT NULL,
	"returned" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_partition_orders" (
	"site_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"order_id" uuid NOT NULL,
	CONSTRAINT "report_partition_orders_pk" PRIMARY KEY("site_id","business_date","order_id")
);
--> statement-breakpoint
CREATE TABLE "report_payments_daily" (
	"site_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"method" text NOT NULL,
	"payments" integer DEFAULT 0 NOT NULL,
	"received" bigint DEFAULT 0 NOT NULL,
	"refunds" integer DEFAULT 0 NOT NULL,
	"refunded" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_sales_daily" (
	"site_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"product_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"channel_id" uuid,
	"seller_id" uuid,
	"tickets_sold" integer DEFAULT 0 NOT NULL,
	"sales" bigint DEFAULT 0 NOT NULL,
	"tickets_refunded" integer DEFAULT 0 NOT NULL,
	"refunds" bigint DEFAULT 0 NOT NULL,
	"refund_fees" bigint DEFAULT 0 NOT NULL,
	"free_issued" integer DEFAULT 0 NOT NULL,
	"free_returned" integer DEFAULT 0 NOT NULL,
	"complimentary_issued" integer DEFAULT 0 NOT NULL,
	"complimentary_returned" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_session_daily" (
	"site_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"session_id" uuid NOT NULL,
	"entries" integer DEFAULT 0 NOT NULL,
	"exits" integer DEFAULT 0 NOT NULL,
	"tickets_entered" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_summary_state" (
	"name" text PRIMARY KEY NOT NULL,
	"watermark" timestamp with time zone,
	"ran_at" timestamp with time zone,
	"partitions" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_watched_rows" (
	"kind" text NOT NULL,
	"id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	CONSTRAINT "report_watched_rows_pk" PRIMARY KEY("kind","id")
);
--> statement-breakpoint
ALTER TABLE "daily_summary_recipients" ADD CONSTRAINT "daily_summary_recipients_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_summary_sends" ADD CONSTRAINT "daily_summary_sends_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_summary_settings" ADD CONSTRAINT "daily_summary_settings_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_summary_settings" ADD CONSTRAINT "daily_summary_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_entries_hourly" ADD CONSTRAINT "report_entries_hourly_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_free_daily" ADD CONSTRAINT "report_free_daily_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_payments_daily" ADD CONSTRAINT "report_payments_daily_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_sales_daily" ADD CONSTRAINT "report_sales_daily_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_session_daily" ADD CONSTRAINT "report_session_daily_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "daily_summary_recipients_uq" ON "daily_summary_recipients" USING btree ("site_id",lower("email"));--> statement-breakpoint
CREATE INDEX "report_entries_hourly_site_day_idx" ON "report_entries_hourly" USING btree ("site_id","business_date");--> statement-breakpoint
CREATE INDEX "report_free_daily_site_day_idx" ON "report_free_daily" USING btree ("site_id","business_date");--> statement-breakpoint
CREATE INDEX "report_payments_daily_site_day_idx" ON "report_payments_daily" USING btree ("site_id","business_date");--> statement-breakpoint
CREATE INDEX "report_sales_daily_site_day_idx" ON "report_sales_daily" USING btree ("site_id","business_date");--> statement-breakpoint
CREATE INDEX "report_session_daily_site_day_idx" ON "report_session_daily" USING btree ("site_id","business_date");--> statement-breakpoint
CREATE INDEX "report_session_daily_session_idx" ON "report_session_daily" USING btree ("session_id");