// Reads of one thread: the question as the viewer sees it, its answers page by page, and their reply threads.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { answers, qaFollows, qaVotes, questions, replies } from '../../db/schema/index.js';
import { memberView } from '../members/read-port.js';
import type { AnswerRow, ReplyRow, SummaryRow } from './qa.mapper.js';
import { isoTs, rows, uuidArray } from '../../db/sql.js';
import { postShown, postVisible, questionVisible, type Viewer } from './qa.visibility.js';
import { summaryColumns } from './search.repo.js';

export type QuestionViewRow = SummaryRow & {
  body: string;
  version: number;
  acceptedAnswerId: string | null;
  myVote: number;
  following: boolean;
};

const myVote = (viewer: Viewer, targetType: 'question' | 'answer', target: SQL | unknown): SQL =>
  sql`coalesce((select ${qaVotes.value} from ${qaVotes} where ${qaVotes.memberId} = ${viewer.memberId} and ${qaVotes.targetType} = ${targetType} and ${qaVotes.targetId} = ${target}), 0)::int`;

export async function questionView(db: DbOrTx, viewer: Viewer, id: string): Promise<QuestionViewRow | undefined> {
  // Members never learn of an accepted answer they cannot see.
  const accepted = viewer.isAdmin
    ? sql`${questions.acceptedAnswerId}`
    : sql`(select ${answers.id} from ${answers} where ${answers.id} = ${questions.acceptedAnswerId} and ${postShown(answers)})`;
  const [row] = await rows<QuestionViewRow>(
    db,
    sql`select ${summaryColumns(viewer)}, null as "titleHighlight", null as "snippet",
        ${questions.body} as "body", ${questions.version} as "version", ${accepted} as "acceptedAnswerId",
        ${myVote(viewer, 'question', questions.id)} as "myVote",
        exists (select 1 from ${qaFollows} where ${qaFollows.memberId} = ${viewer.memberId} and ${qaFollows.questionId} = ${questions.id}) as "following"
      from ${questions} left join ${memberView} on ${memberView.id} = ${questions.authorId}
      where ${questions.id} = ${id} and ${questionVisible(viewer)}`,
  );
  return row;
}

/** Answers order: the accepted one first, then by score, then oldest first. The cursor carries all four keys. */
export interface AnswerCursor {
  a: 0 | 1;
  sc: number;
  t: string;
  id: string;
}

export type AnswerPageRow = AnswerRow & { acceptedKey: 0 | 1 };

export async function answersPage(
  db: DbOrTx,
  viewer: Viewer,
  opts: { questionId: string; acceptedAnswerId: string | null; after?: AnswerCursor; take: number; onlyId?: string },
): Promise<AnswerPageRow[]> {
  const { questionId, acceptedAnswerId, after, take } = opts;
  const only = opts.onlyId ? sql`and ${answers.id} = ${opts.onlyId}` : sql``;
  const acceptedKey = sql`(case when ${answers.id} = ${acceptedAnswerId}::uuid then 0 else 1 end)`;
  const cursor = after
    ? sql`and (${acceptedKey}, -${answers.score}, ${answers.createdAt}, ${answers.id}) > (${after.a}, ${-after.sc}, ${after.t}::timestamptz, ${after.id}::uuid)`
    : sql``;
  return rows<AnswerPageRow>(
    db,
    sql`select ${answers.id} as "id", ${answers.questionId} as "questionId", ${answers.authorId} as "authorId", ${memberView.displayName} as "authorName",
        ${answers.body} as "body", ${answers.score} as "score", ${myVote(viewer, 'answer', answers.id)} as "myVote",
        ${acceptedKey} = 0 as "accepted", ${answers.version} as "version",
        (select count(*)::int from ${replies} where ${replies.answerId} = ${answers.id} and ${postVisible(viewer, replies)}) as "replyCount",
        ${isoTs(answers.createdAt)} as "createdAt", ${isoTs(answers.updatedAt)} as "updatedAt",
        ${answers.hiddenAt} is not null as "hidden", ${answers.hiddenReason} as "hiddenReason", ${answers.removedAt} is not null as "removed",
        ${acceptedKey} as "acceptedKey"
      from ${answers} left join ${memberView} on ${memberView.id} = ${answers.authorId}
      where ${answers.questionId} = ${questionId} and ${postVisible(viewer, answers)} ${only} ${cursor}
      order by ${acceptedKey}, ${answers.score} desc, ${answers.createdAt}, ${answers.id}
      limit ${take}`,
  );
}

const replyColumns = sql`${replies.id} as "id", ${replies.answerId} as "answerId", ${replies.questionId} as "questionId",
  ${replies.parentId} as "parentId", ${replies.depth} as "depth", ${replies.authorId} as "authorId", ${memberView.displayName} as "authorName",
  ${replies.body} as "body", ${replies.version} as "version", ${isoTs(replies.createdAt)} as "createdAt", ${isoTs(replies.updatedAt)} as "updatedAt",
  ${replies.hiddenAt} is not null as "hidden", ${replies.hiddenReason} as "hiddenReason", ${replies.removedAt} is not null as "removed"`;

/** The first `perAnswer` replies (oldest first) of each answer, plus one more where there are more. */
export async function firstReplies(db: DbOrTx, viewer: Viewer, answerIds: string[], perAnswer: number): Promise<(ReplyRow & { n: number })[]> {
  if (!answerIds.length) return [];
  return rows<ReplyRow & { n: number }>(
    db,
    sql`select * from (
        select ${replyColumns}, row_number() over (partition by ${replies.answerId} order by ${replies.createdAt}, ${replies.id})::int as "n"
        from ${replies} left join ${memberView} on ${memberView.id} = ${replies.authorId}
        where ${replies.answerId} = any(${uuidArray(answerIds)}) and ${postVisible(viewer, replies)}
      ) thread where "n" <= ${perAnswer + 1} order by "answerId", "n"`,
  );
}

export async function repliesPage(
  db: DbOrTx,
  viewer: Viewer,
  answerId: string,
  after: { t: string; id: string } | undefined,
  take: number,
): Promise<ReplyRow[]> {
  const cursor = after ? sql`and (${replies.createdAt}, ${replies.id}) > (${after.t}::timestamptz, ${after.id}::uuid)` : sql``;
  return rows<ReplyRow>(
    db,
    sql`select ${replyColumns} from ${replies} left join ${memberView} on ${memberView.id} = ${replies.authorId}
      where ${replies.answerId} = ${answerId} and ${postVisible(viewer, replies)} ${cursor}
      order by ${replies.createdAt}, ${replies.id} limit ${take}`,
  );
}

export async function replyById(db: DbOrTx, viewer: Viewer, id: string): Promise<ReplyRow | undefined> {
  const [row] = await rows<ReplyRow>(
    db,
    sql`select ${replyColumns} from ${replies} left join ${memberView} on ${memberView.id} = ${replies.authorId}
      where ${replies.id} = ${id} and ${postVisible(viewer, replies)}`,
  );
  return row;
}

/**
 * Parent links of the replies members may not see, so a visible reply under a hidden one can be shown under the
 * nearest visible ancestor instead (the hidden reply vanishes without taking its replies along).
 */
export async function hiddenReplyParents(db: DbOrTx, answerIds: string[]): Promise<Map<string, string | null>> {
  if (!answerIds.length) return new Map();
  const found = await rows<{ id: string; parentId: string | null }>(
    db,
    sql`select ${replies.id} as "id", ${replies.parentId} as "parentId" from ${replies}
      where ${replies.answerId} = any(${uuidArray(answerIds)}) and not ${postShown(replies)}`,
  );
  return new Map(found.map((r) => [r.id, r.parentId]));
}
