/**
 * The sandbox's HTTP surface on the shared Hono app: the page and its assets, the state and the
 * live stream (Server-Sent Events), and the endpoints the page posts to.
 */
import { readFile } from 'node:fs/promises';
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { LOCALES } from '../../src/domain/index.js';
import { catalog, catalogFor } from '../../src/i18n/index.js';
import type { Logger } from '../../src/ports.js';
import { toActor } from './directory.js';
import { INLINE_TYPES } from './files.js';
import { commandHints } from './hints.js';
import {
  COMPOSER_MAX,
  emptyText,
  handleInbound,
  type InboundDeps,
  inboundRequestSchema,
  overComposerLimit,
} from './inbound.js';
import { toView } from './render.js';
import type { StoreChange } from './store.js';

/** Before a person is picked the page speaks English, like the rest of its chrome. */
const pageWords = catalog('en').sandbox;

const PUBLIC_DIR = new URL('./public/', import.meta.url);

const ASSETS = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/sandbox/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/sandbox/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
} as const;

/** Keeps proxies and browsers from closing an idle stream. */
const HEARTBEAT_MS = 20_000;

const newCustomerSchema = z.object({
  name: z.string().trim().min(1).max(60),
  locale: z.enum(LOCALES),
});

export interface RouteDeps extends InboundDeps {
  logger: Logger;
}

export interface SandboxRoutes {
  /** Ends every open live stream and answers later ones 204, so tabs stop reconnecting (shutdown). */
  closeStreams(): void;
}

async function loadAssets(): Promise<Map<string, { body: string; type: string }>> {
  // Read together: one after another, each read waited its turn on a busy start-up (~60 ms each).
  const entries = await Promise.all(
    Object.entries(ASSETS).map(
      async ([path, asset]) =>
        [path, { body: await readFile(new URL(asset.file, PUBLIC_DIR), 'utf8'), type: asset.type }] as const,
    ),
  );
  return new Map(entries);
}

/**
 * Every string made storable: Postgres refuses NUL and lone UTF-16 surrogates (which JSON can
 * escape, `"\u0000"`, `"\ud800"`), and the page's text is stored before the core cleans it.
 */
function storable(value: unknown): unknown {
  if (typeof value === 'string')
    return value
      .replaceAll('\u0000', '')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  if (Array.isArray(value)) return value.map(storable);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, storable(inner)]));
  return value;
}

/** A JSON body, or undefined when it is not JSON. */
async function readJson(request: Request): Promise<unknown> {
  // JSON only: a cross-site form post cannot send it without a preflight we never answer.
  if (!request.headers.get('content-type')?.startsWith('application/json')) return undefined;
  return storable(await request.json().catch(() => undefined));
}

/** A JSON body parsed by `schema`, or undefined when it is not JSON or does not fit. */
async function parseJson<T>(request: Request, schema: z.ZodType<T>): Promise<T | undefined> {
  const parsed = schema.safeParse(await readJson(request));
  return parsed.success ? parsed.data : undefined;
}

export async function addSandboxRoutes(app: Hono, deps: RouteDeps): Promise<SandboxRoutes> {
  const assets = await loadAssets();
  const streams = new Set<() => void>();

  for (const [path, asset] of assets) {
    app.get(path, (c) =>
      c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'no-cache' }),
    );
  }

  // The sandbox's file host: uploads and the bot's files. Pictures show inline; everything else
  // downloads, and nothing served here may run as a page (an uploaded .html or .svg included).
  app.get('/sandbox/files/:id/:name', async (c) => {
    const file = await deps.files?.get(c.req.param('id'));
    if (!file) return c.text('Not found', 404);
    const inline = INLINE_TYPES.includes(file.contentType);
    const name = encodeURIComponent(file.name);
    return c.body(new Uint8Array(file.data), 200, {
      'content-type': inline ? file.contentType : 'application/octet-stream',
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, max-age=3600',
    });
  });

  app.get('/sandbox/api/state', async (c) => {
    const [users, messages] = await Promise.all([deps.directory.list(), deps.store.all()]);
    return c.json({ users, messages: messages.map(toView) });
  });

  let closed = false;
  app.get('/sandbox/api/stream', (c) => {
    // 204 is how a server tells EventSource to stop reconnecting: the tab waits, the process goes.
    if (closed) return c.body(null, 204);
    return streamSSE(c, async (stream) => {
      let finish = () => {};
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      // Writes go out one at a time, in the order the changes happened.
      let writing = Promise.resolve();
      const push = (event: string, data: unknown) => {
        writing = writing.then(() => stream.writeSSE({ event, data: JSON.stringify(data) })).catch(finish);
      };
      const onChange = (change: StoreChange) => {
        if (change.kind === 'message') push('message', toView(change.message));
        else void deps.directory.list().then((users) => push('directory', users));
      };
      const unsubscribe = deps.store.subscribe(onChange);
      const heartbeat = setInterval(() => {
        writing = writing.then(() => stream.write(': keep-alive\n\n')).then(() => undefined, finish);
      }, HEARTBEAT_MS);
      streams.add(finish);
      stream.onAbort(finish);
      push('ready', {});
      await finished;
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(finish);
    });
  });

  // The command box's suggestions, from the command spec.
  app.get('/sandbox/api/commands', (c) => c.json({ commands: commandHints() }));

  // The codes a command box offers: the core decides what this person may see.
  app.get('/sandbox/api/codes', async (c) => {
    const user = await deps.directory.find(c.req.query('actorId') ?? '');
    if (!user) return c.json({ codes: [] });
    const codes = await deps.core.suggestCodes(toActor(user), (c.req.query('prefix') ?? '').slice(0, 20));
    return c.json({ codes });
  });

  app.post('/sandbox/api/users', async (c) => {
    const input = await parseJson(c.req.raw, newCustomerSchema);
    if (!input) return c.json({ error: pageWords.badName }, 400);
    const user = await deps.directory.createCustomer(input.name, input.locale);
    return c.json(user, 201);
  });

  app.post('/sandbox/api/inbound', async (c) => {
    const body = await readJson(c.req.raw);
    const parsed = inboundRequestSchema.safeParse(body);
    const writerWords = async () => {
      const actorId = (body as { actorId?: unknown }).actorId;
      const writer = typeof actorId === 'string' ? await deps.directory.find(actorId) : undefined;
      return catalog(writer?.locale ?? 'en');
    };
    // Refused whole, with the limit named, in the writer's language: nothing is cut.
    if (!parsed.success && overComposerLimit(body))
      return c.json({ error: (await writerWords()).errors.tooLong(COMPOSER_MAX) }, 413);
    // An empty message is answered in the bot's words, as it would be on a platform, not ignored.
    // In a staff channel it is the channel's own hint.
    if (!parsed.success && emptyText(body)) {
      const words = await writerWords();
      const inDm = String((body as { conversation?: unknown }).conversation).startsWith('dm:');
      return c.json({ error: inDm ? words.errors.empty : words.sandbox.channelNeedsCommand }, 400);
    }
    if (!parsed.success) return c.json({ error: pageWords.badRequest }, 400);
    const request = parsed.data;
    const user = await deps.directory.find(request.actorId);
    if (!user) return c.json({ error: pageWords.noPerson }, 400);
    try {
      return c.json(await handleInbound(deps, request, user));
    } catch (error) {
      deps.logger.error({ err: error, kind: request.kind }, 'sandbox could not handle an inbound event');
      return c.json({ error: catalogFor(user.locale).sandbox.failed }, 500);
    }
  });

  return {
    closeStreams() {
      closed = true;
      for (const finish of streams) finish();
    },
  };
}
