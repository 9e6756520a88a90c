ALTER TABLE "chat_messages" ALTER COLUMN "author_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "kind" text DEFAULT 'user' NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "meta" jsonb;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_kind_author_ck" CHECK (("kind" = 'user' AND "author_id" IS NOT NULL) OR ("kind" = 'system' AND "author_id" IS NULL));--> statement-breakpoint
ALTER TABLE "chat_rooms" ADD COLUMN "closed_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE TABLE "chat_message_changes" (
	"room_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"message_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_message_changes_room_id_seq_pk" PRIMARY KEY("room_id","seq")
);
--> statement-breakpoint
ALTER TABLE "chat_message_changes" ADD CONSTRAINT "chat_message_changes_room_id_chat_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."chat_rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_message_changes" ADD CONSTRAINT "chat_message_changes_message_id_chat_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."chat_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_message_changes_message_idx" ON "chat_message_changes" USING btree ("message_id");
