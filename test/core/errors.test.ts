/**
 * The error taxonomy: each failure has a stable code, a message that says what to do and the cause
 * it wraps; whatever a handler throws leaves the core as a coded error in the log, never a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hearken } from '../../src/core.js';
import {
  ConfigurationError,
  DatabaseError,
  DeliveryError,
  HearkenError,
  InputError,
  OPERATOR_MESSAGES,
  PermanentDeliveryError,
  PlatformError,
} from '../../src/errors.js';
import type { Logger } from '../../src/ports.js';
import { PermanentDeliveryError as FromPorts } from '../../src/ports.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { customer } from '../support/harness.js';

type Entry = { level: string; obj: Record<string, unknown>; msg?: string };

function recordingLogger(entries: Entry[]): Logger {
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, obj: { ...obj }, ...(msg ? { msg } : {}) });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

describe('errors', () => {
  it('each family builds its message from the one table and keeps the cause', () => {
    const cause = new Error('connection reset');
    const error = new DatabaseError('E_DB_NO_ROW', 'a complaint insert', { cause });

    expect(error).toBeInstanceOf(HearkenError);
    expect(error.code).toBe('E_DB_NO_ROW');
    expect(error.name).toBe('DatabaseError');
    expect(error.message).toBe(OPERATOR_MESSAGES.E_DB_NO_ROW('a complaint insert'));
    expect(error.message).toMatch(/npm run db:migrate/);
    expect(error.cause).toBe(cause);
    expect(new ConfigurationError('E_CONFIG_MISSING', 'X').name).toBe('ConfigurationError');
    expect(new PlatformError('E_PLATFORM_LIMIT', 'X').code).toBe('E_PLATFORM_LIMIT');
    expect(new InputError('E_INPUT_INVALID', 'X')).toBeInstanceOf(HearkenError);
  });

  it('keeps PermanentDeliveryError where adapters import it, as a delivery error with its reason', () => {
    const error = new PermanentDeliveryError('DMs are closed', 'dm_closed');

    expect(FromPorts).toBe(PermanentDeliveryError);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toBeInstanceOf(HearkenError);
    expect(error).toMatchObject({
      name: 'PermanentDeliveryError',
      code: 'E_DELIVERY_PERMANENT',
      reason: 'dm_closed',
    });
  });

  it('wraps anything else as E_INTERNAL with the original as its cause', () => {
    const thrown = new TypeError('x is undefined');
    const wrapped = HearkenError.wrap(thrown);

    expect(wrapped).toMatchObject({ code: 'E_INTERNAL', name: 'InternalError', cause: thrown });
    expect(wrapped.message).toContain('x is undefined');
    const ours = new InputError('E_INPUT_INVALID', 'day');
    expect(HearkenError.wrap(ours)).toBe(ours);
  });

  describe('at the core boundary', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(() => database.destroy());

    it('answers a handler that throws a plain error with an apology and logs it with its code', async () => {
      const entries: Entry[] = [];
      const hearken = new Hearken({ database, logger: recordingLogger(entries) });
      const thrown = new Error('the survey table is on fire');
      hearken.onAction('boom.', async () => {
        throw thrown;
      });

      const reply = await hearken.handle({
        id: 'boom-1',
        kind: 'action',
        actor: customer('Ann'),
        place: { kind: 'dm' },
        action: 'boom.now',
        value: '-',
      });

      expect(reply.messages).toHaveLength(1);
      const failed = entries.find((e) => e.msg === 'handler failed');
      expect(failed?.level).toBe('error');
      expect(failed?.obj.code).toBe('E_INTERNAL');
      expect(failed?.obj.err).toMatchObject({ code: 'E_INTERNAL', cause: thrown });
      await hearken.outbox.stop();
    });
  });
});
