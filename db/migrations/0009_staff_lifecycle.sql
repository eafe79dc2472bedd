CREATE TABLE "macros" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"name" text NOT NULL,
	"body_en" text,
	"body_zh" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "macros_has_body_check" CHECK (coalesce("macros"."body_en", "macros"."body_zh") is not null)
);
--> statement-breakpoint
CREATE TABLE "staff_members" (
	"tenant_id" text NOT NULL,
	"user_id" text NOT NULL,
	"display_name" text NOT NULL,
	"available" boolean DEFAULT true NOT NULL,
	"last_assigned_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_members_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_purpose_check";--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "follows_id" uuid;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "auto_close_minutes" integer DEFAULT 4320 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "reopen_window_minutes" integer DEFAULT 10080 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "out_of_hours_notice" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "assignment_mode" text DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "staff_mention" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "macros_tenant_name_uq" ON "macros" USING btree ("tenant_id","name");--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_follows_id_complaints_id_fk" FOREIGN KEY ("follows_id") REFERENCES "public"."complaints"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaints_waiting_idx" ON "complaints" USING btree ("waiting_since") WHERE status = 'waiting';--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_purpose_check" CHECK ("outbox"."purpose" in ('card', 'card_update', 'thread', 'customer_message', 'customer_reply', 'customer_resolution', 'customer_reopened', 'escalation', 'intake_reminder', 'intake_expired', 'sla_warning', 'sla_breach', 'survey', 'survey_failed', 'survey_result', 'survey_comment', 'digest', 'delivery_failed', 'reply', 'customer_closed', 'assignee_notice'));--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_assignment_mode_check" CHECK ("tenant_settings"."assignment_mode" in ('off', 'round_robin', 'least_loaded'));--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_auto_close_check" CHECK ("tenant_settings"."auto_close_minutes" > 0);--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_reopen_window_check" CHECK ("tenant_settings"."reopen_window_minutes" >= 0);