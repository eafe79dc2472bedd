/**
 * The simulated people of the sandbox workspace: customers, staff and a manager. A person picks
 * who they are in each pane; new customers can be added with a name and a language.
 */
import { randomBytes } from 'node:crypto';
import { isLocale, type Locale, oneOf, ROLE_ADMIN, ROLE_STAFF } from '../../src/domain/index.js';
import type { Actor } from '../../src/messages.js';
import type { SandboxStore } from './store.js';

export const SANDBOX_TENANT = 'sandbox:demo';

/** Who a sandbox person is: the manager also counts as an admin. */
export const SANDBOX_ROLES = ['customer', 'staff', 'manager'] as const;
export type SandboxRole = (typeof SANDBOX_ROLES)[number];
const isSandboxRole = oneOf(SANDBOX_ROLES);

export interface SandboxUser {
  userId: string;
  name: string;
  locale: Locale;
  role: SandboxRole;
}

/** Who is there on a fresh workspace, so the page is usable at once. */
export const SEED_USERS = [
  { userId: `${SANDBOX_TENANT}:ana`, name: 'Ana Souza', locale: 'en', role: 'customer' },
  { userId: `${SANDBOX_TENANT}:wang-fang`, name: '王芳', locale: 'zh-CN', role: 'customer' },
  { userId: `${SANDBOX_TENANT}:sam`, name: 'Sam Lee', locale: 'en', role: 'staff' },
  { userId: `${SANDBOX_TENANT}:chen-jing`, name: '陈静', locale: 'zh-CN', role: 'staff' },
  { userId: `${SANDBOX_TENANT}:morgan`, name: 'Morgan Blake', locale: 'en', role: 'manager' },
] as const satisfies readonly SandboxUser[];

const ROLES: Record<SandboxRole, string[]> = {
  customer: [],
  staff: [ROLE_STAFF],
  manager: [ROLE_STAFF, ROLE_ADMIN],
};

interface DirectoryEntry {
  locale: Locale;
  role: SandboxRole;
}

function isEntry(value: unknown): value is DirectoryEntry {
  if (typeof value !== 'object' || value === null) return false;
  return 'locale' in value && isLocale(value.locale) && 'role' in value && isSandboxRole(value.role);
}

export class Directory {
  constructor(private readonly store: SandboxStore) {}

  /** Adds the seed people where missing (idempotent: a restart keeps everyone as they were). */
  async seed(): Promise<void> {
    for (const user of SEED_USERS) await this.add(user);
  }

  async list(): Promise<SandboxUser[]> {
    const rows = await this.store.directoryRows();
    const users: SandboxUser[] = [];
    for (const row of rows) {
      if (isEntry(row.message)) {
        users.push({
          userId: row.authorId,
          name: row.authorName,
          locale: row.message.locale,
          role: row.message.role,
        });
      }
    }
    return users;
  }

  async find(userId: string): Promise<SandboxUser | undefined> {
    return (await this.list()).find((user) => user.userId === userId);
  }

  /** A new simulated customer with an id no one else has. */
  async createCustomer(name: string, locale: Locale): Promise<SandboxUser> {
    const slug = name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 24);
    const userId = `${SANDBOX_TENANT}:${slug || 'customer'}-${randomBytes(3).toString('hex')}`;
    const user: SandboxUser = { userId, name, locale, role: 'customer' };
    await this.add(user);
    return user;
  }

  private async add(user: SandboxUser): Promise<void> {
    const entry: DirectoryEntry = { locale: user.locale, role: user.role };
    await this.store.addDirectoryEntry(user.userId, user.name, { ...entry });
  }
}

/** The neutral actor the core sees for a simulated person. */
export function toActor(user: SandboxUser): Actor {
  return {
    platform: 'sandbox',
    tenantId: SANDBOX_TENANT,
    userId: user.userId,
    displayName: user.name,
    locale: user.locale,
    roles: [...ROLES[user.role]],
  };
}
