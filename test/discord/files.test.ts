/**
 * Files on Discord, through the strict fake: a customer's screenshot (no caption) is re-posted as
 * an attachment in the card's thread, fetched from the CDN, and stays on the timeline as a
 * reference; a program is refused kindly and never fetched or re-posted.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, test } from 'vitest';
import { complaintEvents, complaints } from '../../db/schema.js';
import { fileComplaint, type Story, storyPerTest, visibleText } from '../kit/discord-harness.js';
import { waitFor } from '../kit/discord-world.js';

const PNG = Buffer.from('\x89PNG\r\n\x1a\n fake screenshot bytes', 'binary');

describe('a customer’s files on Discord', () => {
  const current = storyPerTest();
  let story: Story;
  beforeEach(() => {
    story = current();
  });

  async function customerFiles(): Promise<unknown[]> {
    const rows = await story.database.db
      .select({ data: complaintEvents.data })
      .from(complaintEvents)
      .innerJoin(complaints, eq(complaints.id, complaintEvents.complaintId))
      .where(
        and(
          eq(complaints.tenantId, `discord:${story.world.acme.id}`),
          eq(complaintEvents.type, 'customer_file'),
        ),
      );
    return rows.map((r) => r.data);
  }

  test('an uncaptioned screenshot reaches the card’s thread as an attachment, and the timeline', async () => {
    const { fake, world } = story;
    const ana = world.users.ana;
    const { code, card } = await fileComplaint(story, ana);
    const before = fake.messagesIn(fake.dmChannel(ana).id).length;

    fake.dm(ana, '', [fake.attachment('screenshot.png', 'image/png', PNG)]);
    const [answer] = await story.dmsTo(ana, before + 1).then((dms) => dms.slice(before));
    await story.deliver();
    const posted = await waitFor(
      () =>
        fake.calls.find(
          (c) => c.method === 'POST' && c.path === `/channels/${card.id}/messages` && c.files.length > 0,
        ),
      'the screenshot in the thread',
    );

    expect(answer && visibleText(answer)).toMatch(new RegExp(`attached your file to \\**${code}`));
    expect(posted.files).toEqual([{ name: 'screenshot.png', size: PNG.length, contentType: 'image/png' }]);
    expect(visibleText(fake.messagesIn(card.id).at(-1) ?? (card as never))).toMatch(/sent screenshot\.png/);
    expect(await customerFiles()).toMatchObject([{ files: [{ name: 'screenshot.png', size: PNG.length }] }]);
    // The URL is not pasted into the words any more: the file is a file.
    expect(story.host.received.at(-1)).toMatchObject({ kind: 'message', text: '' });
  });

  test('a program is refused kindly and never re-posted', async () => {
    const { fake, world } = story;
    const ana = world.users.ana;
    await fileComplaint(story, ana);
    const before = fake.messagesIn(fake.dmChannel(ana).id).length;

    fake.dm(ana, '', [fake.attachment('refund.bat', 'application/x-bat', Buffer.from('@echo off'))]);
    const [answer] = await story.dmsTo(ana, before + 1).then((dms) => dms.slice(before));
    await story.deliver();

    expect(answer && visibleText(answer)).toMatch(/could not accept refund\.bat/);
    expect(fake.calls.filter((c) => c.files.length > 0)).toEqual([]);
    expect(await customerFiles()).toEqual([]);
  });

  test('a staff member’s file, attached to /ticket reply, reaches the customer’s DM', async () => {
    const { fake, world } = story;
    const ana = world.users.ana;
    const { code } = await fileComplaint(story, ana);
    const label = fake.attachment('return-label.pdf', 'application/pdf', Buffer.from('%PDF-1.4 label'));

    const reply = fake.slash(story.inAcme(world.users.sam, 'staff'), 'ticket', 'reply', {
      code,
      message: 'Here is your return label.',
      file: String(label.id),
    });
    const [answer] = await story.repliesTo(reply);
    await story.deliver();
    const dm = fake.dmChannel(ana).id;
    const sent = await waitFor(
      () =>
        fake.calls.find(
          (c) => c.method === 'POST' && c.path === `/channels/${dm}/messages` && c.files.length > 0,
        ),
      'the label in the DM',
    );

    expect(answer && visibleText(answer)).toMatch(/sent|reply/i);
    expect(sent.files).toEqual([{ name: 'return-label.pdf', size: 14, contentType: 'application/pdf' }]);
    expect(visibleText(fake.messagesIn(dm).at(-1)!)).toContain('Here is your return label.');
    // The attachment is a file, not words: nothing of its id reached the text.
    expect(story.host.received.at(-1)).toMatchObject({
      kind: 'command',
      files: [{ name: 'return-label.pdf' }],
    });
  });

  test('a program attached by staff is refused, and nothing reaches the customer', async () => {
    const { fake, world } = story;
    const { code } = await fileComplaint(story, world.users.ana);
    const tool = fake.attachment('fix.ps1', 'text/plain', Buffer.from('Remove-Item'));

    const reply = fake.slash(story.inAcme(world.users.sam, 'staff'), 'ticket', 'reply', {
      code,
      message: 'Run this.',
      file: String(tool.id),
    });
    const [answer] = await story.repliesTo(reply);
    await story.deliver();

    expect(answer && visibleText(answer)).toMatch(/could not accept fix\.ps1/);
    expect(fake.messagesIn(fake.dmChannel(world.users.ana).id).map(visibleText).join('\n')).not.toContain(
      'Run this',
    );
  });
});
