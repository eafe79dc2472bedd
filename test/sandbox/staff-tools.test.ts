/**
 * Macros, auto-assignment, the staff mention and the customer lifecycle through the sandbox page's
 * HTTP API, on the real core: what a person trying Hearken in the sandbox sees.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CHANNELS, SANDBOX_TENANT, startSandbox } from '../../adapters/sandbox/index.js';
import { Hearken } from '../../src/core.js';
import { createHost } from '../../src/host.js';
import { HttpServer } from '../../src/http.js';
import { runAutoClose } from '../../src/jobs/index.js';
import { silentLogger } from '../../src/log.js';
import type { AdapterHandle } from '../../src/ports.js';
import { ManualClock } from '../support/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

interface View {
  id: number;
  conversation: string;
  authorId: string;
  html: string;
}

const STAFF = `channel:${SANDBOX_CHANNELS.staff}`;
const SAM = 'sandbox:demo:sam';
const HOUR = 3_600_000;

let database: TestDatabase;
let core: Hearken;
let http: HttpServer;
let sandbox: AdapterHandle;
let base: string;
const clock = new ManualClock('2026-11-23T10:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  core = new Hearken({ database, logger: silentLogger, clock });
  http = new HttpServer();
  sandbox = await startSandbox(createHost(core, http));
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});

afterAll(async () => {
  await sandbox?.stop();
  await core?.outbox.stop();
  await http?.close();
  await database?.destroy();
});

async function submit(body: Record<string, unknown>): Promise<{ formHtml?: string }> {
  const response = await fetch(`${base}/sandbox/api/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: randomUUID(), ...body }),
  });
  const answer = (await response.json()) as { formHtml?: string };
  // A DM goes through the inbox: wait until it is handled and its answer delivered.
  await core.inbox.idle();
  return answer;
}

async function views(conversation: string): Promise<View[]> {
  const state = (await (await fetch(`${base}/sandbox/api/state`)).json()) as { messages: View[] };
  return state.messages.filter((v) => v.conversation === conversation && v.authorId === 'sandbox:bot');
}

async function newCustomer(name: string, locale = 'en'): Promise<string> {
  const response = await fetch(`${base}/sandbox/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, locale }),
  });
  return ((await response.json()) as { userId: string }).userId;
}

const staffSays = (text: string) => submit({ actorId: SAM, conversation: STAFF, kind: 'text', text });

async function file(customer: string, description: string): Promise<void> {
  const opened = await submit({
    actorId: customer,
    conversation: `dm:${customer}`,
    kind: 'text',
    text: '/complain',
  });
  const formId = opened.formHtml?.match(/data-form-id="([^"]*)"/)?.[1];
  if (!formId) throw new Error('/complain opened no form');
  await submit({
    actorId: customer,
    conversation: `dm:${customer}`,
    kind: 'form',
    formId,
    values: { description, category: 'delivery', impact: 'normal', outcome: 'refund' },
  });
  await core.outbox.drain();
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('staff tools and the customer lifecycle in the sandbox', () => {
  it('a macro picked in the card’s Reply dialog reaches the customer with the placeholders filled; the new card mentions the team once', async () => {
    await staffSays('/ticket macro add sorry Sorry, {first_name}: {code} is with {assignee}.');
    const ana = await newCustomer('Ana Lima');
    await file(ana, 'The parcel came open and the mug inside is broken.');
    const card = (await views(STAFF)).find((v) => v.html.includes('The parcel came open'));
    const reply = card?.html.match(/data-action="ticket\.reply" data-value="([^"]*)"/)?.[1] ?? '';

    const opened = await submit({
      actorId: SAM,
      conversation: STAFF,
      kind: 'action',
      action: 'ticket.reply',
      value: reply,
      sourceId: card?.id,
    });
    await submit({
      actorId: SAM,
      conversation: STAFF,
      kind: 'form',
      formId: 'ticket.reply',
      context: reply,
      values: { macro: 'sorry', text: '' },
    });
    await core.outbox.drain();
    const dm = (await views(`dm:${ana}`)).at(-1);
    const cardNow = (await views(STAFF)).find((v) => v.id === card?.id);

    expect(card?.html).toContain('<p class="mention">@staff</p>');
    expect(opened.formHtml).toMatch(/<select[^>]*name="macro"/);
    expect(opened.formHtml).toContain('<option value="sorry"');
    expect(text(dm?.html ?? '')).toContain('Sorry, Ana: C-1001 is with Sam Lee.');
    expect(cardNow?.html).not.toContain('class="mention"');
  });

  it('a customer reply after resolution reopens the complaint; one waiting on the customer closes itself after the delay', async () => {
    const bea = await newCustomer('Bea');
    await file(bea, 'The courier left my parcel in the rain.');
    const code = text((await views(`dm:${bea}`)).at(-1)?.html ?? '').match(/C-\d+/)?.[0] ?? '';
    await staffSays(`/ticket resolve ${code} A new parcel is on its way.`);
    clock.advance(24 * HOUR);

    await submit({
      actorId: bea,
      conversation: `dm:${bea}`,
      kind: 'text',
      text: 'The new parcel was left in the rain again.',
    });
    const reopened = text((await views(`dm:${bea}`)).at(-1)?.html ?? '');
    await staffSays(`/ticket ask ${code} Was the box wet inside too?`);
    clock.advance(73 * HOUR);
    const closed = await runAutoClose(
      { hearken: core, database, clock, logger: silentLogger, instanceId: 'sandbox-test' },
      clock.now(),
    );
    await core.outbox.drain();
    const notice = text((await views(`dm:${bea}`)).at(-1)?.html ?? '');

    expect(reopened).toContain(`I have reopened ${code}`);
    expect(closed).toBe(1);
    expect(notice).toContain(
      `We have not heard back about ${code} for 3 days, so we have closed it for now.`,
    );
    expect((await core.tenantSettings(SANDBOX_TENANT))?.autoCloseMinutes).toBe(4320);
  });

  it('round robin shares new complaints between the two available staff, skipping the manager who is away', async () => {
    clock.set('2026-11-23T10:00:00Z');
    await core.configureTenant(SANDBOX_TENANT, 'sandbox', { assignmentMode: 'round_robin' });
    const chen = 'sandbox:demo:chen-jing';
    await submit({ actorId: chen, conversation: STAFF, kind: 'text', text: '/ticket back' });
    await staffSays('/ticket back');
    await submit({ actorId: 'sandbox:demo:morgan', conversation: STAFF, kind: 'text', text: '/ticket away' });

    const codes: string[] = [];
    for (const name of ['Cai', 'Dev', 'Eve']) {
      const who = await newCustomer(name);
      await file(who, `${name}: the parcel arrived without the charger.`);
      codes.push(text((await views(`dm:${who}`)).at(-1)?.html ?? '').match(/C-\d+/)?.[0] ?? '');
    }
    await core.outbox.drain();
    await core.configureTenant(SANDBOX_TENANT, 'sandbox', { assignmentMode: 'off' });
    const cards = await views(STAFF);
    const assigneeOf = (code: string) =>
      text(cards.find((v) => v.html.includes(`${code} ·`))?.html ?? '').match(/Assignee (\S+( Lee)?)/)?.[1];

    expect(codes.map(assigneeOf)).toEqual(['陈静', 'Sam Lee', '陈静']);
    expect(text((await views('dm:sandbox:demo:sam')).at(-1)?.html ?? '')).toContain(
      `A new complaint was given to you: ${codes[1]}`,
    );
    expect(await views('dm:sandbox:demo:morgan')).toEqual([]);
  });

  it('the same form sent twice joins the first; out of hours the customer hears when the team is back', async () => {
    clock.set('2026-11-28T14:00:00Z');
    await core.configureTenant(SANDBOX_TENANT, 'sandbox', {
      timeZone: 'UTC',
      businessHours: { weekly: { '1': [['09:00', '17:00']], '2': [['09:00', '17:00']] }, holidays: [] },
    });
    const fay = await newCustomer('Fay');

    await file(fay, 'The blender stopped working after two days.');
    const first = text((await views(`dm:${fay}`)).at(-1)?.html ?? '');
    await file(fay, 'The blender stopped working after two days.');
    const second = text((await views(`dm:${fay}`)).at(-1)?.html ?? '');
    await core.configureTenant(SANDBOX_TENANT, 'sandbox', { businessHours: null });

    const code = first.match(/C-\d+/)?.[0] ?? '';
    expect(first).toContain('Our team is away right now. They are back Mon, Nov 30, 09:00 UTC');
    expect(second).toContain(
      `You sent this a moment ago, so I have kept it on ${code} rather than opening a second complaint.`,
    );
  });
});
