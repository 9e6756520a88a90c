DROP TABLE "qa_notifications";
