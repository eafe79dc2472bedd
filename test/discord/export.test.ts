/**
 * `/hearken export` on Discord: the parts arrive as attachments, each within Discord's 10 MiB
 * upload limit, at 10,000 complaints (where a single JSON file once passed it at ~1,470); a
 * customer's export holds only that customer's complaints.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { DISCORD_LIMITS } from '../../adapters/discord/limits.js';
import { fileComplaint, type Story, storyPerTest, visibleText } from '../kit/discord-harness.js';
import { waitFor } from '../kit/discord-world.js';
import { seedComplaints } from '../support/export-seed.js';

describe('/hearken export on Discord', () => {
  const current = storyPerTest();
  let story: Story;
  beforeEach(() => {
    story = current();
  });

  const uploads = () => story.fake.calls.filter((c) => c.files.length > 0 && c.status < 300);

  test('10,000 complaints arrive in parts, each within the upload limit, and nothing is refused', async () => {
    const { fake, world } = story;
    const tenant = `discord:${world.acme.id}`;
    await seedComplaints(story.database, tenant, 'discord', 10_000, `${tenant}:9000000000000000`);

    const exported = fake.slash(story.inAcme(world.users.ola, 'staff'), 'hearken', 'export');
    const replies = await story.repliesTo(exported, 2);
    await waitFor(() => uploads().length >= 2, 'the export parts');

    const files = uploads().flatMap((c) => c.files);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const call of uploads()) {
      const total = call.files.reduce((sum, f) => sum + f.size, 0);
      expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.uploadBytes.value);
    }
    expect(files.every((f) => f.contentType === 'application/zip')).toBe(true);
    expect(fake.refusals).toEqual([]);
    expect(visibleText(replies[0]!)).toMatch(/10,000 complaints/);
  });

  test('customer:@who exports only that person’s data', async () => {
    const { fake, world } = story;
    const tenant = `discord:${world.acme.id}`;
    await seedComplaints(story.database, tenant, 'discord', 600, `${tenant}:9000000000000000`);
    const { code } = await fileComplaint(story, world.users.ana);

    const exported = fake.slash(story.inAcme(world.users.ola, 'staff'), 'hearken', 'export', {
      customer: world.users.ana.id,
    });
    const [answer] = await story.repliesTo(exported);
    await waitFor(() => uploads().length >= 1, 'the export');

    expect(visibleText(answer!)).toMatch(/about Ana: 1 complaint with their messages and surveys/);
    const [zip] = uploads()[0]?.files ?? [];
    expect(zip?.name).toMatch(/^hearken-customer-.*\.zip$/);
    // The adapter's upload is what the fake saw; the archive's contents are checked on Slack and in
    // the unit tests: here only Ana's one complaint was read, so the zip is small.
    expect(zip?.size).toBeLessThan(20_000);
    expect(code).toMatch(/^C-\d+$/);
  });
});
