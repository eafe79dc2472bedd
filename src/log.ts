/**
 * Structured logs with pino. Customer text is personal data: it is never logged, and the redact
 * list below strips tokens, secrets and message bodies that might ride along on an object.
 */
import { pino } from 'pino';
import type { Logger } from './ports.js';

export const REDACT_PATHS = [
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.password',
  '*.authorization',
  '*.text',
  '*.body',
  '*.description',
  'headers.authorization',
  'req.headers.authorization',
  'env.SLACK_BOT_TOKEN',
  'env.SLACK_SIGNING_SECRET',
  'env.SLACK_APP_TOKEN',
  'env.DISCORD_TOKEN',
  'env.DATABASE_URL',
];

/** Where a failed query's bound values start in drizzle's error message and stack. */
const PARAMS = '\nparams: ';

/**
 * pino's error serializer, minus the bound values of a failed query: drizzle puts them in the
 * error's message, stack and `params`, and they are the customer's words.
 */
export function serializeError(err: unknown): unknown {
  const out = pino.stdSerializers.err(err as Error) as unknown;
  if (!out || typeof out !== 'object') return out;
  const record = out as Record<string, unknown>;
  for (const key of ['params', 'parameters', 'detail']) delete record[key];
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  if (typeof record.message === 'string' && record.message.includes(PARAMS))
    record.message = `${record.message.slice(0, record.message.indexOf(PARAMS))}${PARAMS}[redacted]${cause}`;
  if (typeof record.stack === 'string')
    record.stack = record.stack.replace(
      /\nparams: [\s\S]*?(?=\n {4}at |\ncaused by: |$)/g,
      `${PARAMS}[redacted]`,
    );
  return record;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
      base: { app: 'hearken' },
    },
    destination,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * `logger.child(bindings)`, made when it first logs: for the logger of one event, most of which
 * log nothing at the default level. pino builds a child's bindings into JSON text as it makes it,
 * and that was made for every event handled (about 0.5 % of an intake step's Node CPU).
 */
export function lazyChild(logger: Logger, bindings: Record<string, unknown>): Logger {
  let made: Logger | undefined;
  const child = (): Logger => {
    made ??= logger.child(bindings);
    return made;
  };
  // Rest parameters: the child sees the same arguments, however many were given.
  return {
    debug: (...args: [object, string?]) => child().debug(...args),
    info: (...args: [object, string?]) => child().info(...args),
    warn: (...args: [object, string?]) => child().warn(...args),
    error: (...args: [object, string?]) => child().error(...args),
    child: (more) => child().child(more),
  };
}
