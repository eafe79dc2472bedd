/**
 * Sends Slack's requests to the app the way Slack does: signed with the signing secret
 * (`v0=HMAC-SHA256(secret, "v0:<ts>:<raw body>")`), events as JSON with `X-Slack-Retry-Num` on
 * retries, slash commands and interactions form-encoded.
 */
import { createHmac } from 'node:crypto';
import type { Body } from './slack-api.js';

export interface SentRequest {
  status: number;
  text: string;
}

export interface SendOptions {
  /** Slack's retry headers: 1, 2, 3 on redeliveries of the same event. */
  retryNum?: number;
  retryReason?: string;
  /** Sign with another secret, to prove the app rejects it. */
  secret?: string;
  /** Seconds since the epoch for the signature timestamp (default now). */
  timestamp?: number;
}

export function signature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export class SlackSender {
  constructor(
    /** The app's full events URL, e.g. `http://127.0.0.1:3000/slack/events`. */
    readonly url: string,
    readonly signingSecret: string,
  ) {}

  /** Events API: an `event_callback` body. */
  event(body: Body, options: SendOptions = {}): Promise<SentRequest> {
    return this.post(JSON.stringify(body), 'application/json', options);
  }

  /** A slash command: the form fields Slack posts. */
  command(fields: Record<string, string>, options: SendOptions = {}): Promise<SentRequest> {
    return this.post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** block_actions, view_submission…: `payload=<json>` form-encoded. */
  interaction(payload: Body, options: SendOptions = {}): Promise<SentRequest> {
    const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(raw, 'application/x-www-form-urlencoded', options);
  }

  private async post(raw: string, contentType: string, options: SendOptions): Promise<SentRequest> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature(options.secret ?? this.signingSecret, timestamp, raw),
    };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
    }
    const response = await fetch(this.url, { method: 'POST', headers, body: raw });
    return { status: response.status, text: await response.text() };
  }
}
