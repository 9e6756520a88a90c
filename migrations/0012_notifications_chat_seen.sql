ALTER TABLE "notification_settings" ADD COLUMN "chat_seen_at" timestamp (3) with time zone;
