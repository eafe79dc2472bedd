import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackInstallations } from '../../adapters/slack/installations.js';
import { slackInstallations } from '../../db/schema.js';
import { ConfigurationError, PlatformError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { keyIdOf, Sealer } from '../../src/seal.js';
import { sequence } from '../kit/shared.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { MemoryAdapterState } from '../support/memory-state.js';

const OLD_KEY = '11'.repeat(32);
/** The same kind of key written as base64, as `openssl rand -base64 32` prints it. */
const NEW_KEY = Buffer.alloc(32, 7).toString('base64');

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const nextTeam = sequence('T0STORE');

function installation(teamId: string, token: string) {
  return {
    team: { id: teamId, name: 'Acme' },
    enterprise: undefined,
    user: { id: 'U0ADMIN', token: undefined, scopes: undefined },
    bot: { token, scopes: ['chat:write'], id: 'B0BOT', userId: 'U0BOT' },
    tokenType: 'bot' as const,
    isEnterpriseInstall: false as const,
    appId: 'A0HEARKEN',
    authVersion: 'v2' as const,
  };
}

const rowOf = async (installKey: string) =>
  (
    await database.db.select().from(slackInstallations).where(eq(slackInstallations.installKey, installKey))
  )[0];

describe('the Slack installation store', () => {
  it('opens what it sealed, and stores no token in the clear', async () => {
    const store = new SlackInstallations(database, new Sealer(OLD_KEY), silentLogger);
    const teamId = nextTeam();

    await store.storeInstallation(installation(teamId, 'xoxb-0000-test-acme-secret'));

    expect(await store.botTokenOf(teamId)).toBe('xoxb-0000-test-acme-secret');
    const row = await rowOf(`team:${teamId}`);
    expect(JSON.stringify(row)).not.toContain('xoxb-0000-test-acme-secret');
    expect(row?.sealed).toMatch(new RegExp(`^hk1\\.${keyIdOf(Buffer.from(OLD_KEY, 'hex'))}\\.`));
  });

  it('keeps an Enterprise Grid org-wide install as one row for the org', async () => {
    const store = new SlackInstallations(database, new Sealer(OLD_KEY), silentLogger);

    await store.storeInstallation({
      ...installation('ignored', 'xoxb-0000-test-grid-secret'),
      team: undefined,
      enterprise: { id: 'E0GRID', name: 'Grid' },
      isEnterpriseInstall: true,
    });

    const found = await store.fetchInstallation({
      teamId: undefined,
      enterpriseId: 'E0GRID',
      isEnterpriseInstall: true,
    });
    expect(found.bot?.token).toBe('xoxb-0000-test-grid-secret');
    expect(await rowOf('enterprise:E0GRID')).toMatchObject({ isEnterpriseInstall: true, teamId: null });
  });

  it("delivers to a Grid workspace with its org's token once a request from it was authorized", async () => {
    const store = new SlackInstallations(
      database,
      new Sealer(OLD_KEY),
      silentLogger,
      new MemoryAdapterState(),
    );
    await store.storeInstallation({
      ...installation('ignored', 'xoxb-0000-test-org-wide'),
      team: undefined,
      enterprise: { id: 'E0ORG', name: 'Org' },
      isEnterpriseInstall: true,
    });
    expect(await store.botTokenOf('T0INGRID')).toBeUndefined();

    await store.fetchInstallation({ teamId: 'T0INGRID', enterpriseId: 'E0ORG', isEnterpriseInstall: true });

    expect(await store.botTokenOf('T0INGRID')).toBe('xoxb-0000-test-org-wide');
  });

  it('after a key rotation, opens rows sealed with the previous key and seals them again with the new one', async () => {
    const teamId = nextTeam();
    await new SlackInstallations(database, new Sealer(OLD_KEY), silentLogger).storeInstallation(
      installation(teamId, 'xoxb-0000-test-rotated'),
    );
    const rotated = new SlackInstallations(database, new Sealer(NEW_KEY, OLD_KEY), silentLogger);

    expect(await rotated.botTokenOf(teamId)).toBe('xoxb-0000-test-rotated');

    const row = await rowOf(`team:${teamId}`);
    expect(row?.keyId).toBe(keyIdOf(Buffer.from(NEW_KEY, 'base64')));
    // The old key can now go: the row opens with the new key alone.
    const newOnly = new SlackInstallations(database, new Sealer(NEW_KEY), silentLogger);
    expect(await newOnly.botTokenOf(teamId)).toBe('xoxb-0000-test-rotated');
  });

  it('refuses a row sealed with a key it was not given, naming the variable to set', async () => {
    const teamId = nextTeam();
    await new SlackInstallations(database, new Sealer(OLD_KEY), silentLogger).storeInstallation(
      installation(teamId, 'xoxb-0000-test-lost-key'),
    );

    const withoutOld = new SlackInstallations(database, new Sealer(NEW_KEY), silentLogger);

    await expect(withoutOld.botTokenOf(teamId)).rejects.toThrow(/HEARKEN_ENCRYPTION_KEY_PREVIOUS/);
  });

  it("will not open one workspace's sealed installation copied onto another's row", async () => {
    const store = new SlackInstallations(database, new Sealer(OLD_KEY), silentLogger);
    const [a, b] = [nextTeam(), nextTeam()];
    await store.storeInstallation(installation(a, 'xoxb-0000-test-team-a'));
    await store.storeInstallation(installation(b, 'xoxb-0000-test-team-b'));
    const rowA = await rowOf(`team:${a}`);

    await database.db
      .update(slackInstallations)
      .set({ sealed: rowA?.sealed ?? '' })
      .where(eq(slackInstallations.installKey, `team:${b}`));

    await expect(store.botTokenOf(b)).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('answers "not installed" for a workspace it has no row for, and forgets a deleted one', async () => {
    const store = new SlackInstallations(database, new Sealer(OLD_KEY), silentLogger);
    const teamId = nextTeam();
    await store.storeInstallation(installation(teamId, 'xoxb-0000-test-gone'));

    await store.deleteInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });

    expect(await store.botTokenOf(teamId)).toBeUndefined();
    await expect(
      store.fetchInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toBeInstanceOf(PlatformError);
  });
});
