CREATE TABLE "slack_installations" (
	"install_key" text PRIMARY KEY NOT NULL,
	"team_id" text,
	"enterprise_id" text,
	"is_enterprise_install" boolean NOT NULL,
	"app_id" text,
	"bot_user_id" text,
	"key_id" text NOT NULL,
	"sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slack_installations_owner_check" CHECK (("slack_installations"."is_enterprise_install" and "slack_installations"."enterprise_id" is not null) or (not "slack_installations"."is_enterprise_install" and "slack_installations"."team_id" is not null))
);
--> statement-breakpoint
CREATE INDEX "slack_installations_team_idx" ON "slack_installations" USING btree ("team_id");