/** The Slack adapter's slice of the app config (`Config.slack`, from SLACK_* in src/config.ts). */
import { z } from 'zod';

export const slackConfigSchema = z.object({
  botToken: z.string().startsWith('xoxb-'),
  /** HTTP mode: Bolt checks every request's signature with it. */
  signingSecret: z.string().min(1).optional(),
  /** With it, Socket Mode instead of HTTP. */
  appToken: z.string().startsWith('xapp-').optional(),
  /** Web API base (GovSlack, a proxy); Slack's own when unset. */
  apiUrl: z.string().url().optional(),
});

export type SlackConfig = z.infer<typeof slackConfigSchema>;
