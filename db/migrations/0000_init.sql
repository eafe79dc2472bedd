CREATE TABLE "code_counters" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"next" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"type" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"body" text,
	"data" jsonb,
	"visibility" text DEFAULT 'public' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"platform" text NOT NULL,
	"code" text NOT NULL,
	"customer_id" text NOT NULL,
	"customer_name" text NOT NULL,
	"locale" text NOT NULL,
	"category" text NOT NULL,
	"severity" text NOT NULL,
	"summary" text NOT NULL,
	"description" text NOT NULL,
	"details" text,
	"desired_outcome" text NOT NULL,
	"outcome_note" text,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee_id" text,
	"assignee_name" text,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"sentiment" text DEFAULT 'calm' NOT NULL,
	"source" text DEFAULT 'dm' NOT NULL,
	"first_response_due" timestamp with time zone NOT NULL,
	"resolution_due" timestamp with time zone NOT NULL,
	"first_responded_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"resolution" text,
	"resolution_count" integer DEFAULT 0 NOT NULL,
	"waiting_since" timestamp with time zone,
	"first_response_warned_at" timestamp with time zone,
	"first_response_breached_at" timestamp with time zone,
	"resolution_warned_at" timestamp with time zone,
	"resolution_breached_at" timestamp with time zone,
	"card_ref" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cron_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intake_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text NOT NULL,
	"platform" text NOT NULL,
	"customer_id" text NOT NULL,
	"customer_name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"step" text NOT NULL,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"locale" text NOT NULL,
	"complaint_id" uuid,
	"reminded_at" timestamp with time zone,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"key" text PRIMARY KEY NOT NULL,
	"instance_id" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"tenant_id" text NOT NULL,
	"platform" text NOT NULL,
	"kind" text NOT NULL,
	"target" jsonb NOT NULL,
	"message" jsonb NOT NULL,
	"complaint_id" uuid,
	"purpose" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"result_ref" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"platform" text NOT NULL,
	"event_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_platform_event_id_pk" PRIMARY KEY("platform","event_id")
);
--> statement-breakpoint
CREATE TABLE "sandbox_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"conversation" text NOT NULL,
	"author_id" text NOT NULL,
	"author_name" text NOT NULL,
	"from_bot" boolean NOT NULL,
	"message" jsonb NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"tenant_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"resolution_no" integer NOT NULL,
	"status" text DEFAULT 'sent' NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rating" smallint,
	"comment" text,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tenant_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"name" text,
	"staff_channel_id" text,
	"manager_channel_id" text,
	"staff_roles" jsonb DEFAULT '["staff"]'::jsonb NOT NULL,
	"sla_policy" jsonb,
	"business_hours" jsonb,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"digest_time" text DEFAULT '09:00' NOT NULL,
	"default_locale" text DEFAULT 'en' NOT NULL,
	"survey_delay_minutes" integer DEFAULT 1440 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_events_complaint_idx" ON "complaint_events" USING btree ("complaint_id","id");--> statement-breakpoint
CREATE INDEX "complaint_events_tenant_type_idx" ON "complaint_events" USING btree ("tenant_id","type","at");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_tenant_code_uq" ON "complaints" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE INDEX "complaints_tenant_status_idx" ON "complaints" USING btree ("tenant_id","status","created_at");--> statement-breakpoint
CREATE INDEX "complaints_assignee_idx" ON "complaints" USING btree ("tenant_id","assignee_id","status");--> statement-breakpoint
CREATE INDEX "complaints_customer_idx" ON "complaints" USING btree ("tenant_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "complaints_first_response_due_idx" ON "complaints" USING btree ("first_response_due") WHERE first_responded_at is null and status in ('open','claimed','reopened');--> statement-breakpoint
CREATE INDEX "complaints_resolution_due_idx" ON "complaints" USING btree ("resolution_due") WHERE status in ('open','claimed','reopened','waiting');--> statement-breakpoint
CREATE INDEX "complaints_created_idx" ON "complaints" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "complaints_resolved_idx" ON "complaints" USING btree ("tenant_id","resolved_at");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_active_uq" ON "intake_sessions" USING btree ("tenant_id","customer_id") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "intake_idle_idx" ON "intake_sessions" USING btree ("last_activity_at") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_key_uq" ON "outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "processed_events_at_idx" ON "processed_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "sandbox_messages_conv_idx" ON "sandbox_messages" USING btree ("conversation","id");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_messages_key_uq" ON "sandbox_messages" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_complaint_resolution_uq" ON "surveys" USING btree ("complaint_id","resolution_no");--> statement-breakpoint
CREATE INDEX "surveys_customer_idx" ON "surveys" USING btree ("customer_id","sent_at");--> statement-breakpoint
CREATE INDEX "surveys_tenant_sent_idx" ON "surveys" USING btree ("tenant_id","sent_at");