/**
 * The shared adapter contract (test/kit/shared-contract.ts), run for the sandbox: its "platform"
 * is the page's HTTP API, and the world is one running sandbox on the real core. Each contract
 * test gets a customer of its own, created the way the page creates one.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { SANDBOX_CHANNELS, startSandbox } from '../../adapters/sandbox/index.js';
import { Hearken } from '../../src/core.js';
import { HttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/log.js';
import type { AdapterHandle } from '../../src/ports.js';
import { type RecordingHost, recordingHost } from '../kit/host.js';
import { adapterContract, type ContractDriver } from '../kit/shared-contract.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

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

const STAFF_CONVERSATION = `channel:${SANDBOX_CHANNELS.staff}`;
/** A member of the demo workspace's staff team. */
const SAM = 'sandbox:demo:sam';

let database: TestDatabase;
let core: Hearken;
let host: RecordingHost;
let http: HttpServer;
let sandbox: AdapterHandle;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase();
  core = new Hearken({ database, logger: silentLogger });
  http = new HttpServer();
  host = recordingHost(core, http);
  sandbox = await startSandbox(host);
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});

afterAll(async () => {
  await sandbox?.stop();
  await core?.inbox.stop();
  await core?.outbox.stop();
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

async function state(): Promise<View[]> {
  return ((await (await fetch(`${base}/sandbox/api/state`)).json()) as { messages: View[] }).messages;
}

/** The buttons of a message, as the page finds them in its HTML. */
function buttonsOf(view: View): { action: string; value: string; label: string }[] {
  return [...view.html.matchAll(BUTTON)].map((match) => ({
    action: unescapeHtml(match[1] ?? ''),
    value: unescapeHtml(match[2] ?? ''),
    label: unescapeHtml(match[3] ?? ''),
  }));
}

/**
 * A world with one fresh customer, created the way the page creates one, whom the contract knows
 * by the id the page gave them; Sam is on the staff team.
 */
async function startWorld(): Promise<ContractDriver> {
  const created = (await (
    await post('/sandbox/api/users', { name: 'Ana Contract', locale: 'en' })
  ).json()) as {
    userId: string;
  };
  const customer = created.userId;
  const firstEvent = host.received.length;
  let lastDm: Record<string, unknown> | undefined;
  const dmOf = (user: string) => `dm:${user}`;
  const botViewsIn = async (conversation: string) =>
    (await state()).filter((view) => view.conversation === conversation && view.authorId === 'sandbox:bot');
  const submit = async (body: Record<string, unknown>) => {
    const answer = (await (await post('/sandbox/api/inbound', body)).json()) as { formHtml?: string };
    // A DM goes through the inbox: wait until it is handled and its answer delivered.
    await host.idle();
    return answer;
  };
  const click = async (user: string, conversation: string, view: View | undefined, label: string) => {
    const button = view && buttonsOf(view).find((b) => b.label === label);
    if (!view || !button) throw new Error(`no button "${label}" there`);
    await submit({
      id: randomUUID(),
      actorId: user,
      conversation,
      kind: 'action',
      action: button.action,
      value: button.value,
      sourceId: view.id,
    });
  };

  return {
    core,
    get port() {
      const port = host.port;
      if (!port) throw new Error('the sandbox registered no port');
      return port;
    },
    get received() {
      return host.received
        .slice(firstEvent)
        .filter((event) => event.actor.userId === customer || event.actor.userId === SAM);
    },
    people: { customer, staff: SAM },
    staffChannel: SANDBOX_CHANNELS.staff,
    async dm(user, text) {
      lastDm = { id: randomUUID(), actorId: user, conversation: dmOf(user), kind: 'text', text };
      await submit(lastDm);
    },
    async redeliverLastDm() {
      if (lastDm) await submit(lastDm);
    },
    async echoOwnMessage(user, text) {
      // The bot is no one on the page: a submission in its name is refused before the core.
      await submit({
        id: randomUUID(),
        actorId: 'sandbox:bot',
        conversation: dmOf(user),
        kind: 'text',
        text,
      });
    },
    async clickInLastDm(user, label) {
      await click(user, dmOf(user), (await botViewsIn(dmOf(user))).at(-1), label);
    },
    async fileComplaint(user, description) {
      const opened = await submit({
        id: randomUUID(),
        actorId: user,
        conversation: dmOf(user),
        kind: 'text',
        text: '/complain',
      });
      const formId = opened.formHtml?.match(/data-form-id="([^"]*)"/)?.[1];
      if (!formId) throw new Error('/complain opened no form');
      await submit({
        id: randomUUID(),
        actorId: user,
        conversation: dmOf(user),
        kind: 'form',
        formId: unescapeHtml(formId),
        values: { description, category: 'delivery', impact: 'normal', outcome: 'refund' },
      });
      await core.outbox.drain();
    },
    async clickOnCard(user, code, label) {
      const card = (await botViewsIn(STAFF_CONVERSATION)).find((view) => view.html.includes(code));
      await click(user, STAFF_CONVERSATION, card, label);
    },
    botMessagesTo: async (user) => (await botViewsIn(dmOf(user))).length,
    messagesInStaffChannel: async () => (await botViewsIn(STAFF_CONVERSATION)).length,
    async close() {},
  };
}

adapterContract('sandbox', startWorld);
