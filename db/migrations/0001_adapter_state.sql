CREATE TABLE "adapter_state" (
	"namespace" text NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"expires_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "adapter_state_namespace_key_pk" PRIMARY KEY("namespace","key")
);
--> statement-breakpoint
CREATE INDEX "adapter_state_expires_idx" ON "adapter_state" USING btree ("expires_at") WHERE expires_at is not null;