// Q&A notifications: who to tell about a new post (followers, mentions), handed to the Notifier in the post's own transaction.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { answers, qaFollows, questions, replies } from '../../db/schema/index.js';
import { memberView, displayNameOf, activeStatus } from '../members/read-port.js';
import { rows, uuidArray } from '../../db/sql.js';
import type { NotificationInput, Notifier } from '../notifications/port.js';
import { postShown, questionVisible, questionVisibleTo } from './qa.visibility.js';

export interface NotificationEvent {
  kind: 'answer' | 'reply' | 'mention';
  questionId: string;
  answerId: string | null;
  replyId: string | null;
  actorId: string;
}

/** Recipient is an active member who may see the question (admins see all). */
const mayReceive = (recipient: SQL) =>
  sql`${activeStatus()} and (${memberView.role} = 'admin' or ${questionVisibleTo(recipient, false)})`;

/** What every notification about this post carries: the thread, an excerpt, and the actor (masked as the asker of an anonymous question). */
async function eventData(tx: DbOrTx, e: NotificationEvent): Promise<Record<string, unknown>> {
  const [row] = await rows<{ title: string; anonymous: boolean; askerId: string; actorName: string | null; excerpt: string }>(
    tx,
    sql`select ${questions.title} as "title", ${questions.anonymous} as "anonymous", ${questions.authorId} as "askerId",
          ${displayNameOf(e.actorId)} as "actorName",
          left(coalesce((select body from ${replies} where id = ${e.replyId}::uuid), (select body from ${answers} where id = ${e.answerId}::uuid), ${questions.body}), 160) as "excerpt"
        from ${questions} where ${questions.id} = ${e.questionId}`,
  );
  const masked = !row || (row.anonymous && row.askerId === e.actorId);
  return {
    questionId: e.questionId,
    questionTitle: row?.title ?? '',
    answerId: e.answerId,
    replyId: e.replyId,
    actorId: masked ? null : e.actorId,
    actorName: masked ? null : row.actorName,
    excerpt: row?.excerpt ?? '',
  };
}

const KIND = { answer: 'qa_answer', reply: 'qa_reply', mention: 'qa_mention' } as const;
const postKey = (e: NotificationEvent) => e.replyId ?? e.answerId ?? e.questionId;

/** Followers of the thread (the actor excepted), then anyone mentioned as @<member id> who is not already told: one notification each. */
export async function notifyPost(tx: DbOrTx, notifier: Notifier | undefined, e: NotificationEvent, text: string): Promise<void> {
  if (!notifier) return;
  const told =
    e.kind === 'mention'
      ? []
      : (
          await rows<{ memberId: string }>(
            tx,
            sql`select ${qaFollows.memberId} as "memberId" from ${qaFollows}
              join ${memberView} on ${memberView.id} = ${qaFollows.memberId}
              join ${questions} on ${questions.id} = ${qaFollows.questionId}
              where ${qaFollows.questionId} = ${e.questionId} and ${qaFollows.memberId} <> ${e.actorId} and ${mayReceive(sql`${qaFollows.memberId}`)}`,
          )
        ).map((r) => r.memberId);
  const mentioned = mentionedIds(text).filter((id) => id !== e.actorId && !told.includes(id));
  const mentions = mentioned.length
    ? (
        await rows<{ memberId: string }>(
          tx,
          sql`select ${memberView.id} as "memberId" from ${memberView} join ${questions} on ${questions.id} = ${e.questionId}
            where ${memberView.id} = any(${uuidArray(mentioned)}) and ${mayReceive(sql`${memberView.id}`)}`,
        )
      ).map((r) => r.memberId)
    : [];
  if (!told.length && !mentions.length) return;
  const data = await eventData(tx, e);
  const key = postKey(e);
  const inputs: NotificationInput[] = [
    ...told.map((memberId) => ({ memberId, kind: KIND[e.kind], data, dedupeKey: `${KIND[e.kind]}:${key}` })),
    ...mentions.map((memberId) => ({ memberId, kind: 'qa_mention' as const, data, dedupeKey: `qa_mention:${key}` })),
  ];
  await notifier.notify(tx, inputs);
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

/** The answer's author learns their answer was accepted (not when they accepted their own, and once per answer). */
export async function notifyAccepted(tx: DbOrTx, notifier: Notifier | undefined, input: { questionId: string; answerId: string; askerId: string }): Promise<void> {
  if (!notifier) return;
  const [row] = await rows<{ authorId: string; title: string; excerpt: string }>(
    tx,
    sql`select ${answers.authorId} as "authorId", ${questions.title} as "title", left(${answers.body}, 160) as "excerpt"
        from ${answers} join ${questions} on ${questions.id} = ${answers.questionId} where ${answers.id} = ${input.answerId}`,
  );
  if (!row || row.authorId === input.askerId) return;
  await notifier.notify(tx, {
    memberId: row.authorId,
    kind: 'qa_answer_accepted',
    data: { questionId: input.questionId, questionTitle: row.title, answerId: input.answerId, replyId: null, actorId: null, actorName: null, excerpt: row.excerpt },
    dedupeKey: `qa_answer_accepted:${input.answerId}`,
  });
}

/**
 * For the notifications list: a Q&A notification stays listed only while the member may still see its thread and the
 * answer or reply it points at (a hidden post or a circle left takes it along). Other kinds pass. `row` is the notifications row.
 */
export function qaNotificationVisible(viewer: { memberId: string; isAdmin: boolean }, row: { kind: SQL; data: SQL }): SQL {
  if (viewer.isAdmin) return sql`true`;
  return sql`(${row.kind} not like 'qa\\_%' or exists (
    select 1 from ${questions}
    left join ${answers} on ${answers.id} = (${row.data}->>'answerId')::uuid
    left join ${replies} on ${replies.id} = (${row.data}->>'replyId')::uuid
    where ${questions.id} = (${row.data}->>'questionId')::uuid and ${questionVisible(viewer)}
      and (${answers.id} is null or ${postShown(answers)}) and (${replies.id} is null or ${postShown(replies)})))`;
}
