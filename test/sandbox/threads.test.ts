/**
 * The sandbox on the real core: staff writing in a card's thread, relayed or kept as a note by
 * the tenant's `thread-replies`, and a note never reaching the customer's DM.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CHANNELS, startSandbox } from '../../adapters/sandbox/index.js';
import { Hearken } from '../../src/core.js';
import { HttpServer } from '../../src/http.js';
import { catalog } from '../../src/i18n/index.js';
import { silentLogger } from '../../src/log.js';
import type { AdapterHandle } from '../../src/ports.js';
import { type RecordingHost, recordingHost } from '../kit/host.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

interface View {
  id: number;
  conversation: string;
  authorId: string;
  html: string;
}

const SAM = 'sandbox:demo:sam';
const STAFF = `channel:${SANDBOX_CHANNELS.staff}`;

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
  await core?.outbox.stop();
  await http?.close();
  await database?.destroy();
});

/** What the sandbox's API answers: a form to show, a notice, or a new person's id. */
interface Answer {
  formHtml?: string;
  notice?: string;
  userId?: string;
}

async function post(path: string, body: unknown): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Answer;
}

const views = async () =>
  ((await (await fetch(`${base}/sandbox/api/state`)).json()) as { messages: View[] }).messages;
const say = (actorId: string, conversation: string, text: string) =>
  post('/sandbox/api/inbound', { id: randomUUID(), actorId, conversation, kind: 'text', text });

/** A new customer files a complaint with the form; returns them and their card in the staff channel. */
async function filed(name: string) {
  const { userId } = (await post('/sandbox/api/users', { name, locale: 'en' })) as { userId: string };
  const dm = `dm:${userId}`;
  const opened = await say(userId, dm, '/complain');
  const formId = String(opened.formHtml ?? '').match(/data-form-id="([^"]*)"/)?.[1] ?? '';
  const answer = await post('/sandbox/api/inbound', {
    id: randomUUID(),
    actorId: userId,
    conversation: dm,
    kind: 'form',
    formId,
    values: {
      description: `${name}: my parcel arrived crushed`,
      category: 'delivery',
      impact: 'normal',
      outcome: 'refund',
    },
  });
  expect(answer).not.toHaveProperty('error');
  await core.outbox.drain();
  const card = (await views()).find((v) => v.conversation === STAFF && v.html.includes(name));
  if (!card) throw new Error('no card');
  const botDms = async () =>
    (await views()).filter((v) => v.conversation === dm && v.authorId === 'sandbox:bot');
  return { userId, card, botDms };
}

describe('staff writing in a card thread in the sandbox', () => {
  it('internal (the default): kept as a note, the customer gets nothing, and the page says so', async () => {
    const { card, botDms } = await filed('Ana Internal');
    const before = (await botDms()).length;

    const result = await say(SAM, `thread:${card.id}`, 'Calling the courier now.');
    await core.outbox.drain();

    expect(result).toEqual({ notice: catalog('en').threads.reacted.kept });
    expect((await botDms()).length).toBe(before);
  });

  it('relay: the customer gets it, signed; a // note stays internal', async () => {
    const tenantId = host.received[0]?.actor.tenantId ?? '';
    await core.configureTenant(tenantId, 'sandbox', { threadReplies: 'relay' });
    const { card, botDms } = await filed('Bea Relay');
    const before = (await botDms()).length;

    const note = await say(SAM, `thread:${card.id}`, '// she is a regular, waive the fee');
    const relayed = await say(SAM, `thread:${card.id}`, 'A new parcel leaves today.');
    await core.outbox.drain();

    expect(note).toEqual({ notice: catalog('en').threads.reacted.kept });
    expect(relayed).toEqual({ notice: catalog('en').threads.reacted.relayed });
    const dms = (await botDms()).slice(before).map((v) => v.html);
    expect(dms).toHaveLength(1);
    expect(dms[0]).toContain('A new parcel leaves today.');
    expect(dms.join('\n')).not.toContain('waive the fee');
    await core.configureTenant(tenantId, 'sandbox', { threadReplies: 'internal' });
  });
});
