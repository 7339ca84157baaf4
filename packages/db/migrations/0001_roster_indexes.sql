DROP INDEX "farmers_village_name_idx";--> statement-breakpoint
CREATE INDEX "farmers_roster_idx" ON "farmers" USING btree ("name_pinyin","id") WHERE "farmers"."merged_into_id" IS NULL;--> statement-breakpoint
CREATE INDEX "farmers_village_roster_idx" ON "farmers" USING btree ("village_id","name_pinyin","id") WHERE "farmers"."merged_into_id" IS NULL;