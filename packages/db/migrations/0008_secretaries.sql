CREATE TYPE "public"."income_band" AS ENUM('under_5k', '5k_10k', '10k_20k', 'over_20k');--> statement-breakpoint
CREATE TYPE "public"."matter_category" AS ENUM('road', 'water', 'electricity', 'venue', 'industry_project', 'training', 'other');--> statement-breakpoint
CREATE TYPE "public"."matter_status" AS ENUM('proposed', 'under_way', 'done');--> statement-breakpoint
CREATE TABLE "work_day_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"secretary_id" uuid NOT NULL,
	"village_id" uuid NOT NULL,
	"work_date" date NOT NULL,
	"activities" text[] NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"household_nos" text[] DEFAULT '{}' NOT NULL,
	"session_id" uuid,
	"device_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "secretary_leaves" (
	"secretary_id" uuid NOT NULL,
	"month" date NOT NULL,
	"reason" text NOT NULL,
	"approved_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "secretary_leaves_secretary_id_month_pk" PRIMARY KEY("secretary_id","month")
);
--> statement-breakpoint
CREATE TABLE "secretary_notices" (
	"kind" text NOT NULL,
	"month" date NOT NULL,
	"recipient_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "secretary_notices_kind_month_recipient_id_pk" PRIMARY KEY("kind","month","recipient_id")
);
--> statement-breakpoint
CREATE TABLE "supervision_comments" (
	"secretary_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"comment" text NOT NULL,
	"author_id" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supervision_comments_secretary_id_year_quarter_pk" PRIMARY KEY("secretary_id","year","quarter"),
	CONSTRAINT "supervision_quarter_check" CHECK ("supervision_comments"."quarter" BETWEEN 1 AND 4)
);
--> statement-breakpoint
CREATE TABLE "practical_matters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"village_id" uuid NOT NULL,
	"title" text NOT NULL,
	"category" "matter_category" NOT NULL,
	"funds_fen" bigint DEFAULT 0 NOT NULL,
	"beneficiary_households" integer DEFAULT 0 NOT NULL,
	"status" "matter_status" DEFAULT 'proposed' NOT NULL,
	"started_on" date,
	"done_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practical_matter_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"matter_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"village_id" uuid NOT NULL,
	"household_no" text NOT NULL,
	"income_band" "income_band",
	"livelihoods" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "households_village_no_unique" UNIQUE("village_id","household_no")
);
--> statement-breakpoint
CREATE TABLE "household_needs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"noted_on" date NOT NULL,
	"need" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "secretary_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"post" text DEFAULT '' NOT NULL,
	"photo_sha256" text,
	"publish_name" boolean DEFAULT false NOT NULL,
	"publish_photo" boolean DEFAULT false NOT NULL,
	"publish_post" boolean DEFAULT false NOT NULL,
	"publish_phone" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "work_day_entries" ADD CONSTRAINT "work_day_entries_secretary_id_users_id_fk" FOREIGN KEY ("secretary_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_day_entries" ADD CONSTRAINT "work_day_entries_village_id_org_units_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_day_entries" ADD CONSTRAINT "work_day_entries_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secretary_leaves" ADD CONSTRAINT "secretary_leaves_secretary_id_users_id_fk" FOREIGN KEY ("secretary_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secretary_leaves" ADD CONSTRAINT "secretary_leaves_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secretary_notices" ADD CONSTRAINT "secretary_notices_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_comments" ADD CONSTRAINT "supervision_comments_secretary_id_users_id_fk" FOREIGN KEY ("secretary_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_comments" ADD CONSTRAINT "supervision_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practical_matters" ADD CONSTRAINT "practical_matters_village_id_org_units_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practical_matters" ADD CONSTRAINT "practical_matters_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practical_matter_files" ADD CONSTRAINT "practical_matter_files_matter_id_practical_matters_id_fk" FOREIGN KEY ("matter_id") REFERENCES "public"."practical_matters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_village_id_org_units_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_needs" ADD CONSTRAINT "household_needs_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_needs" ADD CONSTRAINT "household_needs_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secretary_profiles" ADD CONSTRAINT "secretary_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "work_days_secretary_idx" ON "work_day_entries" USING btree ("secretary_id","work_date");--> statement-breakpoint
CREATE INDEX "work_days_village_idx" ON "work_day_entries" USING btree ("village_id","work_date");--> statement-breakpoint
CREATE INDEX "matters_village_idx" ON "practical_matters" USING btree ("village_id","status");--> statement-breakpoint
CREATE INDEX "matters_category_idx" ON "practical_matters" USING btree ("category","status");--> statement-breakpoint
CREATE INDEX "matter_files_matter_idx" ON "practical_matter_files" USING btree ("matter_id");--> statement-breakpoint
CREATE INDEX "household_needs_household_idx" ON "household_needs" USING btree ("household_id","noted_on");
