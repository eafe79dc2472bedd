/**
 * A worker-role Hearken instance in a process of its own, forked by bench/fair-ack.ts for its
 * "Hearken split" server: the ack instance (`INBOX_CONCURRENCY=0`) runs in the bench's process and
 * only stores what Slack sends; this one handles the inbox, woken by the accepts' notices
 * (LISTEN/NOTIFY), and answers through the Slack adapter's port against the same fake Slack API
 * process. It is started as `npm start` would start it with the same Slack settings and
 * `DATABASE_URL` (src/main.ts): config, core, the Slack adapter (its HTTP receiver gets no traffic),
 * the outbox and the inbox pool. The bench's own backlog query sees its work.
 *
 * Driven over IPC, one command at a time: `{ op: 'setup', url, apiUrl, secret, botToken }` →
 * `{ ready: true }` once its pool listens; `{ op: 'cpu' }` → `{ userMs, systemMs }` since setup;
 * it stops and closes when the parent disconnects.
 */
import { startSlack } from '../adapters/slack/index.js';
import { openDatabase } from '../db/client.js';
import { loadConfig } from '../src/config.js';
import { Hearken } from '../src/core.js';
import { createHost } from '../src/host.js';
import { HttpServer } from '../src/http.js';
import { silentLogger } from '../src/log.js';

interface Setup {
  url: string;
  apiUrl: string;
  secret: string;
  botToken: string;
}

let stop: (() => Promise<void>) | undefined;
let cpuAtStart: NodeJS.CpuUsage | undefined;

async function setup({ url, apiUrl, secret, botToken }: Setup): Promise<{ ready: true }> {
  const config = loadConfig({
    DATABASE_URL: url,
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: apiUrl,
  });
  const database = await openDatabase({ url, maxConnections: 10 });
  const hearken = new Hearken({
    database,
    logger: silentLogger,
    inbox: { concurrency: config.inboxConcurrency, leaseMs: config.inboxLeaseMs },
    outbox: { callTimeoutMs: config.platformCallTimeoutMs },
  });
  const http = new HttpServer();
  await http.listen(0, '127.0.0.1');
  const slack = { botToken, signingSecret: secret, apiUrl };
  // As the single-process Hearken in the bench: no retries hidden inside a Web API call.
  const adapter = await startSlack(createHost(hearken, http), slack, { retryConfig: { retries: 0 } });
  hearken.outbox.start();
  await hearken.inbox.start();
  cpuAtStart = process.cpuUsage();
  stop = async () => {
    await adapter.stop();
    await hearken.inbox.stop();
    await hearken.outbox.stop();
    await http.close();
    await database.close();
  };
  return { ready: true };
}

process.on('message', async (command: { op: string } & Partial<Setup>) => {
  try {
    if (command.op === 'setup') process.send?.(await setup(command as Setup));
    else if (command.op === 'cpu') {
      const used = process.cpuUsage(cpuAtStart);
      process.send?.({ userMs: used.user / 1000, systemMs: used.system / 1000 });
    } else process.send?.({ error: `unknown op ${command.op}` });
  } catch (error) {
    process.send?.({ error: String(error) });
  }
});

process.on('disconnect', () => {
  void (stop?.() ?? Promise.resolve()).finally(() => process.exit(0));
});
