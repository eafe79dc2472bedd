/**
 * Many complaints at once for export tests: one multi-row INSERT … SELECT from generate_series for
 * the complaints, one for their timelines (filed, a customer message, a staff reply). Descriptions
 * mix hashes into the words so they compress like real text does, not like a repeated string.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';

export async function seedComplaints(
  database: Database,
  tenantId: string,
  platform: 'slack' | 'discord' | 'sandbox',
  count: number,
  /** Complaint n is from customer `<prefix><n % 500>` (an opaque id as the adapter makes it). */
  customerPrefix = `${tenantId}:U0CUST`,
): Promise<void> {
  await database.db.execute(sql`
    insert into complaints (tenant_id, platform, code, customer_id, customer_name, locale, category,
      severity, summary, description, desired_outcome, status, first_response_due, resolution_due,
      created_at, updated_at)
    select ${tenantId}, ${platform}, 'C-' || (100000 + g), ${customerPrefix} || (g % 500),
      'Customer ' || (g % 500), 'en', 'delivery', 'normal',
      'Parcel ' || g || ' never arrived',
      'My order ' || md5(g::text) || ' was due on Monday and never came. I asked twice, ' ||
        md5((g * 7)::text) || ', and nobody answered. The tracking page says ' || md5((g * 13)::text) ||
        ' delivered, but nothing is here. =HYPERLINK("http://evil.example") <b>bold</b> & "quotes", commas.',
      'refund', 'open', now() + interval '1 day', now() + interval '7 days',
      now() - (g || ' minutes')::interval, now()
    from generate_series(1, ${count}) as g`);
  await database.db.execute(sql`
    insert into complaint_events (complaint_id, tenant_id, type, actor_id, actor_name, body, visibility, at)
    select c.id, c.tenant_id, e.type, c.customer_id, e.who, e.body, 'public', c.created_at
    from complaints c
    cross join (values
      ('created', 'Customer', null),
      ('customer_message', 'Customer', 'Also, the courier left a card saying I was not home. I was.'),
      ('staff_reply', 'Sam', 'I am sorry. A refund is on its way today.')
    ) as e(type, who, body)
    where c.tenant_id = ${tenantId}`);
}
