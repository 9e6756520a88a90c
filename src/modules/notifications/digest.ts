// Digests: at the member's local hour (daily, or weekly on one weekday), one mail gathering their pending digest-mode notifications.
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { mailOutbox, notifications, notificationSettings } from '../../db/schema/index.js';
import { memberView, activeStatus } from '../members/read-port.js';
import { firstRow, rows, sql } from '../../db/sql.js';

/** Most items listed in one digest; the rest are counted ("and N more"). */
export const DIGEST_MAX_ITEMS = 50;

export interface DigestRun {
  members: number;
  items: number;
}

/**
 * Builds the digests due at `now` and hands them to the mail outbox, in batches, each batch one transaction.
 * Due: active member with pending digest items, local time (profile time zone; UTC when unknown) at or past
 * DIGEST_HOUR, no digest yet on this local date, and for weekly digests the local weekday is DIGEST_WEEKDAY.
 * An advisory lock lets one process build at a time; notifications are marked digested in the same transaction.
 */
export async function buildDigests(database: Database, config: Pick<Config, 'DIGEST_HOUR' | 'DIGEST_WEEKDAY'>, now: Date, batch = 5000): Promise<DigestRun> {
  const total: DigestRun = { members: 0, items: 0 };
  const at = now.toISOString();
  for (;;) {
    const done = await database.db.transaction(async (tx) => {
      const lock = await firstRow<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtext('practice-peers.digests')) as "ok"`);
      if (!lock?.ok) return null;
      const [result] = await rows<{ members: number; items: number }>(
        tx,
        sql`with zones as (select name from pg_timezone_names),
          candidates as (
            select m.id, m.email, m.display_name, coalesce(s.digest_frequency, 'daily') as freq, s.last_digest_at,
              case when z.name is null then 'UTC' else z.name end as tz
            from ${memberView} m
            left join ${notificationSettings} s on s.member_id = m.id
            left join zones z on z.name = m.profile->>'timezone'
            where ${activeStatus(sql`m.status`)}
              and exists (select 1 from ${notifications} n where n.member_id = m.id and n.email_mode = 'digest' and n.digested_at is null)
          ),
          due as (
            select c.* from candidates c
            where extract(hour from (${at}::timestamptz at time zone c.tz)) >= ${config.DIGEST_HOUR}
              and (c.last_digest_at is null or (c.last_digest_at at time zone c.tz)::date < (${at}::timestamptz at time zone c.tz)::date)
              and (c.freq = 'daily' or extract(isodow from (${at}::timestamptz at time zone c.tz)) = ${config.DIGEST_WEEKDAY})
            order by c.id limit ${batch}
          ),
          items as (
            update ${notifications} n set digested_at = ${at}::timestamptz from due
            where n.member_id = due.id and n.email_mode = 'digest' and n.digested_at is null
            returning n.member_id, n.kind, n.data, n.created_at
          ),
          ranked as (select i.*, row_number() over (partition by i.member_id order by i.created_at desc) as rn from items i),
          mails as (
            insert into ${mailOutbox} (member_id, to_address, template, data)
            select d.id, d.email, 'digest', jsonb_build_object(
                'name', d.display_name, 'frequency', d.freq, 'total', count(*),
                'items', jsonb_agg(jsonb_build_object('kind', r.kind, 'data', r.data, 'createdAt', r.created_at) order by r.created_at desc)
                  filter (where r.rn <= ${DIGEST_MAX_ITEMS}))
            from due d join ranked r on r.member_id = d.id
            group by d.id, d.email, d.display_name, d.freq
            returning member_id, (data->>'total')::int as total
          ),
          marked as (
            insert into ${notificationSettings} (member_id, last_digest_at) select member_id, ${at}::timestamptz from mails
            on conflict (member_id) do update set last_digest_at = excluded.last_digest_at
            returning member_id
          )
          select (select count(*) from marked)::int as "members", coalesce((select sum(total) from mails), 0)::int as "items"`,
      );
      return result ?? { members: 0, items: 0 };
    });
    if (!done) break;
    total.members += done.members;
    total.items += done.items;
    if (done.members < batch) break;
  }
  return total;
}
