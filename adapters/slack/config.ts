/** The Slack adapter's slice of the app config (`Config.slack`, from SLACK_* in src/config.ts). */
import { z } from 'zod';

/** OAuth (distribution) mode: any number of workspaces install the app through Slack's flow. */
export const slackOAuthSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Signs the state cookie of the install flow. */
  stateSecret: z.string().min(1),
  /** The redirect URL registered in the app's OAuth settings (`…/slack/oauth_redirect`). */
  redirectUri: z.string().url().optional(),
  /** Seals the stored installations (tokens) at rest. */
  encryptionKey: z.string().min(1),
  /** Opens rows sealed with the key before the current one, while keys rotate. */
  previousEncryptionKey: z.string().min(1).optional(),
});

export const slackConfigSchema = z
  .object({
    /** Single-workspace mode: the one bot token. */
    botToken: z.string().startsWith('xoxb-').optional(),
    oauth: slackOAuthSchema.optional(),
    /** HTTP mode: Bolt checks every request's signature with it. */
    signingSecret: z.string().min(1).optional(),
    /** With it, Socket Mode instead of HTTP. */
    appToken: z.string().startsWith('xapp-').optional(),
    /** Web API base (GovSlack, a proxy); Slack's own when unset. */
    apiUrl: z.string().url().optional(),
  })
  .refine((slack) => Boolean(slack.botToken) !== Boolean(slack.oauth), {
    message: 'either botToken (one workspace) or oauth (installs), not both and not neither',
  });

export type SlackConfig = z.infer<typeof slackConfigSchema>;
export type SlackOAuth = z.infer<typeof slackOAuthSchema>;
