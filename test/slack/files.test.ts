/**
 * Files on Slack, both ways, through the strict fake: a customer's screenshot (captioned or not)
 * reaches the card's thread through the current upload API and stays on the timeline as a
 * reference; a program is refused kindly and never re-hosted.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { complaintEvents, complaints } from '../../db/schema.js';
import type { Body } from '../kit/slack-api.js';
import { dmMessage } from '../kit/slack-payloads.js';
import { PEOPLE, readable, type SlackWorld, STAFF_CHANNEL, slackWorldPerTest } from '../kit/slack-world.js';
import type { TestDatabase } from '../support/db.js';

let database: TestDatabase;
let w: SlackWorld;
const mei = PEOPLE.mei.id;
const PNG = Buffer.from('\x89PNG\r\n\x1a\n fake screenshot bytes', 'binary');

slackWorldPerTest((world, db) => {
  w = world;
  database = db;
});

/** The customer shares files in their DM, as Slack sends it: a `file_share` message. */
async function share(user: string, files: Body[], caption = ''): Promise<void> {
  const body = dmMessage(user, caption, { team: w.team });
  const event = body.event as Body;
  event.subtype = 'file_share';
  event.files = files;
  await w.deliverEvent(body);
  // The answer comes through the inbox and the outbox, as any DM's does.
  await w.settle();
}

async function fileComplaint(): Promise<void> {
  await w.dm(mei, 'My parcel never arrived and nobody answers my emails. This is ridiculous.');
  await w.dm(mei, 'a refund please');
  await w.dm(mei, 'yes that is right');
}

async function timelineFiles(): Promise<unknown[]> {
  const rows = await database.db
    .select({ data: complaintEvents.data, type: complaintEvents.type })
    .from(complaintEvents)
    .innerJoin(complaints, eq(complaints.id, complaintEvents.complaintId))
    .where(and(eq(complaints.tenantId, w.tenant), eq(complaintEvents.type, 'customer_file')));
  return rows.map((r) => r.data);
}

describe('a customer’s files on Slack', () => {
  it('an uncaptioned screenshot about an open complaint reaches the card’s thread and the timeline', async () => {
    await fileComplaint();
    await w.deliver();
    const [card] = w.cards();

    await share(mei, [w.slack.shareFile('screenshot.png', 'image/png', PNG)]);

    expect(readable(w.lastDm(mei).blocks)).toMatch(/attached your file to \*C-1001\*/);
    await w.deliver();
    const thread = w.slack.threadOf(STAFF_CHANNEL, card?.ts ?? '');
    expect(thread.map((m) => m.text).join('\n')).toMatch(/\(customer\) sent screenshot\.png/);
    const [uploaded] = w.slack.filesIn(STAFF_CHANNEL, card?.ts);
    expect(uploaded?.filename).toBe('screenshot.png');
    expect(uploaded?.data.equals(PNG)).toBe(true);
    expect(w.slack.callsTo('files.upload')).toHaveLength(0);
    const [kept] = await timelineFiles();
    expect(kept).toMatchObject({
      files: [{ name: 'screenshot.png', mimeType: 'image/png', size: PNG.length }],
    });
  });

  it('a screenshot sent mid-intake is acknowledged, and goes to the team with the complaint', async () => {
    await w.dm(mei, 'My parcel never arrived and nobody answers my emails. This is ridiculous.');

    await share(mei, [w.slack.shareFile('tracking.png', 'image/png', PNG)]);
    const said = readable(w.lastDm(mei).blocks);
    expect(
      w
        .dmsOf(mei)
        .map((m) => readable(m.blocks))
        .join('\n'),
    ).toContain('I have attached your file');
    expect(said).toContain('What would put this right for you?');

    await w.dm(mei, 'a refund please');
    await w.dm(mei, 'yes that is right');
    await w.deliver();
    const [card] = w.cards();
    expect(w.slack.filesIn(STAFF_CHANNEL, card?.ts).map((f) => f.filename)).toEqual(['tracking.png']);
  });

  it('a program is refused kindly, never downloaded or re-hosted', async () => {
    await fileComplaint();
    await w.deliver();

    await share(mei, [w.slack.shareFile('refund-form.exe', 'application/octet-stream', Buffer.from('MZ'))]);

    expect(readable(w.lastDm(mei).blocks)).toMatch(
      /could not accept refund-form\.exe.*screenshot, a photo or a PDF/s,
    );
    await w.deliver();
    expect(w.slack.files).toHaveLength(0);
    expect(await timelineFiles()).toHaveLength(0);
  });

  it('staff share a file in the card’s thread with !reply, and it reaches the customer’s DM', async () => {
    await fileComplaint();
    await w.deliver();
    const [card] = w.cards();
    const label = Buffer.from('%PDF-1.4 return label');
    const body = dmMessage(PEOPLE.ana.id, '!reply Here is your return label.', {
      team: w.team,
      channel: STAFF_CHANNEL,
    });
    Object.assign(body.event as Body, {
      subtype: 'file_share',
      channel_type: 'channel',
      thread_ts: card?.ts,
      files: [w.slack.shareFile('return-label.pdf', 'application/pdf', label)],
    });

    await w.deliverEvent(body);
    await w.adapter.idle();
    await w.deliver();

    const dm = w.slack.dmChannelOf(mei);
    expect(readable(w.lastDm(mei).blocks)).toContain('Here is your return label.');
    const [sent] = w.slack.filesIn(dm);
    expect(sent?.filename).toBe('return-label.pdf');
    expect(sent?.data.equals(label)).toBe(true);
  });

  it('a file in the card’s thread without !reply is not sent anywhere', async () => {
    await fileComplaint();
    await w.deliver();
    const [card] = w.cards();
    const body = dmMessage(PEOPLE.ana.id, 'internal: the courier photo', {
      team: w.team,
      channel: STAFF_CHANNEL,
    });
    Object.assign(body.event as Body, {
      subtype: 'file_share',
      channel_type: 'channel',
      thread_ts: card?.ts,
      files: [w.slack.shareFile('photo.jpg', 'image/jpeg', PNG)],
    });

    await w.deliverEvent(body);
    await w.adapter.idle();
    await w.deliver();

    expect(w.slack.files).toHaveLength(0);
  });
});
