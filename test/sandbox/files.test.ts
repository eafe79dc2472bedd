/**
 * Files in the sandbox, which is its own file host: a customer's screenshot without a caption
 * reaches the card's thread (as a link the sandbox serves) and the timeline; a program is refused
 * kindly and never stored; `/hearken export` arrives as a download link; a staff member’s file
 * attached to `/ticket reply` reaches the customer.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CHANNELS, SANDBOX_TENANT, startSandbox } from '../../adapters/sandbox/index.js';
import { complaintEvents, complaints, sandboxFiles } from '../../db/schema.js';
import { Hearken } from '../../src/core.js';
import { createHost } from '../../src/host.js';
import { HttpServer } from '../../src/http.js';
import { silentLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { unzip } from '../support/unzip.js';

const ANA = `${SANDBOX_TENANT}:ana`;
const MORGAN = `${SANDBOX_TENANT}:morgan`;
const PNG = Buffer.from('\x89PNG\r\n\x1a\n fake screenshot bytes', 'binary');

interface View {
  id: number;
  conversation: string;
  authorId: string;
  html: string;
}

describe('files in the sandbox', () => {
  let database: TestDatabase;
  let core: Hearken;
  let http: HttpServer;
  let stop: () => Promise<void>;
  let base: string;
  let counter = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    core = new Hearken({ database, logger: silentLogger });
    http = new HttpServer();
    const adapter = await startSandbox(createHost(core, http));
    base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    stop = async () => {
      await adapter.stop();
      await core.inbox.stop();
      await core.outbox.stop();
      await http.close();
    };
  });
  afterAll(async () => {
    await stop();
    await database.destroy();
  });

  async function send(actorId: string, conversation: string, body: Record<string, unknown>) {
    counter += 1;
    const response = await fetch(`${base}/sandbox/api/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: `files-${String(counter).padStart(4, '0')}`,
        actorId,
        conversation,
        ...body,
      }),
    });
    expect(response.status).toBe(200);
    // A DM goes through the inbox: wait until it is handled and its answer delivered.
    await core.inbox.idle();
  }
  const say = (text: string) => send(ANA, `dm:${ANA}`, { kind: 'text', text });
  const attach = (name: string, contentType: string, data: Buffer, text = '') =>
    send(ANA, `dm:${ANA}`, {
      kind: 'text',
      text,
      files: [{ name, contentType, base64: data.toString('base64') }],
    });

  async function messages(): Promise<View[]> {
    const state = (await (await fetch(`${base}/sandbox/api/state`)).json()) as { messages: View[] };
    return state.messages;
  }
  const dm = async () => (await messages()).filter((m) => m.conversation === `dm:${ANA}`);
  const links = (html: string) =>
    [...html.matchAll(/(?:href|src)="(\/sandbox\/files\/[^"]+)"/g)].map((m) => m[1] ?? '');

  it('a screenshot without a caption, mid-intake, reaches the card’s thread and the timeline', async () => {
    await say('My parcel never arrived and nobody answers my emails. This is ridiculous.');
    await attach('screenshot.png', 'image/png', PNG);
    expect((await dm()).map((m) => m.html).join('\n')).toContain('I have attached your file');
    await say('a refund please');
    await say('yes that is right');
    await core.outbox.drain();

    const all = await messages();
    const card = all.find((m) => m.conversation === `channel:${SANDBOX_CHANNELS.staff}`);
    const thread = all.filter((m) => m.conversation === `thread:${card?.id}`);
    const posted = thread.find((m) => m.html.includes('screenshot.png'));
    const [link] = links(posted?.html ?? '');
    const served = await fetch(`${base}${link}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    const [event] = await database.db
      .select({ data: complaintEvents.data })
      .from(complaintEvents)
      .innerJoin(complaints, eq(complaints.id, complaintEvents.complaintId))
      .where(and(eq(complaints.tenantId, SANDBOX_TENANT), eq(complaintEvents.type, 'customer_file')));
    expect(event?.data).toMatchObject({ files: [{ name: 'screenshot.png', size: PNG.length }] });
  });

  it('a program is refused kindly and never stored', async () => {
    const before = (await database.db.select({ id: sandboxFiles.id }).from(sandboxFiles)).length;

    await attach('invoice.pdf.exe', 'application/x-msdownload', Buffer.from('MZ'));

    expect((await dm()).at(-1)?.html).toMatch(/could not accept invoice\.pdf\.exe/);
    expect((await database.db.select({ id: sandboxFiles.id }).from(sandboxFiles)).length).toBe(before);
  });

  it('/hearken export arrives as a download link the sandbox serves', async () => {
    await send(MORGAN, `channel:${SANDBOX_CHANNELS.staff}`, { kind: 'text', text: '/hearken export' });

    const answer = (await messages()).filter((m) => m.html.includes('Here is the export')).at(-1);
    const [link] = links(answer?.html ?? '');
    const served = await fetch(`${base}${link}`);
    expect(served.headers.get('content-disposition')).toMatch(
      /^attachment; filename\*=UTF-8''hearken-export-/,
    );
    const entries = unzip(Buffer.from(await served.arrayBuffer()));
    expect(entries.map((e) => e.name)).toContain('transcripts/C-1001.html');
    expect(entries.find((e) => e.name === 'transcripts/C-1001.html')?.data.toString()).toContain(
      'sent screenshot.png',
    );
  });

  it('a staff member’s file attached to /ticket reply reaches the customer as a download', async () => {
    const label = Buffer.from('%PDF-1.4 return label');
    await send(`${SANDBOX_TENANT}:sam`, `channel:${SANDBOX_CHANNELS.staff}`, {
      kind: 'text',
      text: '/ticket reply C-1001 Here is your return label.',
      files: [{ name: 'return-label.pdf', contentType: 'application/pdf', base64: label.toString('base64') }],
    });
    await core.outbox.drain();

    const relayed = (await dm()).find((m) => m.html.includes('Here is your return label.'));
    const [link] = links(relayed?.html ?? '');
    const served = await fetch(`${base}${link}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(label)).toBe(true);
    expect(served.headers.get('content-type')).toBe('application/octet-stream');
  });
});
