/**
 * An accept tells other instances about a row none took: its INSERT notifies `hearken_inbox`
 * when it stores the row unleased, and only then (a row leased to the accepting pool, the hot
 * path, sends nothing). Notices arrive in commit order, so a notice waited for after others
 * shows that none of those others came.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptLeasing } from '../../src/inbox/inbox.js';
import {
  INBOX_CHANNEL,
  type InboxNotice,
  noticeText,
  notifyInbox,
  readNotice,
} from '../../src/inbox/notices.js';
import type { MessageEvent } from '../../src/messages.js';
import { type Arrivals, listenedDatabase } from '../kit/notices.js';
import { onServer, type TestDatabase } from '../support/db.js';
import { customer } from '../support/harness.js';

let database: TestDatabase;
let notices: Arrivals<string>;
beforeAll(async () => {
  ({ database, notices } = await listenedDatabase(INBOX_CHANNEL));
});
afterAll(async () => {
  await database.destroy();
});

const said = (name: string, text: string): MessageEvent => ({
  kind: 'message',
  id: `sandbox:${randomUUID()}`,
  actor: customer(`${name}-${randomUUID().slice(0, 8)}`),
  place: { kind: 'dm' },
  text,
});

const again = (event: MessageEvent, text: string): MessageEvent => ({
  ...event,
  id: `sandbox:${randomUUID()}`,
  text,
});

const leaseUntil = () => new Date(Date.now() + 60_000);

const keyOf = (payload: string) => readNotice(payload)?.orderingKey;

describe(`an accept's notice (${onServer ? 'Postgres server, LISTEN' : 'PGlite, its own listen'})`, () => {
  it('is sent for a row stored unleased, naming the pool, the platform and the customer; never for a copy', async () => {
    const event = said('ana', 'My parcel never arrived.');
    const before = notices.seen.length;

    await acceptLeasing(database.accepts, event, new Date(), undefined, { from: 'pool-a', tell: true });
    await acceptLeasing(database.accepts, event, new Date(), undefined, { from: 'pool-a', tell: true });
    const fence = said('fence', 'Where is my refund?');
    await acceptLeasing(database.accepts, fence, new Date(), undefined, { from: 'pool-a', tell: true });

    const heard = (await notices.atLeast(before + 2)).slice(before);
    expect(heard.map(readNotice)).toEqual([
      { from: 'pool-a', platform: 'sandbox', orderingKey: event.actor.userId },
      { from: 'pool-a', platform: 'sandbox', orderingKey: fence.actor.userId },
    ]);
  });

  it('is not sent for a row leased to the accepting pool as it is stored; a row stored to wait behind it is told', async () => {
    const first = said('kim', 'My parcel never arrived.');
    const second = again(first, 'And nobody answers.');
    const fence = said('lou', 'Where is my refund?');
    const before = notices.seen.length;

    const leased = await acceptLeasing(database.accepts, first, new Date(), leaseUntil(), {
      from: 'pool-b',
      tell: true,
    });
    // Kim's first message is pending: her second is stored to wait, for whichever pool has her.
    const waiting = await acceptLeasing(database.accepts, second, new Date(), leaseUntil(), {
      from: 'pool-b',
      tell: true,
    });
    await acceptLeasing(database.accepts, fence, new Date(), undefined, { from: 'pool-b', tell: true });

    expect(leased.leased).toBeDefined();
    expect(waiting).toEqual({ outcome: 'accepted', told: true });
    const heard = (await notices.atLeast(before + 2)).slice(before);
    expect(heard.map(keyOf)).toEqual([first.actor.userId, fence.actor.userId]);
  });
});

describe(`a quiet accept (${onServer ? 'Postgres server' : 'PGlite'})`, () => {
  it('sends no notice of its own; the one sent after it names no row', async () => {
    const quiet = said('cho', 'The kettle leaks.');
    const fence = said('dev', 'Where is my refund?');
    const before = notices.seen.length;

    const stored = await acceptLeasing(database.accepts, quiet, new Date(), undefined, {
      from: 'pool-c',
      tell: false,
    });
    await notifyInbox(database.db, 'pool-c');
    await acceptLeasing(database.accepts, fence, new Date(), undefined, { from: 'pool-c', tell: true });

    expect(stored).toEqual({ outcome: 'accepted', told: false });
    const heard = (await notices.atLeast(before + 2)).slice(before);
    expect(heard.map(readNotice)).toEqual([
      { from: 'pool-c' },
      { from: 'pool-c', platform: 'sandbox', orderingKey: fence.actor.userId },
    ]);
  });
});

describe('notice payloads', () => {
  it('read back what was written, whatever characters the key has', () => {
    const notice: InboxNotice = { from: randomUUID(), platform: 'slack', orderingKey: 'slack:T1:U "2" \n' };
    expect(readNotice(noticeText(notice))).toEqual(notice);
    expect(readNotice(noticeText({ from: 'pool-d' }))).toEqual({ from: 'pool-d' });
  });

  it.each([
    ['not json'],
    ['[]'],
    ['["a", "mastodon", "k"]'],
    ['["a", "slack"]'],
    ['{"from": "a", "platform": "slack", "orderingKey": "k"}'],
  ])('ignore a payload that is not a notice: %s', (payload) => {
    expect(readNotice(payload)).toBeUndefined();
  });
});
