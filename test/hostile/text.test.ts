/**
 * Text Postgres cannot store (NUL, lone UTF-16 surrogates from a platform's JSON escapes) is
 * made storable before it reaches the database, so the customer's intake carries on.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeSessions } from '../../db/schema.js';
import { createHarness, customer, type Harness, shown } from '../support/harness.js';

describe('text the database cannot store as it is', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it.each([
    ['a lone high surrogate', 'My order \uD800 never came'],
    ['a lone low surrogate', 'My order \uDFFF never came'],
    ['a NUL byte', 'My order \u0000 never came'],
  ])('%s: the intake starts and the words are kept', async (_name, text) => {
    const who = customer(`Sam${text.codePointAt(9)}`);

    const reply = await h.dm(who, text);

    expect(shown(reply)).not.toMatch(/something went wrong|try again/i);
    const [session] = await h.database.db
      .select()
      .from(intakeSessions)
      .where(eq(intakeSessions.customerId, who.userId));
    expect(session?.answers.description).toMatch(/^My order .*never came$/);
  });
});
