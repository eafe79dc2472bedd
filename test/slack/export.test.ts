/**
 * `/hearken export` on Slack: the files arrive in the admin's DM through the current upload API,
 * every part within Slack's upload limit (and the 8 MiB part size) at 10,000 complaints; a
 * customer's export holds only that customer's complaints.
 */
import { describe, expect, it } from 'vitest';
import { SLACK_LIMITS } from '../../adapters/slack/limits.js';
import { EXPORT_PART_BYTES } from '../../src/export/bundle.js';
import { PEOPLE, type SlackWorld, slackWorldPerTest } from '../kit/slack-world.js';
import type { TestDatabase } from '../support/db.js';
import { seedComplaints } from '../support/export-seed.js';
import { unzip } from '../support/unzip.js';

let database: TestDatabase;
let w: SlackWorld;
const owner = PEOPLE.owner.id;

slackWorldPerTest((world, db) => {
  w = world;
  database = db;
});

describe('/hearken export on Slack', () => {
  it('10,000 complaints arrive as zip parts in the admin’s DM, each within the upload limit', async () => {
    await seedComplaints(database, w.tenant, 'slack', 10_000);

    const { responses } = await w.command(owner, '/hearken', 'export');

    const files = w.slack.filesIn(w.slack.dmChannelOf(owner));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      expect(file.data.length).toBeLessThanOrEqual(SLACK_LIMITS.uploadBytes.value);
      expect(file.data.length).toBeLessThanOrEqual(EXPORT_PART_BYTES);
    }
    const entries = files.flatMap((f) => unzip(f.data).map((e) => e.name));
    expect(entries.filter((n) => n.startsWith('transcripts/'))).toHaveLength(10_000);
    expect(entries.filter((n) => n.endsWith('.csv')).length).toBeGreaterThanOrEqual(1);
    expect(w.slack.callsTo('files.upload')).toHaveLength(0);
    expect(JSON.stringify(responses)).toContain('10,000 complaints');
  });

  it('customer=@who exports only that person’s complaints', async () => {
    await seedComplaints(database, w.tenant, 'slack', 1200);
    const who = w.opaque('U0CUST7');

    await w.command(owner, '/hearken', 'export customer:<@U0CUST7>');

    const [file] = w.slack.filesIn(w.slack.dmChannelOf(owner));
    const entries = unzip(file?.data ?? Buffer.alloc(0));
    const transcripts = entries.filter((e) => e.name.startsWith('transcripts/'));
    // Complaints 7, 507 and 1007 are theirs.
    expect(transcripts).toHaveLength(3);
    const csv = entries.find((e) => e.name.endsWith('.csv'))?.data.toString('utf8') ?? '';
    const rows = csv.trim().split('\r\n').slice(1);
    expect(rows.every((row) => row.includes(who))).toBe(true);
    expect(rows).toHaveLength(3);
    expect(csv).not.toContain(w.opaque('U0CUST8'));
  });
});
