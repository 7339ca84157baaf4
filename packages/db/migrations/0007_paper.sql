CREATE TYPE "public"."material_format" AS ENUM('leaflet', 'booklet', 'poster');--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "format" "material_format" DEFAULT 'leaflet' NOT NULL;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "org_unit_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "materials" ADD CONSTRAINT "materials_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "materials" ADD CONSTRAINT "materials_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "materials_org_unit_idx" ON "materials" USING btree ("org_unit_id");--> statement-breakpoint
CREATE TABLE "material_stock" (
	"material_id" uuid NOT NULL,
	"township_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "material_stock_material_id_township_id_pk" PRIMARY KEY("material_id","township_id"),
	CONSTRAINT "material_stock_not_negative" CHECK ("material_stock"."quantity" >= 0)
);
--> statement-breakpoint
ALTER TABLE "material_stock" ADD CONSTRAINT "material_stock_material_id_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."materials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_stock" ADD CONSTRAINT "material_stock_township_id_org_units_id_fk" FOREIGN KEY ("township_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_distributions" ADD COLUMN "township_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "material_distributions" ADD COLUMN "device_id" text NOT NULL;--> statement-breakpoint
ALTER TABLE "material_distributions" ADD COLUMN "beyond_stock" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "material_distributions" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "material_distributions" ADD CONSTRAINT "material_distributions_township_id_org_units_id_fk" FOREIGN KEY ("township_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_distributions" ADD CONSTRAINT "distributions_quantity_positive" CHECK ("material_distributions"."quantity" > 0);--> statement-breakpoint
ALTER TABLE "material_distributions" ADD CONSTRAINT "distributions_beyond_stock_range" CHECK ("material_distributions"."beyond_stock" >= 0 AND "material_distributions"."beyond_stock" <= "material_distributions"."quantity");--> statement-breakpoint
CREATE INDEX "distributions_material_idx" ON "material_distributions" USING btree ("material_id","township_id");--> statement-breakpoint
CREATE INDEX "distributions_beyond_stock_idx" ON "material_distributions" USING btree ("distributed_at") WHERE "material_distributions"."beyond_stock" > 0;--> statement-breakpoint
CREATE TABLE "paper_sheets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"rows" jsonb NOT NULL,
	"printed_by" uuid NOT NULL,
	"printed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "paper_sheets" ADD CONSTRAINT "paper_sheets_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_sheets" ADD CONSTRAINT "paper_sheets_printed_by_users_id_fk" FOREIGN KEY ("printed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "paper_sheets_session_idx" ON "paper_sheets" USING btree ("session_id");
