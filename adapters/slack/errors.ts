/**
 * Which Slack Web API failures are worth retrying. Everything listed here is permanent: the
 * outbox stops retrying and records the reason. Anything else (5xx, timeouts, rate limits the
 * WebClient gave up on) is thrown as is, so the outbox tries again later.
 */
import { webApi } from '@slack/bolt';
import { PermanentDeliveryError } from '../../src/ports.js';

const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'user_disabled',
  'cannot_dm_bot',
  'account_inactive',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'no_permission',
  'restricted_action',
  // A payload over one of Slack's limits: sending it again gets the same answer.
  'msg_too_long',
  'msg_blocks_too_long',
  'invalid_blocks',
  'invalid_arguments',
  'invalid_metadata_format',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'team_access_not_granted',
  'ekm_access_denied',
]);

/** The Slack error string of a Web API platform error (`ok: false`), if that is what this is. */
export function slackErrorOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const coded = error as { code?: unknown; data?: { error?: unknown } };
  if (coded.code !== webApi.ErrorCode.PlatformError) return undefined;
  return typeof coded.data?.error === 'string' ? coded.data.error : undefined;
}

/** Seconds Slack asked us to wait, when this is a rate limit the WebClient handed back to us. */
export function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const limited = error as { code?: unknown; retryAfter?: unknown };
  if (limited.code !== webApi.ErrorCode.RateLimitedError) return undefined;
  return typeof limited.retryAfter === 'number' ? limited.retryAfter : undefined;
}

/** The HTTP status of a Web API answer that was not a 200 (nor a 429 handed back to us). */
function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const failed = error as { code?: unknown; statusCode?: unknown };
  if (failed.code !== webApi.ErrorCode.HTTPError) return undefined;
  return typeof failed.statusCode === 'number' ? failed.statusCode : undefined;
}

/**
 * Rethrows a Slack failure as `PermanentDeliveryError` when retrying cannot help: one of Slack's
 * permanent error names, or an HTTP 4xx other than 429 (the request itself is wrong).
 */
export function toDeliveryError(error: unknown, what: string): unknown {
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
    return new PermanentDeliveryError(`Slack refused to ${what}: HTTP ${status}`, `http_${status}`, {
      cause: error,
    });
  }
  const slackError = slackErrorOf(error);
  if (slackError && PERMANENT_ERRORS.has(slackError)) {
    return new PermanentDeliveryError(`Slack refused to ${what}: ${slackError}`, slackError, {
      cause: error,
    });
  }
  return error;
}
