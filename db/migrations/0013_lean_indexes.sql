DROP INDEX "inbox_due_idx";--> statement-breakpoint
DROP INDEX "intake_idle_idx";