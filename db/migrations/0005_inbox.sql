CREATE TABLE "inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"ordering_key" text NOT NULL,
	"event" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "inbox_platform_check" CHECK ("inbox"."platform" in ('slack', 'discord', 'sandbox')),
	CONSTRAINT "inbox_state_check" CHECK ("inbox"."state" in ('pending', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_purpose_check";--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_dedupe_uq" ON "inbox" USING btree ("platform","dedupe_key");--> statement-breakpoint
CREATE INDEX "inbox_pending_idx" ON "inbox" USING btree ("ordering_key","id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "inbox_due_idx" ON "inbox" USING btree ("next_attempt_at","id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "inbox_done_idx" ON "inbox" USING btree ("processed_at") WHERE state = 'done';--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_purpose_check" CHECK ("outbox"."purpose" in ('card', 'card_update', 'thread', 'customer_message', 'customer_reply', 'customer_resolution', 'customer_reopened', 'escalation', 'intake_reminder', 'intake_expired', 'sla_warning', 'sla_breach', 'survey', 'survey_failed', 'survey_result', 'survey_comment', 'digest', 'delivery_failed', 'reply'));