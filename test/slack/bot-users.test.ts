/**
 * Which bot an Events API request speaks to, for the HTTP fast path: found from the installation
 * store with the query Bolt's authorize builds (an org-wide Grid install included, noting the
 * workspace under its org as Bolt's path does), read once per install, forgotten on uninstall.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstalledBotUsers, installQueryOf } from '../../adapters/slack/bot-users.js';
import { SlackInstallations } from '../../adapters/slack/installations.js';
import { silentLogger } from '../../src/log.js';
import { Sealer } from '../../src/seal.js';
import { sequence } from '../kit/shared.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { MemoryAdapterState } from '../support/memory-state.js';

const KEY = '3c'.repeat(32);

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

const nextId = sequence('');

function installation(ids: { team?: string; enterprise?: string }, botUserId: string) {
  return {
    team: ids.team ? { id: ids.team, name: 'Acme' } : undefined,
    enterprise: ids.enterprise ? { id: ids.enterprise, name: 'Org' } : undefined,
    user: { id: 'U0ADMIN', token: undefined, scopes: undefined },
    bot: { token: 'xoxb-0000-test-bot-users', scopes: ['chat:write'], id: 'B0BOT', userId: botUserId },
    tokenType: 'bot' as const,
    isEnterpriseInstall: !ids.team,
    appId: 'A0HEARKEN',
    authVersion: 'v2' as const,
  };
}

/** The real store, counting how often it is asked. */
function countingStore() {
  const store = new SlackInstallations(database, new Sealer(KEY), silentLogger, new MemoryAdapterState());
  const asked = { count: 0 };
  const counted = {
    fetchInstallation: (query: Parameters<SlackInstallations['fetchInstallation']>[0]) => {
      asked.count++;
      return store.fetchInstallation(query);
    },
  };
  return { store, asked, counted };
}

const envelope = (team: string, auth?: { enterprise_id: string | null; is_enterprise_install: boolean }) => ({
  type: 'event_callback',
  team_id: team,
  authorizations: [{ team_id: team, user_id: 'U0BOTX', is_bot: true, ...auth }],
});

describe('the bot a Slack event belongs to', () => {
  it("is the workspace's own install's bot user, read once for many events", async () => {
    const { store, asked, counted } = countingStore();
    const team = `T0BU${nextId()}`;
    await store.storeInstallation(installation({ team }, 'U0BOTACME'));
    const botUsers = new InstalledBotUsers(counted);

    const found = [await botUsers.of(envelope(team)), await botUsers.of(envelope(team))];

    expect(found).toEqual([{ botUserId: 'U0BOTACME' }, { botUserId: 'U0BOTACME' }]);
    expect(asked.count).toBe(1);
  });

  it("is the org's bot user for a workspace under an org-wide install, and the outbox then finds the org's token", async () => {
    const { store, counted } = countingStore();
    const run = nextId();
    const [team, org] = [`T0GRIDWS${run}`, `E0GRID${run}`];
    await store.storeInstallation(installation({ enterprise: org }, 'U0BOTORG'));

    const found = await new InstalledBotUsers(counted).of(
      envelope(team, { enterprise_id: org, is_enterprise_install: true }),
    );

    expect(found).toEqual({ botUserId: 'U0BOTORG' });
    expect(await store.botTokenOf(team)).toBe('xoxb-0000-test-bot-users');
  });

  it('is unknown for a workspace without an install, and read again once it installs', async () => {
    const { store, counted } = countingStore();
    const team = `T0LATE${nextId()}`;
    const botUsers = new InstalledBotUsers(counted);

    const before = await botUsers.of(envelope(team));
    await store.storeInstallation(installation({ team }, 'U0BOTLATE'));
    const after = await botUsers.of(envelope(team));

    expect([before, after]).toEqual([undefined, { botUserId: 'U0BOTLATE' }]);
  });

  it('is read again after being forgotten (an uninstall)', async () => {
    const { store, asked, counted } = countingStore();
    const team = `T0GONE${nextId()}`;
    await store.storeInstallation(installation({ team }, 'U0BOTGONE'));
    const botUsers = new InstalledBotUsers(counted);
    await botUsers.of(envelope(team));

    botUsers.forget();
    await store.deleteInstallation({ teamId: team, enterpriseId: undefined, isEnterpriseInstall: false });

    expect(await botUsers.of(envelope(team))).toBeUndefined();
    expect(asked.count).toBe(2);
  });
});

describe("Bolt's authorize query for an event", () => {
  it('takes the first authorization over the envelope, as Bolt does', () => {
    expect(
      installQueryOf({
        team_id: 'T0ENVELOPE',
        enterprise_id: 'E0ENVELOPE',
        authorizations: [{ team_id: 'T0AUTH', enterprise_id: null, is_enterprise_install: false }],
      }),
    ).toEqual({ teamId: 'T0AUTH', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(installQueryOf({ team_id: 'T0ENVELOPE', enterprise_id: 'E0ENVELOPE' })).toEqual({
      teamId: 'T0ENVELOPE',
      enterpriseId: 'E0ENVELOPE',
      isEnterpriseInstall: false,
    });
  });
});
