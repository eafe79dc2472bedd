/**
 * The project's fake Slack Web API (test/kit/slack-api.ts) in a process of its own, forked by
 * bench/fair-ack.ts. Hearken's answers (chat.postMessage, users.info) are served here rather than
 * in the process being measured: the real Slack is not in Hearken's process, and the fake's
 * request handling and its record of every call (kept for the tests' assertions, growing through a
 * run) would otherwise be counted in Hearken's event loop, CPU per message and heap. The discord
 * bench runs its fake platform in its load process for the same reason.
 *
 * Driven over IPC: `{ op: 'setup', users }` → `{ apiUrl, teamId }`, the customers `U0B00000` …
 * added as users; it closes when the parent disconnects.
 */
import { FakeSlack } from '../test/kit/slack-api.js';

let slack: FakeSlack | undefined;

async function setup(users: number): Promise<{ apiUrl: string; teamId: string }> {
  slack = await FakeSlack.start();
  for (let i = 0; i < users; i++) {
    const id = `U0B${String(i).padStart(5, '0')}`;
    slack.addUser({ id, name: id.toLowerCase(), realName: `Bench ${id}`, locale: 'en-US' });
  }
  return { apiUrl: slack.apiUrl, teamId: slack.teamId };
}

process.on('message', async (command: { op: string; users?: number }) => {
  try {
    if (command.op === 'setup') process.send?.(await setup(command.users ?? 0));
    else process.send?.({ error: `unknown op ${command.op}` });
  } catch (error) {
    process.send?.({ error: String(error) });
  }
});

process.on('disconnect', () => {
  void slack?.close().finally(() => process.exit(0));
});
