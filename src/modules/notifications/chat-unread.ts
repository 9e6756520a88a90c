// Unread chat: one batched notification per absence (never one per message), once the member had no open socket for a while.
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { notificationSettings } from '../../db/schema/index.js';
import { memberView, activeStatus } from '../members/read-port.js';
import { rows, sql, uuidArray } from '../../db/sql.js';
import type { Notifier } from './port.js';
import type { PeriodicJob } from './worker.js';

export interface ChatSource {
  /** Members with an open socket on this process. */
  connectedMemberIds(): string[];
  /** Unread messages per room of the member (chat's service). */
  unreadCounts(memberId: string): Promise<Map<string, number>>;
}

/** Zero unread at the last look: look again after this long (during the same absence). */
const RECHECK_MS = 10 * 60_000;
const PER_RUN = 200;

/**
 * Each run (every process): members with a socket here are stamped seen; members away longer than
 * NOTIFY_CHAT_UNREAD_MINUTES and not told since they were last seen get one `chat_unread` with their unread total.
 * The dedupe key is the absence (the seen time), so several processes tell a member once.
 */
export async function runChatUnread(deps: { database: Database; config: Pick<Config, 'NOTIFY_CHAT_UNREAD_MINUTES'>; notifier: Notifier; chat: ChatSource }, now: Date): Promise<number> {
  const { db } = deps.database;
  const at = now.toISOString();
  const online = deps.chat.connectedMemberIds();
  if (online.length) {
    await db.execute(
      sql`insert into ${notificationSettings} (member_id, chat_seen_at) select id, ${at}::timestamptz from ${memberView} where id = any(${uuidArray(online)})
          on conflict (member_id) do update set chat_seen_at = excluded.chat_seen_at`,
    );
  }
  const away = new Date(now.getTime() - deps.config.NOTIFY_CHAT_UNREAD_MINUTES * 60_000).toISOString();
  const recheck = new Date(now.getTime() - RECHECK_MS).toISOString();
  const candidates = await rows<{ memberId: string; seenAt: string }>(
    db,
    sql`select s.member_id as "memberId", s.chat_seen_at as "seenAt" from ${notificationSettings} s join ${memberView} m on m.id = s.member_id
        where ${activeStatus(sql`m.status`)} and s.chat_seen_at < ${away}::timestamptz
          and (s.chat_told_at is null or s.chat_told_at < s.chat_seen_at or (s.chat_unread_told = 0 and s.chat_told_at < ${recheck}::timestamptz))
        order by s.chat_told_at nulls first, s.chat_seen_at limit ${PER_RUN}`,
  );
  let told = 0;
  for (const c of candidates) {
    const counts = await deps.chat.unreadCounts(c.memberId);
    const unread = [...counts.values()].reduce((a, b) => a + b, 0);
    const rooms = [...counts.values()].filter((n) => n > 0).length;
    await db.transaction(async (tx) => {
      if (unread > 0) {
        await deps.notifier.notify(tx, { memberId: c.memberId, kind: 'chat_unread', data: { unread, rooms }, dedupeKey: `chat_unread:${new Date(c.seenAt).toISOString()}` });
        told += 1;
      }
      await tx.execute(sql`update ${notificationSettings} set chat_told_at = ${at}::timestamptz, chat_unread_told = ${unread} where member_id = ${c.memberId}`);
    });
  }
  return told;
}

export function chatUnreadJob(deps: Parameters<typeof runChatUnread>[0]): PeriodicJob {
  return { name: 'chat-unread', everyMs: 60_000, run: (now) => runChatUnread(deps, now) };
}
