CREATE TYPE "public"."feed_kind" AS ENUM('trainer', 'village');--> statement-breakpoint
ALTER TYPE "public"."session_status" ADD VALUE 'in_progress' BEFORE 'completed';--> statement-breakpoint
CREATE TABLE "course_materials" (
	"course_id" uuid NOT NULL,
	"material_id" uuid NOT NULL,
	CONSTRAINT "course_materials_course_id_material_id_pk" PRIMARY KEY("course_id","material_id")
);
--> statement-breakpoint
CREATE TABLE "session_target_villages" (
	"session_id" uuid NOT NULL,
	"village_id" uuid NOT NULL,
	CONSTRAINT "session_target_villages_session_id_village_id_pk" PRIMARY KEY("session_id","village_id")
);
--> statement-breakpoint
CREATE TABLE "session_trainers" (
	"session_id" uuid NOT NULL,
	"trainer_id" uuid NOT NULL,
	CONSTRAINT "session_trainers_session_id_trainer_id_pk" PRIMARY KEY("session_id","trainer_id")
);
--> statement-breakpoint
CREATE TABLE "feed_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"kind" "feed_kind" NOT NULL,
	"trainer_id" uuid,
	"village_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "feed_tokens_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "feed_tokens_subject" CHECK (("feed_tokens"."kind" = 'trainer' AND "feed_tokens"."trainer_id" IS NOT NULL AND "feed_tokens"."village_id" IS NULL) OR ("feed_tokens"."kind" = 'village' AND "feed_tokens"."village_id" IS NOT NULL AND "feed_tokens"."trainer_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "township_travel_times" (
	"township_a_id" uuid NOT NULL,
	"township_b_id" uuid NOT NULL,
	"minutes" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "township_travel_times_township_a_id_township_b_id_pk" PRIMARY KEY("township_a_id","township_b_id"),
	CONSTRAINT "township_travel_pair_ordered" CHECK ("township_travel_times"."township_a_id" <= "township_travel_times"."township_b_id"),
	CONSTRAINT "township_travel_minutes_positive" CHECK ("township_travel_times"."minutes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "travel_settings" (
	"county_id" uuid PRIMARY KEY NOT NULL,
	"buffer_minutes" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "village_locations" (
	"village_id" uuid PRIMARY KEY NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "sessions_trainer_idx";--> statement-breakpoint
DROP INDEX "sessions_starts_idx";--> statement-breakpoint
ALTER TABLE "training_sessions" ALTER COLUMN "capacity" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "objectives" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "session_series" ADD COLUMN "dtstart" timestamp with time zone NOT NULL;--> statement-breakpoint
ALTER TABLE "session_series" ADD COLUMN "tz" text DEFAULT 'Asia/Shanghai' NOT NULL;--> statement-breakpoint
ALTER TABLE "session_series" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD COLUMN "notes" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "course_materials" ADD CONSTRAINT "course_materials_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_materials" ADD CONSTRAINT "course_materials_material_id_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."materials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_target_villages" ADD CONSTRAINT "session_target_villages_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_target_villages" ADD CONSTRAINT "session_target_villages_village_id_org_units_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_trainers" ADD CONSTRAINT "session_trainers_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_trainers" ADD CONSTRAINT "session_trainers_trainer_id_users_id_fk" FOREIGN KEY ("trainer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_tokens" ADD CONSTRAINT "feed_tokens_trainer_id_users_id_fk" FOREIGN KEY ("trainer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_tokens" ADD CONSTRAINT "feed_tokens_village_id_org_units_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feed_tokens" ADD CONSTRAINT "feed_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "township_travel_times" ADD CONSTRAINT "township_travel_times_township_a_id_org_units_id_fk" FOREIGN KEY ("township_a_id") REFERENCES "public"."org_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "township_travel_times" ADD CONSTRAINT "township_travel_times_township_b_id_org_units_id_fk" FOREIGN KEY ("township_b_id") REFERENCES "public"."org_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "township_travel_times" ADD CONSTRAINT "township_travel_times_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "travel_settings" ADD CONSTRAINT "travel_settings_county_id_org_units_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."org_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "travel_settings" ADD CONSTRAINT "travel_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_locations" ADD CONSTRAINT "village_locations_village_id_org_units_id_fk" FOREIGN KEY ("village_id") REFERENCES "public"."org_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
INSERT INTO "session_trainers" ("session_id", "trainer_id") SELECT "id", "trainer_id" FROM "training_sessions";--> statement-breakpoint
ALTER TABLE "training_sessions" DROP CONSTRAINT "training_sessions_trainer_id_users_id_fk";--> statement-breakpoint
ALTER TABLE "training_sessions" DROP COLUMN "trainer_id";--> statement-breakpoint
CREATE INDEX "session_targets_village_idx" ON "session_target_villages" USING btree ("village_id","session_id");--> statement-breakpoint
CREATE INDEX "session_trainers_trainer_idx" ON "session_trainers" USING btree ("trainer_id","session_id");--> statement-breakpoint
CREATE INDEX "feed_tokens_created_by_idx" ON "feed_tokens" USING btree ("created_by");--> statement-breakpoint
ALTER TABLE "session_series" ADD CONSTRAINT "session_series_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "course_documents_document_idx" ON "course_documents" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "courses_org_unit_idx" ON "courses" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "sessions_series_idx" ON "training_sessions" USING btree ("series_id","starts_at");--> statement-breakpoint
CREATE INDEX "sessions_starts_idx" ON "training_sessions" USING btree ("starts_at","id");--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "sessions_ends_after_start" CHECK ("training_sessions"."ends_at" > "training_sessions"."starts_at");--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "sessions_capacity_positive" CHECK ("training_sessions"."capacity" > 0);--> statement-breakpoint
ALTER TABLE "training_sessions" ADD COLUMN "recurrence_id" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "sessions_series_occurrence_uq" UNIQUE("series_id","recurrence_id");
