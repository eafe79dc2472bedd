/**
 * The shared adapter contract (test/kit/shared-contract.ts), run for the sandbox: its "platform"
 * is the page's HTTP API, and the world is one running sandbox on the real core. Each contract
 * test gets a customer of its own, created the way the page creates one.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { startSandbox } from '../../adapters/sandbox/index.js';
import { Hearken } from '../../src/core.js';
import { HttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/log.js';
import type { InboundEvent, Reply } from '../../src/messages.js';
import type { AdapterHandle } from '../../src/ports.js';
import { adapterContract, type ContractDriver } from '../kit/shared-contract.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

/** The real core, keeping a list of what the adapter handed it. */
class RecordingHearken extends Hearken {
  readonly received: InboundEvent[] = [];
  override async handle(event: InboundEvent): Promise<Reply> {
    this.received.push(event);
    return super.handle(event);
  }
}

interface View {
  id: number;
  conversation: string;
  authorId: string;
  html: string;
}

const BUTTON =
  /<button type="button" class="btn[^"]*" data-action="([^"]*)" data-value="([^"]*)">([^<]*)<\/button>/g;
const unescapeHtml = (value: string) =>
  value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

let database: TestDatabase;
let core: RecordingHearken;
let http: HttpServer;
let sandbox: AdapterHandle;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase();
  core = new RecordingHearken({ database, logger: silentLogger });
  http = new HttpServer();
  sandbox = await startSandbox({ core, database, http, logger: silentLogger });
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});

afterAll(async () => {
  await sandbox?.stop();
  await http?.close();
  await database?.destroy();
});

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A world with one fresh customer, known to the contract by the handle it passes (`ana`). */
async function startWorld(): Promise<ContractDriver> {
  const created = (await (
    await post('/sandbox/api/users', { name: 'Ana Contract', locale: 'en' })
  ).json()) as {
    userId: string;
  };
  const actorId = created.userId;
  const dm = `dm:${actorId}`;
  const firstEvent = core.received.length;
  let views: View[] = [];
  let lastDm: Record<string, unknown> | undefined;

  const refresh = async () => {
    const state = (await (await fetch(`${base}/sandbox/api/state`)).json()) as { messages: View[] };
    views = state.messages.filter((view) => view.conversation === dm);
  };
  const submit = async (body: Record<string, unknown>) => {
    await post('/sandbox/api/inbound', body);
    await refresh();
  };

  return {
    get received() {
      return core.received.slice(firstEvent).filter((event) => event.actor.userId === actorId);
    },
    async dm(_user, text) {
      lastDm = { id: randomUUID(), actorId, conversation: dm, kind: 'text', text };
      await submit(lastDm);
    },
    async redeliverLastDm() {
      if (lastDm) await submit(lastDm);
    },
    async echoOwnMessage(_user, text) {
      // The bot is no one on the page: a submission in its name is refused before the core.
      await submit({ id: randomUUID(), actorId: 'sandbox:bot', conversation: dm, kind: 'text', text });
    },
    async clickInLastDm(_user, label) {
      const last = views.filter((view) => view.authorId === 'sandbox:bot').at(-1);
      const button = [...(last?.html.matchAll(BUTTON) ?? [])].find(
        (match) => unescapeHtml(match[3] ?? '') === label,
      );
      if (!last || !button) throw new Error(`no button "${label}" in the last message`);
      await submit({
        id: randomUUID(),
        actorId,
        conversation: dm,
        kind: 'action',
        action: unescapeHtml(button[1] ?? ''),
        value: unescapeHtml(button[2] ?? ''),
        sourceId: last.id,
      });
    },
    botMessagesTo() {
      return views.filter((view) => view.authorId === 'sandbox:bot').length;
    },
    async close() {},
  };
}

adapterContract('sandbox', startWorld, { customer: 'ana' });
