DROP INDEX "outbox_dead_idx";--> statement-breakpoint
CREATE INDEX "outbox_dead_idx" ON "outbox" USING btree ("created_at") WHERE status = 'dead';