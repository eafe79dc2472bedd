/**
 * Drives a running Hearken's sandbox over HTTP, as the browser page does: a person types in their
 * DM, clicks a button, and the test reads what the workspace shows.
 */
import { randomUUID } from 'node:crypto';

export const ANA = 'sandbox:demo:ana';
export const SAM = 'sandbox:demo:sam';
export const STAFF_CONVERSATION = 'channel:sandbox:channel:staff';

export interface View {
  id: number;
  conversation: string;
  authorId: string;
  html: string;
}

export class SandboxClient {
  constructor(readonly base: string) {}

  /** Posts one submission; a retry of the same `id` is the same submission. */
  async post(body: Record<string, unknown>): Promise<Response> {
    return fetch(`${this.base}/sandbox/api/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: randomUUID(), ...body }),
    });
  }

  async say(actorId: string, text: string): Promise<void> {
    await this.ok(this.post({ kind: 'text', actorId, conversation: `dm:${actorId}`, text }));
  }

  async click(actorId: string, action: string, value = '-'): Promise<void> {
    await this.ok(this.post({ kind: 'action', actorId, conversation: `dm:${actorId}`, action, value }));
  }

  async messages(): Promise<View[]> {
    const response = await fetch(`${this.base}/sandbox/api/state`);
    return ((await response.json()) as { messages: View[] }).messages;
  }

  /** The DM's text as the customer reads it, tags stripped. */
  async dmText(actorId: string): Promise<string> {
    return (await this.messages())
      .filter((m) => m.conversation === `dm:${actorId}`)
      .map((m) => plain(m.html))
      .join('\n');
  }

  async staffCards(): Promise<string[]> {
    return (await this.messages())
      .filter((m) => m.conversation === STAFF_CONVERSATION)
      .map((m) => plain(m.html));
  }

  private async ok(request: Promise<Response>): Promise<void> {
    const response = await request;
    if (!response.ok) throw new Error(`sandbox answered ${response.status}: ${await response.text()}`);
  }
}

function plain(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
