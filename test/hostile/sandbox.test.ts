/**
 * The sandbox's HTTP entry points under hostile input: broken JSON, wrong types, invalid UTF-8,
 * oversize bodies, forged people and other people's conversations. The server answers every one
 * with a 2xx or 4xx, keeps working, and shows no one another customer's words.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../adapters/sandbox/index.js';
import { Hearken } from '../../src/core.js';
import { createHost } from '../../src/host.js';
import { HttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/log.js';
import type { AdapterHandle } from '../../src/ports.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { HOSTILE_TEXT, INVALID_UTF8, jsonWithBytes, prototypeIsClean, WRONG_TYPES } from './corpus.js';

const ANA = 'sandbox:demo:ana';
const WANG = 'sandbox:demo:wang-fang';
const SECRET_STORY = 'My neighbour Zebedee-4471 stole my parcel';

let database: TestDatabase;
let http: HttpServer;
let adapter: AdapterHandle;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const core = new Hearken({ database, logger: silentLogger });
  http = new HttpServer();
  adapter = await startSandbox(createHost(core, http));
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await adapter.stop();
  await http.close();
  await database.destroy();
});

async function raw(body: string | Buffer, contentType = 'application/json'): Promise<number> {
  const response = await fetch(`${base}/sandbox/api/inbound`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

const inbound = (body: Record<string, unknown>) => raw(JSON.stringify({ id: randomUUID(), ...body }));

async function dmOf(actorId: string): Promise<string> {
  const state = (await (await fetch(`${base}/sandbox/api/state`)).json()) as {
    messages: { conversation: string; html: string }[];
  };
  return state.messages
    .filter((m) => m.conversation === `dm:${actorId}`)
    .map((m) => m.html)
    .join('\n');
}

describe('the sandbox HTTP routes under hostile input', () => {
  it('answers broken JSON, wrong types and invalid UTF-8 with 4xx, never 5xx', async () => {
    const statuses: number[] = [];
    for (const body of ['', '{', 'null', '[]', '"x"', '{"kind":"text"}', '\u0000'.repeat(10)])
      statuses.push(await raw(body));
    statuses.push(await raw('kind=text&text=hi', 'application/x-www-form-urlencoded'));
    for (const value of WRONG_TYPES) {
      for (const field of [
        'id',
        'actorId',
        'conversation',
        'kind',
        'text',
        'action',
        'value',
        'values',
        'sourceId',
      ])
        statuses.push(
          await raw(
            JSON.stringify({
              id: randomUUID(),
              kind: 'text',
              actorId: ANA,
              conversation: `dm:${ANA}`,
              text: 'hi',
              [field]: value,
            }),
          ),
        );
    }
    for (const bytes of INVALID_UTF8)
      statuses.push(
        await raw(
          jsonWithBytes(
            `{"id":"${randomUUID()}","kind":"text","actorId":"${ANA}","conversation":"dm:${ANA}","text":"a`,
            bytes,
            'b"}',
          ),
        ),
      );

    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(prototypeIsClean()).toBe(true);
  });

  it('takes every hostile text in a DM without a 5xx and keeps answering', async () => {
    const statuses: number[] = [];
    for (const text of HOSTILE_TEXT)
      statuses.push(await inbound({ kind: 'text', actorId: ANA, conversation: `dm:${ANA}`, text }));
    for (const text of HOSTILE_TEXT.slice(0, 6))
      statuses.push(
        await inbound({
          kind: 'form',
          actorId: ANA,
          conversation: `dm:${ANA}`,
          formId: 'intake.form',
          values: { description: text, category: text, impact: text, outcome: text },
        }),
        await inbound({
          kind: 'action',
          actorId: ANA,
          conversation: `dm:${ANA}`,
          action: text.slice(0, 40),
          value: text.slice(0, 200),
        }),
      );
    const health = await fetch(`${base}/sandbox/api/state`);

    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(health.status).toBe(200);
    expect(await dmOf(ANA)).not.toContain('<script>');
    expect(prototypeIsClean()).toBe(true);
  });

  it('a forged person or someone else’s DM reaches nobody, and Wang never sees Ana’s words', async () => {
    await inbound({ kind: 'text', actorId: ANA, conversation: `dm:${ANA}`, text: SECRET_STORY });
    const forged = [
      await inbound({
        kind: 'text',
        actorId: 'sandbox:demo:nobody',
        conversation: 'dm:sandbox:demo:nobody',
        text: 'hi',
      }),
      await inbound({ kind: 'text', actorId: 'slack:T1:U1', conversation: 'dm:slack:T1:U1', text: 'hi' }),
      await inbound({ kind: 'text', actorId: WANG, conversation: `dm:${ANA}`, text: 'let me read Ana' }),
      await inbound({ kind: 'text', actorId: WANG, conversation: 'thread:999999999', text: 'a thread' }),
      await inbound({
        kind: 'action',
        actorId: WANG,
        conversation: `dm:${ANA}`,
        action: 'intake.confirm',
        value: 'yes',
      }),
      await inbound({
        kind: 'text',
        actorId: WANG,
        conversation: `dm:${WANG}`,
        text: '/complain status C-1001',
      }),
    ];

    expect(forged.filter((s) => s >= 500)).toEqual([]);
    expect(await dmOf(WANG)).not.toContain('Zebedee-4471');
    expect(await dmOf(ANA)).not.toContain('let me read Ana');
  });

  it('refuses a new person with a name of the wrong type or size', async () => {
    const statuses: number[] = [];
    for (const name of [...WRONG_TYPES, '', 'x'.repeat(61)]) {
      const response = await fetch(`${base}/sandbox/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, locale: 'en' }),
      });
      statuses.push(response.status);
    }
    expect(statuses.every((s) => s === 400)).toBe(true);
  });
});
