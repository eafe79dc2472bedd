CREATE TABLE "sandbox_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"content_type" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_events" DROP CONSTRAINT "complaint_events_type_check";--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_type_check" CHECK ("complaint_events"."type" in ('created', 'customer_message', 'customer_file', 'staff_reply', 'staff_ask', 'note', 'claimed', 'assigned', 'escalated', 'resolved', 'reopened', 'closed', 'erased', 'sla_warning', 'sla_breach', 'survey_sent', 'survey_undeliverable', 'survey_answered', 'survey_comment', 'person_requested'));