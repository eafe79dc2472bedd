/**
 * Socket Mode that tells Slack "got it" only once the app is done with an envelope, as HTTP mode
 * does with `processBeforeResponse`. Bolt acks an Events API envelope before any listener runs, so
 * with its own receiver a crash right after the ack, or a database that refused the INSERT, loses
 * the customer's DM. Here the ack Bolt hands the app is held until `app.processEvent` resolves: a
 * DM's once it is stored in the inbox; none when processing failed (the listener's
 * `NotStoredError`), so Slack delivers the envelope again (`retry_attempt`, `retry_reason`) and the
 * inbox drops a copy it already holds. An interaction's ack (with its body: a modal's
 * `response_action`, options) goes when its listener returns, or at the deadline if the listener
 * acked and is still running, so the person never waits past Slack's 3 seconds.
 *
 * The WebSocket is Bolt's own `SocketModeReceiver`'s client (connection, pings, reconnects); only
 * the dispatch of envelopes to the app is ours.
 */
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { SocketModeReceiver, type SocketModeReceiverOptions } from '@slack/bolt';
import type { Logger } from '../../src/ports.js';
import type { InFlight } from './listeners.js';

/** What Bolt's ack may carry back to Slack: a view's `response_action`, options, a text. */
type AckBody = string | object | undefined;

/** What the Socket Mode client hands its `slack_event` listeners for one envelope. */
interface Envelope {
  ack: (body?: AckBody) => Promise<void>;
  envelope_id?: string;
  type?: string;
  body?: unknown;
  retry_num?: number;
  retry_reason?: string;
}

export interface DeferredAckOptions {
  socket: SocketModeReceiverOptions;
  logger: Logger;
  /** Each envelope's handling, so `idle()`/`stop()` wait for it (and for its ack). */
  inFlight: InFlight;
  /**
   * An interaction its listener acked but is still handling is acked anyway after this long, so
   * its answer reaches Slack within the 3 seconds Slack gives it (a margin for the network).
   */
  interactionDeadlineMs?: number;
}

export const DEFAULT_INTERACTION_DEADLINE_MS = 2_500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A Bolt receiver for Socket Mode whose acks wait until the app has stored or handled an envelope. */
export class DeferredAckReceiver implements Receiver {
  private readonly socket: SocketModeReceiver;
  private app: App | undefined;
  private stopping = false;

  constructor(private readonly options: DeferredAckOptions) {
    this.socket = new SocketModeReceiver(options.socket);
    // Bolt's receiver would hand the app an ack that goes to Slack at once; envelopes are ours.
    this.socket.client.removeAllListeners('slack_event');
    this.socket.client.on('slack_event', (envelope: Envelope) => {
      if (this.stopping) return; // Not acked: Slack delivers it again, to the next connection.
      void options.inFlight.track(this.dispatch(envelope));
    });
  }

  /** The WebSocket client (connection state for health). */
  get client(): SocketModeReceiver['client'] {
    return this.socket.client;
  }

  init(app: App): void {
    this.app = app;
  }

  start(): ReturnType<SocketModeReceiver['start']> {
    this.stopping = false;
    return this.socket.start();
  }

  /** Stops taking envelopes, lets the ones in hand finish (and be acked), then disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.options.inFlight.idle();
    await this.socket.stop();
  }

  private async dispatch(envelope: Envelope): Promise<void> {
    const { logger } = this.options;
    const app = this.app;
    if (!app || !isRecord(envelope.body)) return;
    const what = {
      envelope: envelope.type,
      retryAttempt: envelope.retry_num,
      retryReason: envelope.retry_reason,
    };
    const reply = new HeldAck(envelope, logger);
    // Events wait for their listener however long it takes: an event that is not stored is never
    // acked. An interaction is not redelivered, so a late listener's ack goes at the deadline.
    const deadline =
      envelope.type === 'events_api'
        ? undefined
        : setTimeout(
            () => void reply.send(),
            this.options.interactionDeadlineMs ?? DEFAULT_INTERACTION_DEADLINE_MS,
          );
    const event: ReceiverEvent = {
      body: envelope.body,
      ack: async (body?: AckBody) => reply.hold(body),
      ...(envelope.retry_num !== undefined ? { retryNum: envelope.retry_num } : {}),
      ...(envelope.retry_reason ? { retryReason: envelope.retry_reason } : {}),
    };
    try {
      await app.processEvent(event);
      await reply.send();
    } catch (error) {
      // Nothing was stored (a listener's NotStoredError, rethrown by app.error): no ack, so Slack
      // delivers the envelope again. An interaction acked at its deadline stays acked.
      logger.warn({ err: error, ...what, acked: reply.wasSent }, 'slack: envelope not handled');
    } finally {
      clearTimeout(deadline);
    }
  }
}

/** The ack Bolt gave the app, kept until the envelope is handled; sent to Slack at most once. */
class HeldAck {
  private held: { body: AckBody } | undefined;
  private sent = false;

  get wasSent(): boolean {
    return this.sent;
  }

  constructor(
    private readonly envelope: Envelope,
    private readonly logger: Logger,
  ) {}

  hold(body: AckBody): void {
    if (this.held) {
      this.logger.warn({ envelope: this.envelope.type }, 'slack: ack() called twice; the first counts');
      return;
    }
    this.held = { body };
  }

  /** Sends the held ack, if the app gave one and it has not gone yet. */
  async send(): Promise<void> {
    if (!this.held || this.sent) return;
    this.sent = true;
    try {
      await this.envelope.ack(this.held.body);
    } catch (error) {
      // The connection dropped: Slack delivers the envelope again and the inbox drops the copy.
      this.logger.warn({ err: error, envelope: this.envelope.type }, 'slack: could not send an ack');
    }
  }
}
