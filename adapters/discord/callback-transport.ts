/**
 * How interaction callbacks (the acknowledgement, an answer in time) leave the process: through
 * `node:http`/`node:https` on keep-alive connections of their own, instead of the REST client's
 * default (undici's global dispatcher, shared with every edit, follow-up and outbox post).
 *
 * Why, measured on `/complain status` (bench/discord-ack.ts, timed per stage inside the bot):
 * - undici writes a request on a reused keep-alive connection only from a `setImmediate` (its check
 *   that the idle socket was not closed meanwhile, GHSA-35p6-xmwp-9g52), so the acknowledgement
 *   waited for the rest of the event loop's poll phase: every other socket's callbacks that were
 *   ready in the same turn, which on a busy instance are other interactions' database
 *   continuations. `node:http` writes it from the same turn's `nextTick`, right after the handler.
 * - a shared pool makes the callback open a new connection whenever edits and posts hold the warm
 *   ones (a TLS handshake to Discord, several loop turns); callbacks alone keep theirs warm.
 * A connection closed by the server while idle fails the request with ECONNRESET, which the REST
 * client retries (never sent, so never taken twice); an aborted request fails with AbortError, as
 * undici's does, so `respond.ts` reads the outcome the same way.
 */
import http from 'node:http';
import https from 'node:https';
import type { RESTOptions, ResponseLike } from 'discord.js';

type MakeRequest = RESTOptions['makeRequest'];
type Init = Parameters<MakeRequest>[1];

/** The body as bytes and its content type (a FormData is encoded as fetch would encode it). */
async function encode(body: Init['body']): Promise<{ bytes?: Buffer; type?: string }> {
  if (body === null || body === undefined) return {};
  if (typeof body === 'string') return { bytes: Buffer.from(body) };
  if (Buffer.isBuffer(body)) return { bytes: body };
  const encoded = new Response(body as ConstructorParameters<typeof Response>[0]);
  return {
    bytes: Buffer.from(await encoded.arrayBuffer()),
    type: encoded.headers.get('content-type') ?? undefined,
  };
}

function headersOf(
  init: Init,
  bytes: Buffer | undefined,
  type: string | undefined,
): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of new Headers(init.headers as ConstructorParameters<typeof Headers>[0]))
    out[name] = value;
  if (type) out['content-type'] = type;
  out['content-length'] = bytes?.length ?? 0;
  return out;
}

function responseOf(res: http.IncomingMessage, data: Buffer): ResponseLike {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.set(name, value);
  }
  const status = res.statusCode ?? 0;
  return {
    body: null,
    bodyUsed: false,
    headers,
    ok: status >= 200 && status < 300,
    status,
    statusText: res.statusMessage ?? '',
    arrayBuffer: async () =>
      data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    json: async () => JSON.parse(data.toString('utf8')),
    text: async () => data.toString('utf8'),
  };
}

/** A REST `makeRequest` on keep-alive connections of its own (see above). */
export function ownConnections(): MakeRequest {
  const agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };
  return async (url, init) => {
    const target = new URL(url);
    const { bytes, type } = await encode(init.body);
    const send = target.protocol === 'https:' ? https.request : http.request;
    return new Promise<ResponseLike>((resolve, reject) => {
      const req = send(target, {
        method: init.method ?? 'GET',
        headers: headersOf(init, bytes, type),
        agent: target.protocol === 'https:' ? agents['https:'] : agents['http:'],
        ...(init.signal ? { signal: init.signal as AbortSignal } : {}),
      });
      req.on('error', reject);
      req.on('response', (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('error', reject);
        res.on('end', () => resolve(responseOf(res, Buffer.concat(parts))));
      });
      req.end(bytes);
    });
  };
}
