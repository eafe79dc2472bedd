/**
 * The logs of a whole complaint, at the most verbose level, hold neither the customer's words nor
 * anything that looks like a secret: they go to log stores that support staff do not own.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { complaintEvents } from '../../db/schema.js';
import { createLogger } from '../../src/log.js';
import { BOT_TOKEN, type Body, FakeSlack } from '../kit/slack-api.js';
import { blockAction, dmMessage } from '../kit/slack-payloads.js';
import { SlackSender } from '../kit/slack-sender.js';
import { createTestDatabase } from '../support/db.js';
import { type AppDatabase, type AppProcess, appDatabase, startApp } from './support/app.js';

const SIGNING_SECRET = 'log-scan-signing-secret-71d2c9';
const MEI = 'U0MEI';
const STORY = 'My parcel 77-ALPHA-ZEBRA never arrived and the courier Quentavious was rude to me';
const DETAILS = 'Ordered on the ninth, invoice VX-55812-QPL';

/** Token shapes of the platforms and of common credentials. */
const SECRET_SHAPES = [
  /xox[abposr]-[\w-]+/,
  /xapp-[\w-]+/,
  /[MN][\w-]{23,}\.[\w-]{6}\.[\w-]{27,}/,
  /postgres(ql)?:\/\/[^@\s"]+:[^@\s"]+@/,
];

describe('structured logs', () => {
  let slack: FakeSlack | undefined;
  let database: AppDatabase | undefined;
  let app: AppProcess | undefined;
  afterEach(async () => {
    await app?.stop('SIGKILL');
    await slack?.close();
    await database?.destroy();
  });

  it('a whole Slack complaint at LOG_LEVEL=trace logs no message text, no token and no signing secret', async () => {
    slack = await FakeSlack.start();
    slack.addUser({ id: MEI, name: 'mei', realName: 'Mei Chen', locale: 'en-US' });
    database = await appDatabase();
    app = await startApp({
      ...database.env,
      LOG_LEVEL: 'trace',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    });
    await app.ready();
    const sender = new SlackSender(`${app.base}/slack/events`, SIGNING_SECRET);
    const fake = slack;
    const dms = () => fake.messagesIn(fake.dmChannelOf(MEI));
    let seen = 0;
    /** Waits for a DM, newer than the last thing Mei acted on, that offers what `matches`. */
    const offered = (matches: (e: Element) => boolean) =>
      vi.waitFor(
        () => {
          const fresh = dms().slice(seen);
          for (const message of [...fresh].reverse()) {
            const element = elementsOf(message.blocks).find(matches);
            if (element) {
              seen = dms().length;
              return { message, element };
            }
          }
          throw new Error('the bot has not offered it yet');
        },
        { timeout: 30_000 },
      );
    const pick = async (value: string) => {
      const { message, element } = await offered(
        (e) => e.value === value || Boolean(e.options?.some((o) => o.value === value)),
      );
      await sender.interaction(
        blockAction({
          user: MEI,
          channel: message.channel,
          messageTs: message.ts,
          actionId: element.action_id,
          ...(element.type === 'button' ? { value } : { selected: value }),
          responseUrl: fake.responseUrl('r'),
        }),
      );
    };

    await sender.event(dmMessage(MEI, STORY));
    await pick('refund');
    await offered((e) => e.action_id.startsWith('intake.confirm'));
    await sender.event(dmMessage(MEI, DETAILS));
    await pick('yes');
    await vi.waitFor(
      () => {
        if (!dms().some((m) => /C-1001/.test(m.text))) throw new Error('no code yet');
      },
      { timeout: 30_000 },
    );
    await app.stop('SIGTERM');

    const logs = app.output();
    expect(logs).toContain('"msg":"Hearken is ready"');
    for (const words of ['77-ALPHA-ZEBRA', 'Quentavious', 'VX-55812-QPL', 'never arrived'])
      expect(logs).not.toContain(words);
    expect(logs).not.toContain(SIGNING_SECRET);
    for (const shape of SECRET_SHAPES) expect(logs).not.toMatch(shape);
  }, 240_000);
});

interface Element {
  type: string;
  action_id: string;
  value?: string;
  options?: { value: string }[];
}

function elementsOf(blocks: Body[]): Element[] {
  return blocks.flatMap((b) => [
    ...((b.elements as Element[] | undefined) ?? []),
    ...(b.accessory ? [b.accessory as Element] : []),
  ]);
}

describe('logged errors', () => {
  it('a failed query is logged without the values it carried', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger('info', sink);
    const database = await createTestDatabase();
    try {
      // Not a uuid: the database refuses the row, and the error carries the bound values.
      await database.db
        .insert(complaintEvents)
        .values({
          complaintId: 'not-a-uuid',
          tenantId: 't',
          type: 'customer_message',
          body: 'Private words 8891-KIWI',
        })
        .catch((err: unknown) => logger.error({ err }, 'handler failed'));
    } finally {
      await database.destroy();
    }

    const logged = lines.join('');
    expect(logged).toContain('handler failed');
    expect(logged).toContain('params: [redacted]');
    expect(logged).not.toContain('8891-KIWI');
  });
});
