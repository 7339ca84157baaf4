ALTER TYPE "public"."check_in_method" ADD VALUE 'paper';--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "late_after_minutes" integer DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_late_after_range" CHECK ("courses"."late_after_minutes" >= 0 AND "courses"."late_after_minutes" <= 240);--> statement-breakpoint
CREATE TABLE "sync_receipts" (
	"item_id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"device_id" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"result" text NOT NULL,
	"attendance_id" uuid,
	"record_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sync_receipts" ADD CONSTRAINT "sync_receipts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_receipts" ADD CONSTRAINT "sync_receipts_attendance_id_attendances_id_fk" FOREIGN KEY ("attendance_id") REFERENCES "public"."attendances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sync_receipts_attendance_idx" ON "sync_receipts" USING btree ("attendance_id");--> statement-breakpoint
CREATE INDEX "farmers_merged_into_idx" ON "farmers" USING btree ("merged_into_id") WHERE "farmers"."merged_into_id" IS NOT NULL;
