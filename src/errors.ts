/**
 * The error taxonomy. Every error Hearken raises is a `HearkenError` with a stable `code` (search
 * the logs for it), a message that tells an operator what to do, and the `cause` it wraps. One
 * subclass per failure family, told apart by the code's prefix:
 *
 * - `ConfigurationError` (`E_CONFIG_…`): the environment or a command-line argument is wrong.
 * - `DatabaseError` (`E_DB_…`): a query did not return what the schema promises.
 * - `DeliveryError` (`E_DELIVERY_…`): a message could not reach a person
 *   (`PermanentDeliveryError`: retrying cannot help).
 * - `PlatformError` (`E_PLATFORM_…`): Slack or Discord answered in a way we cannot use, or an id
 *   or payload cannot be expressed on the platform.
 * - `InputError` (`E_INPUT_…`): a value from a person or a caller is malformed.
 * - `InternalError` (`E_INTERNAL`): anything else, wrapped at the core's boundary.
 *
 * Operator messages live here, in `OPERATOR_MESSAGES`, and nowhere else. (Words a customer or staff
 * member reads live in the catalogs, `src/i18n/`.)
 */

/** What each code says to the operator; `detail` names the thing involved. */
export const OPERATOR_MESSAGES = {
  E_CONFIG_INVALID: (detail: string) => `The configuration is invalid: ${detail}`,
  E_CONFIG_MISSING: (detail: string) => `A required setting is missing: ${detail}`,
  E_CONFIG_ARGUMENT: (detail: string) => `A command-line argument is wrong: ${detail}`,
  E_DB_NO_ROW: (detail: string) =>
    `The database returned no row for ${detail}. Check that the migrations ran (npm run db:migrate) and nothing else writes these tables.`,
  E_DB_ROW_VANISHED: (detail: string) =>
    `${detail} disappeared in the middle of a change; another process deleted it. The event will be retried.`,
  E_DELIVERY_PERMANENT: (detail: string) => `Delivery gave up: ${detail}`,
  E_DELIVERY_TIMEOUT: (detail: string) =>
    `A platform call had no answer in time: ${detail}. It may have landed; the retry checks before sending again.`,
  E_PLATFORM_NO_CHANNEL: (detail: string) =>
    `The platform opened no conversation for ${detail}. Check the app's scopes (im:write) and that the user still exists.`,
  E_PLATFORM_RESPONSE: (detail: string) =>
    `The platform refused a reply: ${detail}. The link may have expired (Slack's response_url lasts 30 minutes).`,
  E_PLATFORM_UNSUPPORTED_ID: (detail: string) =>
    `${detail} cannot be expressed on this platform; rename it in src/domain.`,
  E_PLATFORM_NOT_STORED: (detail: string) =>
    `Could not store ${detail}; the platform was told to retry. Check the database connection.`,
  E_PLATFORM_LIMIT: (detail: string) => `Over a platform limit: ${detail}`,
  E_PLATFORM_FOREIGN_ID: (detail: string) =>
    `Not an id this adapter made: ${detail}. A message meant for another platform was routed here.`,
  E_PLATFORM_NOT_INSTALLED: (detail: string) =>
    `The app is not installed in ${detail} (never installed, uninstalled, or its token revoked). An admin there can install it again through /slack/install.`,
  E_PLATFORM_INSTALLATION: (detail: string) =>
    `A stored installation cannot be used: ${detail}. Install the app again in that workspace.`,
  E_INPUT_INVALID: (detail: string) => `Invalid input: ${detail}`,
  E_INTERNAL: (detail: string) =>
    `Unexpected failure: ${detail}. The event was answered with an apology; the cause is logged with it.`,
} as const satisfies Record<`E_${string}`, (detail: string) => string>;

export type ErrorCode = keyof typeof OPERATOR_MESSAGES;
type CodeOf<Prefix extends string> = Extract<ErrorCode, `${Prefix}${string}`>;

export class HearkenError extends Error {
  override readonly name: string = 'HearkenError';
  constructor(
    /** Stable id, e.g. `E_CONFIG_INVALID`: what alerts and runbooks key on. */
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The error as thrown if it is already ours, or wrapped as `E_INTERNAL` with it as the cause. */
  static wrap(error: unknown): HearkenError {
    if (error instanceof HearkenError) return error;
    const detail = error instanceof Error ? error.message : String(error);
    return new InternalError('E_INTERNAL', detail, { cause: error });
  }
}

/** Builds a family: its codes are the ones with its prefix, its message comes from the table. */
function family<Prefix extends string>(familyName: string, _prefix: Prefix) {
  return class extends HearkenError {
    override readonly name: string = familyName;
    constructor(code: CodeOf<Prefix>, detail: string, options?: { cause?: unknown }) {
      super(code, OPERATOR_MESSAGES[code](detail), options);
    }
  };
}

export class ConfigurationError extends family('ConfigurationError', 'E_CONFIG_') {}
export class DatabaseError extends family('DatabaseError', 'E_DB_') {}
export class PlatformError extends family('PlatformError', 'E_PLATFORM_') {}
export class InputError extends family('InputError', 'E_INPUT_') {}
export class InternalError extends family('InternalError', 'E_INTERNAL') {}

/** A message that did not reach its person. */
export class DeliveryError extends HearkenError {
  override readonly name: string = 'DeliveryError';
}

/** Thrown by a port when retrying cannot help (user has DMs closed, channel gone, no access). */
export class PermanentDeliveryError extends DeliveryError {
  override readonly name = 'PermanentDeliveryError';
  constructor(
    message: string,
    /** Machine-readable reason, e.g. `dm_closed`, `channel_not_found`. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('E_DELIVERY_PERMANENT', message, options);
  }
}

/**
 * A platform call that got no answer within its own timeout. Ambiguous: the platform may have
 * stored the message, so the retry checks for it (Slack metadata, Discord nonce) before posting.
 */
export class DeliveryTimeoutError extends DeliveryError {
  override readonly name = 'DeliveryTimeoutError';
  constructor(detail: string) {
    super('E_DELIVERY_TIMEOUT', OPERATOR_MESSAGES.E_DELIVERY_TIMEOUT(detail));
  }
}
