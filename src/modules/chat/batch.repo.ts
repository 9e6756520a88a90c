// Group commit for sends: a batch of messages stored by one statement (one round trip, its own transaction), rooms
// locked in id order so concurrent batches on several processes cannot deadlock.
import { fillPlaceholders } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { chatMessages, chatRooms } from '../../db/schema/index.js';
import { columnNames, isoTs, render, renderedRows, sql, textArrayLiteral } from '../../db/sql.js';
import type { InsertResult } from './messages.repo.js';
import { belongs } from './rooms.repo.js';

export interface BatchInput {
  id: string;
  roomId: string;
  authorId: string;
  clientMsgId: string;
  body: string;
}

const param = (name: string, type: string) => sql`${sql.placeholder(name)}::${sql.raw(type)}[]`;

/**
 * One statement: the rooms are locked in id order (`for update` sees the newest committed last_seq), stored repeats of
 * a clientMsgId and membership are read, each room's new messages take consecutive seqs after its last_seq in input
 * order, and the messages and the rooms' new last_seq values are written. A repeat committed by someone else after the
 * statement began makes the unique index fail it whole (nothing stored): the caller retries one by one, which finds it.
 * Every step is a scan of the input with index probes (the locked seqs are one jsonb map), so no plan depends on row
 * estimates. Rendered once; the five arrays are its only parameters.
 */
const BATCH = render(sql`
  with i as materialized (
    select * from unnest(${param('ids', 'uuid')}, ${param('rooms', 'uuid')}, ${param('authors', 'uuid')}, ${param('clientMsgIds', 'text')}, ${param('bodies', 'text')})
      with ordinality as i(id, room_id, author_id, client_msg_id, body, ord)
  ), locked as materialized (
    select coalesce(jsonb_object_agg(r.id, r.last_seq), '{}') as seqs from (
      select ${chatRooms.id} as id, ${chatRooms.lastSeq} as last_seq from ${chatRooms}
      where ${chatRooms.id} = any((select array_agg(room_id) from i)::uuid[]) and ${chatRooms.closedAt} is null
      order by ${chatRooms.id} for update
    ) r
  ), checked as materialized (
    select i.*, e.id as e_id, e.seq as e_seq, e.created_at as e_at, e.body as e_body, (locked.seqs ->> i.room_id::text)::bigint as last_seq, b.allowed
    from i cross join locked
    cross join lateral (select ${belongs(sql.raw('i.room_id'), sql.raw('i.author_id'))} as allowed offset 0) b
    left join lateral (
      select ${chatMessages.id} as id, ${chatMessages.seq} as seq, ${chatMessages.createdAt} as created_at, ${chatMessages.body} as body from ${chatMessages}
      where ${chatMessages.roomId} = i.room_id and ${chatMessages.authorId} = i.author_id and ${chatMessages.clientMsgId} = i.client_msg_id
    ) e on true
  ), fresh as materialized (
    select id, room_id, author_id, client_msg_id, body, ord, last_seq + row_number() over (partition by room_id order by ord) as seq
    from checked where e_id is null and allowed and last_seq is not null
  ), bump as (
    update ${chatRooms} set ${columnNames(chatRooms.lastSeq)} = top.seq
    from (select room_id, max(seq) as seq from fresh group by room_id) top where ${chatRooms.id} = top.room_id
  ), ins as (
    insert into ${chatMessages} (${columnNames(chatMessages.id, chatMessages.roomId, chatMessages.seq, chatMessages.authorId, chatMessages.clientMsgId, chatMessages.body, chatMessages.createdAt)})
    select id, room_id, seq, author_id, client_msg_id, body, now() from fresh
  )
  select ord::int as ord, id, seq::float8 as seq, ${isoTs(sql.raw('now()'))} as "createdAt", null as body, true as created from fresh
  union all
  select ord::int, e_id, e_seq::float8, ${isoTs(sql.raw('e_at'))}, e_body, false from checked where e_id is not null`);

/** Results line up with the input (null: not a member, no room, or closed). */
export async function insertMessages(database: Database, items: readonly BatchInput[]): Promise<(InsertResult | null)[]> {
  const found = await renderedRows<{ ord: number; id: string; seq: number; createdAt: string; body: string | null; created: boolean }>(
    database,
    BATCH.sql,
    fillPlaceholders(BATCH.params, {
      ids: `{${items.map((i) => i.id).join(',')}}`,
      rooms: `{${items.map((i) => i.roomId).join(',')}}`,
      authors: `{${items.map((i) => i.authorId).join(',')}}`,
      clientMsgIds: textArrayLiteral(items.map((i) => i.clientMsgId)),
      bodies: textArrayLiteral(items.map((i) => i.body)),
    }),
  );
  const results: (InsertResult | null)[] = items.map(() => null);
  for (const r of found) {
    const index = r.ord - 1;
    results[index] = { row: { id: r.id, seq: r.seq, createdAt: r.createdAt, body: r.created ? items[index]!.body : r.body! }, created: r.created };
  }
  return results;
}
