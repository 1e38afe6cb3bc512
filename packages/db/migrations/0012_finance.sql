CREATE TABLE "charts_of_accounts" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"chart" jsonb NOT NULL,
	"voucher_word" text DEFAULT '记' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daily_settlements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"figures" jsonb NOT NULL,
	"net" bigint NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconciliation_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"kind" text NOT NULL,
	"reference" text NOT NULL,
	"statement_line" jsonb,
	"statement_amount" bigint,
	"our_type" text,
	"our_id" uuid,
	"our_amount" bigint,
	"needs_resolution" boolean NOT NULL,
	"resolution" text,
	"resolution_note" text,
	"adjustment_id" uuid,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reconciliation_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"format" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"line_count" integer NOT NULL,
	"counts" jsonb NOT NULL,
	"parse_errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"open_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlement_adjustments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"corrects_date" date NOT NULL,
	"method" text NOT NULL,
	"agency_id" uuid,
	"amount" bigint NOT NULL,
	"reason" text NOT NULL,
	"reconciliation_item_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settlement_adjustments_amount_ck" CHECK ("settlement_adjustments"."amount" <> 0),
	CONSTRAINT "settlement_adjustments_agency_ck" CHECK (("settlement_adjustments"."method" = 'on_account') = ("settlement_adjustments"."agency_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "statement_mappings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vouchers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"word" text NOT NULL,
	"number" integer NOT NULL,
	"summary" text NOT NULL,
	"lines" jsonb NOT NULL,
	"debit_total" bigint NOT NULL,
	"credit_total" bigint NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"export_count" integer DEFAULT 0 NOT NULL,
	"first_exported_at" timestamp with time zone,
	"last_exported_at" timestamp with time zone,
	"last_exported_by" uuid,
	CONSTRAINT "vouchers_balanced_ck" CHECK ("vouchers"."debit_total" = "vouchers"."credit_total")
);
--> statement-breakpoint
ALTER TABLE "charts_of_accounts" ADD CONSTRAINT "charts_of_accounts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charts_of_accounts" ADD CONSTRAINT "charts_of_accounts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_settlements" ADD CONSTRAINT "daily_settlements_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_settlements" ADD CONSTRAINT "daily_settlements_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_items" ADD CONSTRAINT "reconciliation_items_run_id_reconciliation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."reconciliation_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_items" ADD CONSTRAINT "reconciliation_items_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_items" ADD CONSTRAINT "reconciliation_items_adjustment_id_settlement_adjustments_id_fk" FOREIGN KEY ("adjustment_id") REFERENCES "public"."settlement_adjustments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_items" ADD CONSTRAINT "reconciliation_items_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_adjustments" ADD CONSTRAINT "settlement_adjustments_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_adjustments" ADD CONSTRAINT "settlement_adjustments_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_adjustments" ADD CONSTRAINT "settlement_adjustments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_mappings" ADD CONSTRAINT "statement_mappings_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_mappings" ADD CONSTRAINT "statement_mappings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_last_exported_by_users_id_fk" FOREIGN KEY ("last_exported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "daily_settlements_site_day_uq" ON "daily_settlements" USING btree ("site_id","business_date");--> statement-breakpoint
CREATE INDEX "reconciliation_items_run_idx" ON "reconciliation_items" USING btree ("run_id","outcome");--> statement-breakpoint
CREATE INDEX "reconciliation_items_open_idx" ON "reconciliation_items" USING btree ("site_id") WHERE "reconciliation_items"."needs_resolution" and "reconciliation_items"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "reconciliation_items_reference_idx" ON "reconciliation_items" USING btree ("site_id","reference");--> statement-breakpoint
CREATE INDEX "reconciliation_runs_site_idx" ON "reconciliation_runs" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE INDEX "reconciliation_runs_file_idx" ON "reconciliation_runs" USING btree ("site_id","file_sha256");--> statement-breakpoint
CREATE INDEX "settlement_adjustments_site_day_idx" ON "settlement_adjustments" USING btree ("site_id","business_date");--> statement-breakpoint
CREATE UNIQUE INDEX "statement_mappings_site_name_uq" ON "statement_mappings" USING btree ("site_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "vouchers_site_day_kind_uq" ON "vouchers" USING btree ("site_id","business_date","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "vouchers_number_uq" ON "vouchers" USING btree ("site_id","period","word","number");