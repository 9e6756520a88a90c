// History paging over HTTP for the client: what it reads when a room is too far behind for a replay (resync_required).
import { ChatError, type ChatClientOptions } from './client-types.js';
import type { ChatMessage } from './protocol.js';

const PAGE = 100;

/** Pages a room's messages with seq > after, up to lastSeq, oldest first, handing each page to onPage. */
export async function pageHistory(
  opts: Pick<ChatClientOptions, 'httpBase' | 'url' | 'token'>,
  roomId: string,
  after: number,
  lastSeq: number,
  onPage: (items: ChatMessage[]) => void,
): Promise<void> {
  const base = opts.httpBase ?? `${opts.url.replace(/^ws/, 'http').replace(/\/ws(\?.*)?$/, '')}`;
  const init: RequestInit = opts.token === undefined ? { credentials: 'same-origin' } : { headers: { authorization: `Bearer ${opts.token}` } };
  for (let page = 0; page < 10_000 && after < lastSeq; page++) {
    const res = await fetch(`${base}/rooms/${roomId}/messages?afterSeq=${after}&limit=${PAGE}`, init);
    if (!res.ok) throw new ChatError('RESYNC_FAILED', `history answered ${res.status}`);
    const { items } = (await res.json()) as { items: ChatMessage[] };
    if (!items.length) break;
    onPage(items);
    after = items[items.length - 1]!.seq;
  }
}
