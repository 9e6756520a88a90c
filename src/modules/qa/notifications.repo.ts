// Notifications: written (fan-out to followers, mentions) in the post's own transaction, read through visibility.
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { answers, members, qaFollows, qaNotifications, questions, replies } from '../../db/schema/index.js';
import type { NotificationRow } from './qa.mapper.js';
import { isoTs, rows, uuidArray } from './qa.sql.js';
import { postShown, questionVisible, questionVisibleTo, type Viewer } from './qa.visibility.js';

export interface NotificationEvent {
  kind: 'answer' | 'reply' | 'mention';
  questionId: string;
  answerId: string | null;
  replyId: string | null;
  actorId: string;
}

const insertColumns = sql`(member_id, kind, question_id, answer_id, reply_id, actor_id)`;
const eventValues = (e: NotificationEvent, recipient: SQL) =>
  sql`${recipient}, ${e.kind}, ${e.questionId}::uuid, ${e.answerId}::uuid, ${e.replyId}::uuid, ${e.actorId}::uuid`;

/** Recipient is an active member who may see the question (admins see all). */
const mayReceive = (recipient: SQL) =>
  sql`${members.status} = 'active' and (${members.role} = 'admin' or ${questionVisibleTo(recipient, false)})`;

/** One notification per follower of the thread, the actor excepted. Returns the recipients. */
export async function notifyFollowers(tx: DbOrTx, e: NotificationEvent): Promise<string[]> {
  const recipient = sql`${qaFollows.memberId}`;
  const out = await rows<{ memberId: string }>(
    tx,
    sql`insert into ${qaNotifications} ${insertColumns}
      select ${eventValues(e, recipient)} from ${qaFollows}
      join ${members} on ${members.id} = ${qaFollows.memberId}
      join ${questions} on ${questions.id} = ${qaFollows.questionId}
      where ${qaFollows.questionId} = ${e.questionId} and ${qaFollows.memberId} <> ${e.actorId} and ${mayReceive(recipient)}
      returning member_id as "memberId"`,
  );
  return out.map((r) => r.memberId);
}

const MENTION = /@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/gi;

/** Member ids mentioned as @<member id> in a text (at most 10). */
export function mentionedIds(text: string): string[] {
  const ids = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    ids.add(match[1]!.toLowerCase());
    if (ids.size >= 10) break;
  }
  return [...ids];
}

/** A mention notification for each mentioned member who may see the thread and was not already notified. */
export async function notifyMentions(tx: DbOrTx, e: NotificationEvent, memberIds: string[], alreadyNotified: string[]): Promise<void> {
  const targets = memberIds.filter((id) => id !== e.actorId && !alreadyNotified.includes(id));
  if (!targets.length) return;
  const recipient = sql`${members.id}`;
  await tx.execute(
    sql`insert into ${qaNotifications} ${insertColumns}
      select ${eventValues({ ...e, kind: 'mention' }, recipient)} from ${members}
      join ${questions} on ${questions.id} = ${e.questionId}
      where ${members.id} = any(${uuidArray(targets)}) and ${mayReceive(recipient)}`,
  );
}

/** What the viewer may still see of a notification: its thread, and the answer or reply it points at. */
function notificationVisible(viewer: Viewer): SQL {
  if (viewer.isAdmin) return sql`true`;
  return sql`${questionVisible(viewer)} and (${answers.id} is null or ${postShown(answers)}) and (${replies.id} is null or ${postShown(replies)})`;
}

const joins = sql`join ${questions} on ${questions.id} = ${qaNotifications.questionId}
  left join ${answers} on ${answers.id} = ${qaNotifications.answerId}
  left join ${replies} on ${replies.id} = ${qaNotifications.replyId}`;

export async function listNotifications(
  db: DbOrTx,
  viewer: Viewer,
  opts: { unreadOnly: boolean; after?: { t: string; id: string }; take: number },
): Promise<NotificationRow[]> {
  const unread = opts.unreadOnly ? sql`and ${qaNotifications.readAt} is null` : sql``;
  const cursor = opts.after
    ? sql`and (${qaNotifications.createdAt}, ${qaNotifications.id}) < (${opts.after.t}::timestamptz, ${opts.after.id}::uuid)`
    : sql``;
  return rows<NotificationRow>(
    db,
    sql`select ${qaNotifications.id} as "id", ${qaNotifications.kind} as "kind", ${qaNotifications.questionId} as "questionId",
        ${questions.title} as "questionTitle", ${questions.authorId} as "askerId", ${questions.anonymous} as "anonymous",
        ${qaNotifications.answerId} as "answerId", ${qaNotifications.replyId} as "replyId",
        ${qaNotifications.actorId} as "actorId", ${members.displayName} as "actorName",
        left(coalesce(${replies.body}, ${answers.body}, ${questions.body}), 160) as "excerpt",
        ${qaNotifications.readAt} is not null as "read", ${isoTs(qaNotifications.createdAt)} as "createdAt"
      from ${qaNotifications} ${joins} left join ${members} on ${members.id} = ${qaNotifications.actorId}
      where ${qaNotifications.memberId} = ${viewer.memberId} and ${notificationVisible(viewer)} ${unread} ${cursor}
      order by ${qaNotifications.createdAt} desc, ${qaNotifications.id} desc limit ${opts.take}`,
  );
}

export async function unreadCount(db: DbOrTx, viewer: Viewer): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as "n" from ${qaNotifications} ${joins}
      where ${qaNotifications.memberId} = ${viewer.memberId} and ${qaNotifications.readAt} is null and ${notificationVisible(viewer)}`,
  );
  return row?.n ?? 0;
}

export async function markRead(db: DbOrTx, memberId: string, ids: string[] | 'all'): Promise<void> {
  const where = [eq(qaNotifications.memberId, memberId), isNull(qaNotifications.readAt)];
  if (ids !== 'all') where.push(sql`${qaNotifications.id} = any(${uuidArray(ids)})`);
  await db.update(qaNotifications).set({ readAt: new Date() }).where(and(...where));
}
