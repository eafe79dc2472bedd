CREATE TABLE "blocked_customers" (
	"tenant_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"customer_name" text NOT NULL,
	"blocked_at" timestamp with time zone NOT NULL,
	"noticed_at" timestamp with time zone,
	CONSTRAINT "blocked_customers_tenant_id_customer_id_pk" PRIMARY KEY("tenant_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "customer_blocks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"customer_name" text NOT NULL,
	"action" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_blocks_action_check" CHECK ("customer_blocks"."action" in ('blocked', 'unblocked'))
);
--> statement-breakpoint
ALTER TABLE "complaint_events" DROP CONSTRAINT "complaint_events_type_check";--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "known_admins" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "customer_blocks_tenant_idx" ON "customer_blocks" USING btree ("tenant_id","customer_id","id");--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_type_check" CHECK ("complaint_events"."type" in ('created', 'customer_message', 'customer_file', 'staff_reply', 'staff_ask', 'note', 'claimed', 'assigned', 'escalated', 'resolved', 'reopened', 'closed', 'erased', 'sla_warning', 'sla_breach', 'survey_sent', 'survey_undeliverable', 'survey_answered', 'survey_comment', 'person_requested', 'customer_blocked', 'customer_unblocked'));