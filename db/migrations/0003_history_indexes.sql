CREATE INDEX "complaints_card_message_idx" ON "complaints" USING btree ("tenant_id",("card_ref"->>'messageId'));--> statement-breakpoint
CREATE INDEX "intake_resumable_idx" ON "intake_sessions" USING btree ("tenant_id","customer_id","last_activity_at") WHERE status = 'expired';--> statement-breakpoint
CREATE INDEX "intake_ended_idx" ON "intake_sessions" USING btree ("last_activity_at") WHERE status <> 'active';--> statement-breakpoint
CREATE INDEX "outbox_dead_idx" ON "outbox" USING btree ("id") WHERE status = 'dead';--> statement-breakpoint
CREATE INDEX "outbox_sent_idx" ON "outbox" USING btree ("sent_at") WHERE status = 'sent';