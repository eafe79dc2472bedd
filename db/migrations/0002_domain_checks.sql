DROP INDEX "complaints_first_response_due_idx";--> statement-breakpoint
DROP INDEX "complaints_resolution_due_idx";--> statement-breakpoint
CREATE INDEX "complaints_first_response_due_idx" ON "complaints" USING btree ("first_response_due") WHERE first_responded_at is null and status in ('open', 'claimed', 'reopened');--> statement-breakpoint
CREATE INDEX "complaints_resolution_due_idx" ON "complaints" USING btree ("resolution_due") WHERE status in ('open', 'claimed', 'waiting', 'reopened');--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_type_check" CHECK ("complaint_events"."type" in ('created', 'customer_message', 'staff_reply', 'staff_ask', 'note', 'claimed', 'assigned', 'escalated', 'resolved', 'reopened', 'closed', 'erased', 'sla_warning', 'sla_breach', 'survey_sent', 'survey_undeliverable', 'survey_answered', 'survey_comment'));--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_visibility_check" CHECK ("complaint_events"."visibility" in ('public', 'internal'));--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_platform_check" CHECK ("complaints"."platform" in ('slack', 'discord', 'sandbox'));--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_locale_check" CHECK ("complaints"."locale" in ('en', 'zh-CN'));--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_category_check" CHECK ("complaints"."category" in ('product', 'service', 'delivery', 'billing', 'other'));--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_severity_check" CHECK ("complaints"."severity" in ('urgent', 'high', 'normal', 'low'));--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_desired_outcome_check" CHECK ("complaints"."desired_outcome" in ('refund', 'replacement', 'fix', 'apology', 'other'));--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_status_check" CHECK ("complaints"."status" in ('open', 'claimed', 'waiting', 'resolved', 'reopened', 'closed'));--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_sentiment_check" CHECK ("complaints"."sentiment" in ('angry', 'upset', 'anxious', 'calm'));--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_source_check" CHECK ("complaints"."source" in ('dm', 'form'));--> statement-breakpoint
ALTER TABLE "intake_sessions" ADD CONSTRAINT "intake_sessions_platform_check" CHECK ("intake_sessions"."platform" in ('slack', 'discord', 'sandbox'));--> statement-breakpoint
ALTER TABLE "intake_sessions" ADD CONSTRAINT "intake_sessions_status_check" CHECK ("intake_sessions"."status" in ('active', 'completed', 'cancelled', 'expired'));--> statement-breakpoint
ALTER TABLE "intake_sessions" ADD CONSTRAINT "intake_sessions_step_check" CHECK ("intake_sessions"."step" in ('describe', 'category', 'impact', 'details', 'outcome', 'outcome_note', 'confirm', 'edit', 'resume'));--> statement-breakpoint
ALTER TABLE "intake_sessions" ADD CONSTRAINT "intake_sessions_locale_check" CHECK ("intake_sessions"."locale" in ('en', 'zh-CN'));--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_platform_check" CHECK ("outbox"."platform" in ('slack', 'discord', 'sandbox'));--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_kind_check" CHECK ("outbox"."kind" in ('send', 'update_card'));--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_purpose_check" CHECK ("outbox"."purpose" in ('card', 'card_update', 'thread', 'customer_message', 'customer_reply', 'customer_resolution', 'customer_reopened', 'escalation', 'intake_reminder', 'intake_expired', 'sla_warning', 'sla_breach', 'survey', 'survey_failed', 'survey_result', 'survey_comment', 'digest', 'delivery_failed'));--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_status_check" CHECK ("outbox"."status" in ('pending', 'sent', 'dead'));--> statement-breakpoint
ALTER TABLE "processed_events" ADD CONSTRAINT "processed_events_platform_check" CHECK ("processed_events"."platform" in ('slack', 'discord', 'sandbox'));--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_status_check" CHECK ("surveys"."status" in ('sent', 'answered', 'undeliverable', 'expired'));--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_platform_check" CHECK ("tenant_settings"."platform" in ('slack', 'discord', 'sandbox'));--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_default_locale_check" CHECK ("tenant_settings"."default_locale" in ('en', 'zh-CN'));