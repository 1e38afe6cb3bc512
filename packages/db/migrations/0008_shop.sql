CREATE TABLE "shop_otps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"phone_lookup" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_shop_settings" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"rotating_codes" boolean DEFAULT false NOT NULL,
	"rotation_step_seconds" integer DEFAULT 30 NOT NULL,
	"rotation_tolerance_steps" integer DEFAULT 2 NOT NULL,
	"per_id_daily_limit" integer,
	"per_phone_daily_limit" integer,
	"free_cancel_minutes_before" integer DEFAULT 120 NOT NULL,
	"no_show_limit" integer,
	"no_show_window_days" integer DEFAULT 90 NOT NULL,
	"no_show_block_days" integer DEFAULT 30 NOT NULL,
	"notice_zh" text DEFAULT '' NOT NULL,
	"notice_en" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "site_shop_settings_ck" CHECK ("site_shop_settings"."rotation_step_seconds" between 10 and 300 and "site_shop_settings"."rotation_tolerance_steps" between 0 and 10
          and coalesce("site_shop_settings"."per_id_daily_limit", 1) >= 1 and coalesce("site_shop_settings"."per_phone_daily_limit", 1) >= 1
          and "site_shop_settings"."free_cancel_minutes_before" >= 0 and coalesce("site_shop_settings"."no_show_limit", 1) >= 1
          and "site_shop_settings"."no_show_window_days" between 1 and 3660 and "site_shop_settings"."no_show_block_days" between 1 and 3660)
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "auto_refund_at_expiry" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "contact_email_encrypted" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "code_rotates" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "shop_otps" ADD CONSTRAINT "shop_otps_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_shop_settings" ADD CONSTRAINT "site_shop_settings_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shop_otps_order_idx" ON "shop_otps" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_product_expiry_idx" ON "tickets" USING btree ("product_id","valid_until");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_uq" ON "notifications" USING btree ("dedupe_key") WHERE "notifications"."dedupe_key" is not null;