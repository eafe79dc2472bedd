/**
 * The workflow for callers outside an inbound event (jobs: SLA breaches, surveys). Each method
 * loads the complaint and its tenant and runs the change in one transaction, or inside the
 * caller's when `q` is given.
 */
import type { Database, Queryable } from '../../db/client.js';
import type { Clock } from '../ports.js';
import { ensureTenant } from '../tenants.js';
import { byId, type Complaint } from './repo.js';
import * as wf from './workflow.js';

export interface ChangeInput {
  complaintId: string;
  by: wf.By;
  reason: string;
  /** Run inside this transaction instead of a new one. */
  q?: Queryable;
  /** Reopen without the usual customer notice: the caller says it in its own message. */
  quiet?: boolean;
}

export class ComplaintService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly changed: () => void,
  ) {}

  reopen(input: ChangeInput): Promise<Complaint | undefined> {
    return this.run(input, (ctx, c) =>
      wf.allowed.reopen(c)
        ? wf.reopen(ctx, c, input.by, input.reason, { quiet: input.quiet ?? false })
        : undefined,
    );
  }

  escalate(input: ChangeInput): Promise<Complaint | undefined> {
    return this.run(input, (ctx, c) =>
      c.status !== 'closed' ? wf.escalate(ctx, c, input.by, input.reason) : undefined,
    );
  }

  close(input: ChangeInput): Promise<Complaint | undefined> {
    return this.run(input, (ctx, c) =>
      c.status !== 'closed' ? wf.close(ctx, c, input.by, input.reason) : undefined,
    );
  }

  resolve(input: ChangeInput): Promise<Complaint | undefined> {
    return this.run(input, (ctx, c) =>
      wf.allowed.work(c) ? wf.resolve(ctx, c, input.by, input.reason) : undefined,
    );
  }

  private async run(
    input: ChangeInput,
    change: (ctx: wf.Ctx, c: Complaint) => Promise<Complaint | undefined> | undefined,
  ): Promise<Complaint | undefined> {
    const work = async (q: Queryable) => {
      const c = await byId(q, input.complaintId);
      if (!c) return undefined;
      const now = this.clock.now();
      const tenant = await ensureTenant(q, c.tenantId, c.platform, now);
      return change({ q, now, tenant }, c);
    };
    const result = input.q ? await work(input.q) : await this.database.db.transaction((tx) => work(tx));
    this.changed();
    return result;
  }
}
