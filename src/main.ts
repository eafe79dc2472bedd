/**
 * Start-up: parse the environment once, open and migrate the database, start the core and the
 * enabled adapters (the sandbox when no platform token is set), serve HTTP on PORT, then start
 * the background loops. SIGTERM and SIGINT stop taking work, finish what is in flight and close.
 *
 * Only what opening the database needs is imported up front: the rest of the app loads while
 * the embedded database opens. Each phase's time is logged at debug level (`LOG_LEVEL=debug`).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type Database, openDatabase } from '../db/client.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import type { EnabledAdapter, enable } from './host.js';
import { createLogger } from './log.js';
import { type AdapterHandle, systemClock } from './ports.js';

/** A loaded adapter with its slice of the config, checked and bound by host.js's `enable`. */
type Configured = (bind: typeof enable) => EnabledAdapter;

/**
 * Every platform Hearken can run, each loaded only when its slice of the config is set (each
 * platform SDK costs a second or more of start-up), while the database opens. The sandbox runs
 * when no platform token is set.
 */
const ADAPTERS: readonly ((config: Config) => Promise<Configured | undefined>)[] = [
  async (config) => {
    if (!config.sandbox) return undefined;
    const { sandboxAdapter } = await import('../adapters/sandbox/index.js');
    return (bind) => bind(sandboxAdapter, {});
  },
  async (config) => {
    if (!config.slack) return undefined;
    const { slackAdapter } = await import('../adapters/slack/index.js');
    const slice = config.slack;
    return (bind) => bind(slackAdapter, slice);
  },
  async (config) => {
    if (!config.discord) return undefined;
    const { discordAdapter } = await import('../adapters/discord/index.js');
    const slice = config.discord;
    return (bind) => bind(discordAdapter, slice);
  },
];

/** A shutdown that has not finished by then is stuck: exit anyway so the orchestrator can move on. */
const SHUTDOWN_TIMEOUT_MS = 20_000;

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) process.stderr.write(`hearken: ${problem}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  /** Milliseconds since the process started, per phase, for finding where start-up time goes. */
  const phase = (name: string) =>
    logger.debug({ phase: name, ms: Math.round(performance.now()) }, 'start-up phase done');
  const instanceId = randomUUID();
  // The embedded database takes most of a second to open: the rest of the app loads meanwhile.
  const [
    database,
    { Hearken },
    { HttpServer },
    { METRICS_CONTENT_TYPE, Metrics },
    { registerJobHandlers, scheduleJobs },
    { HealthProbe, mountHealth },
    { createHost, enable },
    configured,
  ] = await Promise.all([
    openAndMigrate(config, phase),
    import('./core.js'),
    import('./http.js'),
    import('./metrics.js'),
    import('./jobs/index.js'),
    import('./health.js'),
    import('./host.js'),
    Promise.all(ADAPTERS.map((load) => load(config))),
  ]);
  phase('modules loaded');
  const metrics = new Metrics({
    database,
    clock: systemClock,
    logger,
    outboxDeadDays: config.outboxDeadDays,
  });
  const hearken = new Hearken({
    database,
    logger,
    inbox: { concurrency: config.inboxConcurrency, leaseMs: config.inboxLeaseMs },
    onHandlerError: (kind) => metrics.handlerError(kind),
    outbox: { callTimeoutMs: config.platformCallTimeoutMs },
  });
  const http = new HttpServer();
  const adapters: { name: string; handle: AdapterHandle }[] = [];
  let stopping = false;

  const probe = new HealthProbe({
    database,
    clock: systemClock,
    logger,
    platforms: () => hearken.outbox.platforms(),
    adapters: () => adapters.map((a) => ({ name: a.name, health: () => a.handle.health() })),
    outbox: () => hearken.outbox.health(),
    stopping: () => stopping,
  });
  mountHealth(http, probe);
  http.app.get('/metrics', async (c) =>
    c.body(await metrics.scrape(), 200, { 'content-type': METRICS_CONTENT_TYPE }),
  );

  const host = createHost(hearken, http);
  for (const bind of configured) {
    if (!bind) continue;
    const adapter = bind(enable);
    adapters.push({ name: adapter.name, handle: await adapter.start(host) });
  }
  phase('adapters started');

  const jobsDeps = {
    hearken,
    database,
    clock: hearken.clock,
    logger,
    instanceId,
    retentionDays: config.retentionDays,
    outboxDeadDays: config.outboxDeadDays,
  };
  // Before serving: a survey button or `/hearken digest` may come with the first request.
  const jobHandlers = registerJobHandlers(jobsDeps);
  // The first reading is taken while the port opens: a /healthz that comes before it is done
  // waits for it (the probe shares a reading in progress), so the first answer is the truth.
  const [port] = await Promise.all([http.listen(config.port), probe.refresh()]);
  phase('listening');

  // Background work, once requests are served: none of it is needed to answer one. Accepted
  // events wait in the inbox table until the inbox worker takes them (an accept kicks it anyway;
  // on Postgres it listens for rows other instances stored). With INBOX_CONCURRENCY=0 it takes
  // none: instances with workers on the same database do.
  hearken.outbox.start();
  void hearken.inbox.start();
  const jobs = scheduleJobs(jobsDeps, jobHandlers);
  probe.start();
  phase('background loops started');

  const names = adapters.map((a) => a.name).join(', ');
  const where =
    database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'Postgres (DATABASE_URL)';
  logger.info(
    { port, adapters: names, database: database.kind, instanceId, inboxConcurrency: config.inboxConcurrency },
    'Hearken is ready',
  );
  process.stdout.write(
    `\nHearken is running with ${names} on ${where}.\n` +
      (config.sandbox ? `Open http://localhost:${port} to try it.\n\n` : `Listening on port ${port}.\n\n`),
  );

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    // Each step is timed in the log, so a slow shutdown names its culprit.
    const step = async (name: string, work: () => Promise<unknown>) => {
      const started = Date.now();
      await work();
      logger.debug({ step: name, ms: Date.now() - started }, 'shutdown step done');
    };
    probe.stop();
    await step('jobs', () => jobs.stop());
    for (const adapter of adapters)
      await step(adapter.name, () =>
        adapter.handle.stop().catch((err: unknown) => logger.error({ err }, 'adapter stop failed')),
      );
    // The adapters have stopped accepting; finish the inbox rows in hand (the rest wait in the
    // database for the next instance), then the deliveries they enqueued.
    await step('inbox', () => hearken.inbox.stop());
    await step('outbox', () => hearken.outbox.stop());
    // Stops accepting connections and waits for the requests in flight, which may still write.
    await step('http', () => http.close());
    await step('database', () => database.close());
    logger.info({ signal }, 'stopped');
    process.exit(0);
  };
  // A library promise nobody awaited (discord.js parsing a malformed dispatch, say) must not take
  // every conversation down with it: log it, count it, keep serving.
  process.on('unhandledRejection', (err: unknown) => {
    metrics.handlerError('unhandled');
    logger.error({ err }, 'unhandled promise rejection');
  });
  // Thrown where no caller can catch it: say why in the log, then end as Node would.
  process.on('uncaughtException', (err: unknown) => {
    metrics.handlerError('unhandled');
    logger.error({ err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

async function openAndMigrate(config: Config, phase: (name: string) => void): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  phase('database open');
  const migrations = await database.migrate();
  phase(`migrations ${migrations}`);
  return database;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `hearken: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
