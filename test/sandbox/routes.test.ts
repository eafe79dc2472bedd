import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Directory } from '../../adapters/sandbox/directory.js';
import { COMPOSER_MAX } from '../../adapters/sandbox/inbound.js';
import { SandboxPort } from '../../adapters/sandbox/port.js';
import { addSandboxRoutes, type SandboxRoutes } from '../../adapters/sandbox/routes.js';
import { SandboxStore } from '../../adapters/sandbox/store.js';
import { subcommandsOf } from '../../src/commands/spec.js';
import { HttpServer } from '../../src/http.js';
import { catalog } from '../../src/i18n/index.js';
import { replyKey, replyTarget } from '../../src/inbox/replies.js';
import type { Actor, InboundEvent, Reply } from '../../src/messages.js';
import type { CorePort } from '../../src/ports.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { MemoryAdapterState } from '../support/memory-state.js';

/** A core that records what it was handed and answers with the next queued reply. */
class RecordingCore implements CorePort {
  events: InboundEvent[] = [];
  replies: Reply[] = [];
  readonly adapterState = new MemoryAdapterState();
  /** Where accepted messages are answered, as the outbox would (set once the store exists). */
  port: SandboxPort | undefined;
  async handle(event: InboundEvent): Promise<Reply> {
    this.events.push(event);
    return this.replies.shift() ?? { messages: [], ephemeral: false };
  }
  /** Stands in for the inbox and the outbox: answered at once, through the port. */
  async accept(event: InboundEvent): Promise<'accepted'> {
    const reply = await this.handle(event);
    for (const [index, message] of reply.messages.entries())
      await this.port?.send(replyTarget(event), message, {
        idempotencyKey: replyKey(event, index),
        attempt: 1,
      });
    return 'accepted';
  }
  suggestedFor: Actor[] = [];
  async suggestCodes(actor: Actor, prefix: string): Promise<string[]> {
    this.suggestedFor.push(actor);
    return ['C-1001', 'C-1002', 'C-2001'].filter((code) => code.startsWith(prefix));
  }
}

const ANA = 'sandbox:demo:ana';
const SAM = 'sandbox:demo:sam';
const STAFF = 'channel:sandbox:channel:staff';

describe('sandbox routes', () => {
  let database: TestDatabase;
  let http: HttpServer;
  let base: string;
  let store: SandboxStore;
  let routes: SandboxRoutes;
  const core = new RecordingCore();
  let counter = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new SandboxStore(database);
    core.port = new SandboxPort(store);
    const directory = new Directory(store);
    await directory.seed();
    http = new HttpServer();
    routes = await addSandboxRoutes(http.app, { core, store, directory, logger: pino({ level: 'silent' }) });
    base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  });
  afterAll(async () => {
    routes.closeStreams();
    await http.close();
    await database.destroy();
  });
  beforeEach(() => {
    core.events = [];
    core.replies = [];
  });

  async function post(path: string, body: unknown) {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  function inbound(body: Record<string, unknown>) {
    counter += 1;
    return post('/sandbox/api/inbound', { id: `request-${String(counter).padStart(4, '0')}`, ...body });
  }

  it('serves the page with its three panes', async () => {
    const page = await (await fetch(`${base}/`)).text();

    expect(page).toContain('<h2 id="customer-heading">Customer</h2>');
    expect(page).toContain('<h2 id="staff-heading">Staff</h2>');
    expect(page).toContain('<h2 id="manager-heading">Manager</h2>');
  });

  it('hands a customer’s chat text to the core as a direct message and shows the reply there', async () => {
    core.replies.push({ messages: [{ text: 'Thank you for telling us.' }], ephemeral: false });

    const result = await inbound({
      actorId: ANA,
      conversation: `dm:${ANA}`,
      kind: 'text',
      text: 'My order is late',
    });

    expect(result.status).toBe(200);
    expect(core.events).toEqual([
      expect.objectContaining({
        kind: 'message',
        text: 'My order is late',
        place: { kind: 'dm' },
        actor: {
          platform: 'sandbox',
          tenantId: 'sandbox:demo',
          userId: ANA,
          displayName: 'Ana Souza',
          locale: 'en',
          roles: [],
        },
      }),
    ]);
    const dm = await store.conversation(`dm:${ANA}`);
    expect(dm.slice(-2).map((m) => [m.authorName, m.body.text])).toEqual([
      ['Ana Souza', 'My order is late'],
      ['Hearken', 'Thank you for telling us.'],
    ]);
  });

  it('turns a typed /complain into a command', async () => {
    await inbound({ actorId: ANA, conversation: `dm:${ANA}`, kind: 'text', text: '/complain status C-1001' });

    expect(core.events[0]).toMatchObject({ kind: 'command', command: 'complain', text: 'status C-1001' });
  });

  it('runs a staff command in the channel and shows the answer only to that staff member', async () => {
    core.replies.push({ messages: [{ text: 'No open complaints.' }], ephemeral: true });

    await inbound({ actorId: SAM, conversation: STAFF, kind: 'text', text: '/ticket list' });

    expect(core.events[0]).toMatchObject({
      kind: 'command',
      command: 'ticket',
      text: 'list',
      place: { kind: 'channel', channelId: 'sandbox:channel:staff' },
      actor: { roles: ['staff'] },
    });
    const [echo, answer] = (await store.conversation(STAFF)).slice(-2);
    expect(echo).toMatchObject({ command: true, visibleTo: SAM, body: { text: '/ticket list' } });
    expect(answer).toMatchObject({ fromBot: true, visibleTo: SAM, body: { text: 'No open complaints.' } });
  });

  it('hands over a mentioned colleague as an id with their name, as the platforms do', async () => {
    await inbound({ actorId: SAM, conversation: STAFF, kind: 'text', text: '/ticket assign C-1001 @陈静' });

    expect(core.events[0]).toMatchObject({
      kind: 'command',
      text: 'assign C-1001 sandbox:demo:chen-jing',
      mentions: { 'sandbox:demo:chen-jing': '陈静' },
    });
  });

  it('tells the core which card a command typed in its thread belongs to', async () => {
    const card = await new SandboxPort(store).send(
      { kind: 'channel', channelId: 'sandbox:channel:staff' },
      { text: 'C-1001' },
      { idempotencyKey: 'card-thread', attempt: 1 },
    );

    await inbound({
      actorId: SAM,
      conversation: `thread:${card.messageId}`,
      kind: 'text',
      text: '/ticket claim',
    });

    expect(core.events[0]?.place).toEqual({
      kind: 'channel',
      channelId: 'sandbox:channel:staff',
      threadOf: card.messageId,
    });
  });

  it('hands words typed in a card thread to the core, shows them in the thread, and says what became of them', async () => {
    const card = await new SandboxPort(store).send(
      { kind: 'channel', channelId: 'sandbox:channel:staff' },
      { text: 'C-1001' },
      { idempotencyKey: 'card-thread-words', attempt: 1 },
    );
    core.replies.push({ messages: [], ephemeral: true, react: 'kept' });

    const result = await inbound({
      actorId: SAM,
      conversation: `thread:${card.messageId}`,
      kind: 'text',
      text: 'Checking with the warehouse.',
    });

    expect(core.events[0]).toMatchObject({
      kind: 'message',
      text: 'Checking with the warehouse.',
      place: { kind: 'channel', channelId: 'sandbox:channel:staff', threadOf: card.messageId },
    });
    expect(result.body).toEqual({ notice: catalog('en').threads.reacted.kept });
    const shown = (await store.all()).find((m) =>
      JSON.stringify(m.body).includes('Checking with the warehouse.'),
    );
    expect(shown?.visibleTo ?? null).toBeNull();
  });

  it('answers nothing for a delivery the core dropped as a duplicate', async () => {
    core.replies.push({ messages: [{ text: 'should not show' }], ephemeral: false, duplicate: true });

    // A command takes the direct path (a DM's words go to the inbox, whose key drops a repeat).
    const result = await inbound({
      actorId: ANA,
      conversation: `dm:${ANA}`,
      kind: 'text',
      text: '/complain status',
    });

    expect(result.body).toEqual({});
    expect((await store.all()).some((m) => JSON.stringify(m.body).includes('should not show'))).toBe(false);
  });

  it('explains, without bothering the core, that plain text in the staff channel reaches no one', async () => {
    const result = await inbound({ actorId: SAM, conversation: STAFF, kind: 'text', text: 'hello team' });

    expect(result.body).toEqual({ notice: catalog('en').sandbox.channelNeedsCommand });
    expect(core.events).toEqual([]);
  });

  it('passes a button click with its message and replaces that message when asked', async () => {
    const card = await new SandboxPort(store).send(
      { kind: 'channel', channelId: 'sandbox:channel:staff' },
      { text: 'C-1002', buttons: [{ action: 'ticket.claim', value: 'c2', label: 'Claim' }] },
      { idempotencyKey: 'card-click', attempt: 1 },
    );
    core.replies.push({ messages: [], replaceSource: { text: 'C-1002 claimed by Sam' }, ephemeral: true });

    await inbound({
      actorId: SAM,
      conversation: STAFF,
      kind: 'action',
      action: 'ticket.claim',
      value: 'c2',
      sourceId: Number(card.messageId),
    });

    expect(core.events[0]).toMatchObject({
      kind: 'action',
      action: 'ticket.claim',
      value: 'c2',
      source: card,
    });
    expect((await store.get(Number(card.messageId)))?.body).toEqual({ text: 'C-1002 claimed by Sam' });
  });

  it('does not pass on a clicked message the person cannot see from where they are', async () => {
    const elsewhere = await new SandboxPort(store).send(
      { kind: 'user', userId: ANA },
      { text: 'private', buttons: [{ action: 'survey.rate', value: '5', label: '5' }] },
      { idempotencyKey: 'dm-source', attempt: 1 },
    );

    await inbound({
      actorId: SAM,
      conversation: STAFF,
      kind: 'action',
      action: 'survey.rate',
      value: '5',
      sourceId: Number(elsewhere.messageId),
    });

    expect(core.events[0]).not.toHaveProperty('source');
  });

  it('opens the form the core asks for and sends its answers back with the context', async () => {
    core.replies.push({
      messages: [],
      ephemeral: true,
      form: {
        id: 'ticket.reply',
        title: 'Reply',
        submitLabel: 'Send',
        context: 'c2',
        fields: [{ id: 'text', label: 'Message', kind: 'paragraph', required: true }],
      },
    });

    const opened = await inbound({
      actorId: SAM,
      conversation: STAFF,
      kind: 'action',
      action: 'ticket.reply',
      value: 'c2',
    });
    await inbound({
      actorId: SAM,
      conversation: STAFF,
      kind: 'form',
      formId: 'ticket.reply',
      context: 'c2',
      values: { text: 'We are sending a new one today.' },
    });

    expect(opened.body.formHtml).toContain('data-form-id="ticket.reply"');
    expect(core.events[1]).toMatchObject({
      kind: 'form',
      formId: 'ticket.reply',
      context: 'c2',
      values: { text: 'We are sending a new one today.' },
    });
  });

  it('does not let one person write in another person’s direct messages', async () => {
    const result = await inbound({ actorId: SAM, conversation: `dm:${ANA}`, kind: 'text', text: 'hi' });

    expect(result.body).toEqual({ notice: catalog('en').sandbox.notYourConversation });
    expect(core.events).toEqual([]);
  });

  it('rejects a request it cannot read', async () => {
    const result = await inbound({ actorId: ANA, conversation: 'elsewhere', kind: 'text', text: 'x' });

    expect(result.status).toBe(400);
  });

  it('takes a 20,000-character complaint whole', async () => {
    const long = 'The parcel was broken. '.repeat(900).trim();

    const result = await inbound({ actorId: ANA, conversation: `dm:${ANA}`, kind: 'text', text: long });

    expect(long.length).toBeGreaterThan(20_000);
    expect(result.status).toBe(200);
    expect(core.events.map((e) => (e.kind === 'message' ? e.text : ''))).toEqual([long]);
  });

  it('refuses a message over the composer limit whole, naming the limit in the writer’s language', async () => {
    const long = 'x'.repeat(COMPOSER_MAX + 1);
    const english = await inbound({ actorId: ANA, conversation: `dm:${ANA}`, kind: 'text', text: long });
    const chinese = await inbound({
      actorId: 'sandbox:demo:wang-fang',
      conversation: 'dm:sandbox:demo:wang-fang',
      kind: 'text',
      text: long,
    });

    expect(english.status).toBe(413);
    expect(english.body.error).toBe(catalog('en').errors.tooLong(COMPOSER_MAX));
    expect(String(english.body.error)).toContain('40,000');
    expect(chinese.body.error).toBe(catalog('zh-CN').errors.tooLong(COMPOSER_MAX));
    expect(core.events).toEqual([]);
    expect((await store.all()).some((m) => JSON.stringify(m.body).includes(long))).toBe(false);
  });

  it('answers an empty or blank message kindly, in the writer’s language, and sends nothing to the core', async () => {
    const english = await inbound({ actorId: ANA, conversation: `dm:${ANA}`, kind: 'text', text: '   ' });
    const chinese = await inbound({
      actorId: 'sandbox:demo:wang-fang',
      conversation: 'dm:sandbox:demo:wang-fang',
      kind: 'text',
      text: '',
    });

    expect(english.status).toBe(400);
    expect(english.body.error).toBe(catalog('en').errors.empty);
    expect(chinese.body.error).toBe(catalog('zh-CN').errors.empty);
    const staff = await inbound({ actorId: SAM, conversation: STAFF, kind: 'text', text: ' ' });
    expect(staff.body.error).toBe(catalog('en').sandbox.channelNeedsCommand);
    expect(core.events).toEqual([]);
  });

  it('asks the core for code suggestions as the person typing, and for no unknown person', async () => {
    const codes = async (actorId: string) =>
      (await (await fetch(`${base}/sandbox/api/codes?actorId=${actorId}&prefix=C-10`)).json()) as {
        codes: string[];
      };

    const forStaff = await codes(SAM);
    const forStranger = await codes('sandbox:demo:nobody');

    expect(forStaff).toEqual({ codes: ['C-1001', 'C-1002'] });
    expect(forStranger).toEqual({ codes: [] });
    expect(core.suggestedFor.map((a) => [a.userId, a.roles.length > 0])).toEqual([[SAM, true]]);
  });

  it('offers every staff and admin subcommand of the command spec, and says which take a code next', async () => {
    const { commands } = (await (await fetch(`${base}/sandbox/api/commands`)).json()) as {
      commands: { text: string; code: boolean }[];
    };

    for (const command of ['ticket', 'hearken'] as const) {
      for (const [name] of subcommandsOf(command).filter(([sub]) => sub !== 'help')) {
        expect(commands.map((c) => c.text.trim())).toContainEqual(
          expect.stringMatching(`^/${command} ${name}`),
        );
      }
    }
    expect(commands).toContainEqual({ text: '/ticket claim ', code: true });
    expect(commands).toContainEqual({ text: '/hearken forget ', code: true });
    expect(commands).toContainEqual({ text: '/ticket list breaching', code: false });
    expect(commands).toContainEqual({ text: '/hearken digest now', code: false });
    expect(commands.some((c) => c.text.startsWith('/complain'))).toBe(false);
  });

  it('creates a simulated customer with a name and a language', async () => {
    const created = await post('/sandbox/api/users', { name: 'Li Lei', locale: 'zh-CN' });
    const state = (await (await fetch(`${base}/sandbox/api/state`)).json()) as { users: { name: string }[] };

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Li Lei', locale: 'zh-CN', role: 'customer' });
    expect(state.users.map((u) => u.name)).toContain('Li Lei');
  });

  it('pushes a new message to an open page over the live stream', async () => {
    const abort = new AbortController();
    const response = await fetch(`${base}/sandbox/api/stream`, { signal: abort.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const readUntil = async (needle: string) => {
      while (!received.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value;
      }
    };
    await readUntil('event: ready');

    await new SandboxPort(store).send(
      { kind: 'channel', channelId: 'sandbox:channel:managers' },
      { text: 'Escalated: C-1003' },
      { idempotencyKey: 'stream-1', attempt: 1 },
    );
    await readUntil('Escalated: C-1003');
    abort.abort();

    expect(received).toContain('event: message');
    expect(received).toContain('"conversation":"channel:sandbox:channel:managers"');
  });
});
