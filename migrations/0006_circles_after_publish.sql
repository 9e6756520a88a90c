ALTER TABLE "circles" ADD COLUMN "facilitator_id" uuid;--> statement-breakpoint
ALTER TABLE "circles" ADD COLUMN "term_start" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "circles" ADD COLUMN "term_end" timestamp (3) with time zone DEFAULT now() + interval '1 year' NOT NULL;--> statement-breakpoint
ALTER TABLE "circles" ADD COLUMN "closed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "circles" ADD COLUMN "closed_by" uuid;--> statement-breakpoint
ALTER TABLE "circles" ADD COLUMN "closed_reason" text;--> statement-breakpoint
ALTER TABLE "circles" ADD COLUMN "updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "circles" SET "term_start" = "created_at", "term_end" = "created_at" + interval '1 year', "updated_at" = "created_at";--> statement-breakpoint
ALTER TABLE "circles" ADD CONSTRAINT "circles_facilitator_id_members_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "circles_kind_open_idx" ON "circles" USING btree ("kind","closed_at","created_at","id");--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "rejected_reason" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "rejected_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "rejected_by" uuid;
