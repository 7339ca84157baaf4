CREATE TYPE "public"."household_category" AS ENUM('dibao', 'wubao', 'monitored');--> statement-breakpoint
ALTER TABLE "farmers" ADD COLUMN "party_member" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "farmers" ADD COLUMN "household_category" "household_category";