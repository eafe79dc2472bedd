/**
 * A small Discord world for stories: the Acme guild with a support, staff and managers channel,
 * a Staff role, a customer, two staff members, an admin, a member without the staff role, and
 * a second guild some users share, for the "which server?" question in DMs, and a stranger.
 */
import { vi } from 'vitest';
import {
  EVERYONE_PERMISSIONS,
  type FakeGuild,
  type FakeUser,
  PERMISSIONS,
  snowflake,
} from './discord-model.js';

export interface World {
  acme: FakeGuild;
  globex: FakeGuild;
  channels: { general: string; staff: string; managers: string; globexGeneral: string };
  staffRole: string;
  users: {
    ana: FakeUser;
    sam: FakeUser;
    kim: FakeUser;
    ola: FakeUser;
    bo: FakeUser;
    zoe: FakeUser;
    lee: FakeUser;
    rue: FakeUser;
  };
}

export function makeWorld(): World {
  const user = (username: string, extra: Partial<FakeUser> = {}): FakeUser => ({
    id: snowflake(),
    username,
    globalName: username[0]?.toUpperCase() + username.slice(1),
    ...extra,
  });
  const users = {
    ana: user('ana'),
    sam: user('sam'),
    kim: user('kim'),
    ola: user('ola'),
    bo: user('bo'),
    /** Keeps DMs from server members closed. */
    zoe: user('zoe', { dmsClosed: true }),
    /** Shares two guilds with the bot. */
    lee: user('lee'),
    /** Shares no guild with the bot. */
    rue: user('rue'),
  };
  const acmeId = snowflake();
  const staffRole = snowflake();
  const channels = {
    general: snowflake(),
    staff: snowflake(),
    managers: snowflake(),
    globexGeneral: snowflake(),
  };
  const acme: FakeGuild = {
    id: acmeId,
    name: 'Acme',
    roles: [
      { id: acmeId, name: '@everyone', permissions: EVERYONE_PERMISSIONS },
      { id: staffRole, name: 'Staff', permissions: EVERYONE_PERMISSIONS },
    ],
    channels: [
      { id: channels.general, name: 'general', type: 0 },
      { id: channels.staff, name: 'staff', type: 0 },
      { id: channels.managers, name: 'managers', type: 0 },
    ],
    members: [
      {
        user: users.ola,
        roles: [],
        permissions: String(BigInt(EVERYONE_PERMISSIONS) | PERMISSIONS.manageGuild),
      },
      { user: users.ana, roles: [] },
      { user: users.sam, roles: [staffRole] },
      { user: users.kim, roles: [staffRole] },
      { user: users.bo, roles: [] },
      { user: users.zoe, roles: [] },
      { user: users.lee, roles: [] },
    ],
  };
  const globexId = snowflake();
  const globex: FakeGuild = {
    id: globexId,
    name: 'Globex',
    locale: 'zh-CN',
    roles: [{ id: globexId, name: '@everyone', permissions: EVERYONE_PERMISSIONS }],
    channels: [{ id: channels.globexGeneral, name: 'globex-general', type: 0 }],
    members: [{ user: users.lee, roles: [] }],
  };
  return { acme, globex, channels, staffRole, users };
}

/**
 * Waits until `probe` returns something truthy, for at most `timeoutMs` (generous: embedded
 * Postgres is slow on a busy CI machine), and returns it; vitest's `vi.waitUntil` underneath, the
 * one polling helper the tests use. Tests wait for recorded calls with it instead of sleeping.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | null,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  try {
    return await vi.waitUntil(() => probe() || undefined, { timeout: timeoutMs, interval: 10 });
  } catch (error) {
    throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`, { cause: error });
  }
}
