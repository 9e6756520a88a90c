CREATE TABLE "alliance_notes" (
	"alliance_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"notes" text NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alliance_notes_alliance_id_member_id_pk" PRIMARY KEY("alliance_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "alliance_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alliance_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"reviewed_on" date NOT NULL,
	"benefit_to_me" smallint NOT NULL,
	"benefit_to_partner" smallint NOT NULL,
	"referrals_sent" integer,
	"referrals_received" integer,
	"note" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alliance_reviews_scores_ck" CHECK ("alliance_reviews"."benefit_to_me" between 1 and 5 and "alliance_reviews"."benefit_to_partner" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "alliances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"partner_member_id" uuid,
	"partner_name" text,
	"partner_kind" text,
	"partner_city" text,
	"partner_state" text,
	"type" text NOT NULL,
	"started_on" date,
	"cadence" text,
	"next_review_on" date,
	"status" text DEFAULT 'proposed' NOT NULL,
	"source" text DEFAULT 'ledger' NOT NULL,
	"round_id" uuid,
	"circle_id" uuid,
	"owner_confirmed_at" timestamp (3) with time zone,
	"partner_confirmed_at" timestamp (3) with time zone,
	"status_changed_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alliances_partner_ck" CHECK (("alliances"."partner_member_id" is not null) <> ("alliances"."partner_name" is not null)),
	CONSTRAINT "alliances_not_self_ck" CHECK ("alliances"."partner_member_id" is null or "alliances"."partner_member_id" <> "alliances"."owner_id")
);
--> statement-breakpoint
ALTER TABLE "alliance_notes" ADD CONSTRAINT "alliance_notes_alliance_id_alliances_id_fk" FOREIGN KEY ("alliance_id") REFERENCES "public"."alliances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_notes" ADD CONSTRAINT "alliance_notes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_reviews" ADD CONSTRAINT "alliance_reviews_alliance_id_alliances_id_fk" FOREIGN KEY ("alliance_id") REFERENCES "public"."alliances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_reviews" ADD CONSTRAINT "alliance_reviews_author_id_members_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_owner_id_members_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_partner_member_id_members_id_fk" FOREIGN KEY ("partner_member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_round_id_matching_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."matching_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_circle_id_circles_id_fk" FOREIGN KEY ("circle_id") REFERENCES "public"."circles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_status_changed_by_members_id_fk" FOREIGN KEY ("status_changed_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alliance_reviews_alliance_idx" ON "alliance_reviews" USING btree ("alliance_id","reviewed_on");--> statement-breakpoint
CREATE INDEX "alliances_owner_idx" ON "alliances" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "alliances_partner_idx" ON "alliances" USING btree ("partner_member_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "alliances_circle_uq" ON "alliances" USING btree ("circle_id");
