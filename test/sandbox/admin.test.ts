/**
 * Issue 14 in the sandbox, on the real core through the page's HTTP API: Morgan (the demo
 * workspace's manager, an admin) sets the policy from chat; Sam pages through the queue and says
 * why he escalates; the digest finds Morgan when no manager channel is set.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CHANNELS, startSandbox } from '../../adapters/sandbox/index.js';
import { complaintEvents, complaints } from '../../db/schema.js';
import { Hearken } from '../../src/core.js';
import { HttpServer } from '../../src/http.js';
import { runDigests } from '../../src/jobs/index.js';
import { silentLogger } from '../../src/log.js';
import type { AdapterHandle } from '../../src/ports.js';
import { seedComplaint } from '../jobs/support.js';
import { recordingHost } from '../kit/host.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const TENANT = 'sandbox:demo';
const STAFF = `channel:${SANDBOX_CHANNELS.staff}`;
const SAM = 'sandbox:demo:sam';
const MORGAN = 'sandbox:demo:morgan';
const ANA = 'sandbox:demo:ana';

interface View {
  id: number;
  conversation: string;
  authorId: string;
  html: string;
}

let database: TestDatabase;
let core: Hearken;
let http: HttpServer;
let sandbox: AdapterHandle;
let base: string;

beforeEach(async () => {
  database = await createTestDatabase();
  core = new Hearken({ database, logger: silentLogger });
  http = new HttpServer();
  sandbox = await startSandbox(recordingHost(core, http));
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterEach(async () => {
  await sandbox.stop();
  await core.inbox.stop();
  await core.outbox.stop();
  await http.close();
  await database.destroy();
});

const unescapeHtml = (value: string) =>
  value
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

async function send(body: Record<string, unknown>): Promise<{ formHtml?: string }> {
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

const type = (actorId: string, conversation: string, text: string) =>
  send({ actorId, conversation, kind: 'text', text });

async function views(conversation: string): Promise<View[]> {
  const state = (await (await fetch(`${base}/sandbox/api/state`)).json()) as { messages: View[] };
  return state.messages.filter((v) => v.conversation === conversation && v.authorId === 'sandbox:bot');
}

/** What the bot last showed in a conversation, as a person reads it. */
async function lastSaid(conversation: string): Promise<View & { text: string }> {
  const last = (await views(conversation)).at(-1);
  if (!last) throw new Error(`the bot said nothing in ${conversation}`);
  return { ...last, text: unescapeHtml(last.html) };
}

function button(view: View, label: string): { action: string; value: string } {
  const found = [...view.html.matchAll(/data-action="([^"]*)" data-value="([^"]*)">([^<]*)<\/button>/g)].find(
    (m) => m[3] === label,
  );
  if (!found) throw new Error(`no ${label} button`);
  return { action: found[1] ?? '', value: unescapeHtml(found[2] ?? '').trim() };
}

describe('the sandbox, issue 14', () => {
  it('an admin sets holidays and SLA targets from chat and reads old and new values', async () => {
    await type(MORGAN, STAFF, '/hearken settings holidays add 2026-12-24..2026-12-26 sla low 1d 10d');

    const said = await lastSaid(STAFF);
    expect(said.text).toContain('holidays is now 2026-12-24..2026-12-26 (was none)');
    expect(said.text).toContain('low 1d/10d');
    expect((await core.tenantSettings(TENANT))?.businessHours?.holidays).toHaveLength(3);
  });

  it('an invalid SLA target gets the accepted form, and staff who are not admins are refused', async () => {
    await type(MORGAN, STAFF, '/hearken settings sla urgent fast 1d');
    expect((await lastSaid(STAFF)).text).toContain('such as sla urgent 1h 24h');

    await type(SAM, STAFF, '/hearken settings sla urgent 2h 1d');
    expect((await lastSaid(STAFF)).text).toContain('Only workspace admins');
    expect((await core.tenantSettings(TENANT))?.slaPolicy).toBeNull();
  });

  it('/ticket list counts the whole queue, and Next turns the page in place', async () => {
    const at = new Date('2026-03-02T08:00:00Z');
    for (let i = 0; i < 42; i++)
      await seedComplaint(database, { tenantId: TENANT, createdAt: new Date(at.getTime() + i * 60_000) });

    await type(SAM, STAFF, '/ticket list');
    const list = await lastSaid(STAFF);
    expect(list.text).toContain('Open complaints: 42');
    expect(list.text).toContain('1–20 of 42 (page 1 of 3)');

    await send({
      actorId: SAM,
      conversation: STAFF,
      kind: 'action',
      ...button(list, 'Next'),
      sourceId: list.id,
    });
    const turned = (await views(STAFF)).find((v) => v.id === list.id);
    expect(unescapeHtml(turned?.html ?? '')).toContain('21–40 of 42 (page 2 of 3)');

    await type(SAM, STAFF, '/ticket list page 3');
    const last = await lastSaid(STAFF);
    expect(last.text).toContain('41–42 of 42 (page 3 of 3)');
    expect(last.text.match(/Parcel arrived damaged/g)).toHaveLength(2);
  });

  it('the card’s Escalate opens a form, and the reason is on the timeline', async () => {
    const opened = await type(ANA, `dm:${ANA}`, '/complain');
    const formId = opened.formHtml?.match(/data-form-id="([^"]*)"/)?.[1] ?? '';
    await send({
      actorId: ANA,
      conversation: `dm:${ANA}`,
      kind: 'form',
      formId,
      values: {
        description: 'The courier threw my parcel over the fence.',
        category: 'delivery',
        impact: 'normal',
        outcome: 'apology',
      },
    });
    await core.outbox.drain();
    const card = (await views(STAFF)).at(-1);
    if (!card) throw new Error('no card');

    const form = await send({
      actorId: SAM,
      conversation: STAFF,
      kind: 'action',
      ...button(card, 'Escalate'),
      sourceId: card.id,
    });
    expect(form.formHtml).toContain('data-form-id="ticket.escalate"');
    const context = form.formHtml?.match(/data-context="([^"]*)"/)?.[1] ?? '';
    await send({
      actorId: SAM,
      conversation: STAFF,
      kind: 'form',
      formId: 'ticket.escalate',
      context,
      values: { text: 'Fence again' },
    });

    const [event] = await database.db
      .select({ body: complaintEvents.body })
      .from(complaintEvents)
      .innerJoin(complaints, eq(complaints.id, complaintEvents.complaintId))
      .where(and(eq(complaints.tenantId, TENANT), eq(complaintEvents.type, 'escalated')));
    expect(event?.body).toBe('Fence again');
  });

  it('without a manager channel the digest goes to the admin’s DMs, saying how to set one', async () => {
    await core.configureTenant(TENANT, 'sandbox', { managerChannelId: null });
    await type(MORGAN, STAFF, '/hearken settings');
    const tomorrow = new Date(Date.now() + 86_400_000);
    const nineThirty = new Date(`${tomorrow.toISOString().slice(0, 10)}T09:30:00Z`);

    await runDigests(
      { hearken: core, database, clock: { now: () => nineThirty }, logger: silentLogger, instanceId: 'a' },
      nineThirty,
    );
    await core.outbox.drain();

    expect((await lastSaid(`dm:${MORGAN}`)).text).toContain('/hearken setup manager=#channel');
    expect(await views(`channel:${SANDBOX_CHANNELS.managers}`)).toEqual([]);
  });

  it('Morgan blocks Ana by name: Ana is told once, and nothing of hers reaches the staff channel', async () => {
    const staffBefore = (await views(STAFF)).length;

    await type(MORGAN, STAFF, '/hearken block @Ana Souza');
    expect((await lastSaid(STAFF)).text).toContain('Blocked Ana Souza');
    await type(ANA, `dm:${ANA}`, 'Your courier threw my parcel over the fence and it broke');
    await type(ANA, `dm:${ANA}`, 'Hello?');
    await core.outbox.drain();

    const toAna = await views(`dm:${ANA}`);
    expect(toAna).toHaveLength(1);
    expect(unescapeHtml(toAna[0]?.html ?? '')).toContain('cannot pass on your messages');
    expect(await views(STAFF)).toHaveLength(staffBefore + 1);

    await type(MORGAN, STAFF, '/hearken unblock @Ana Souza');
    expect((await lastSaid(STAFF)).text).toContain('Unblocked Ana Souza');
  });
});
