// A room's live chat: history then live messages (each once, in seq order), typing, presence, edits, deletes,
// read markers, messages typed while offline kept and sent on reconnect, and a note while the socket is reconnecting.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ChatMessage } from '../../../src/client/protocol.js';
import { api } from '../api.js';
import { chatClient } from '../chat.js';
import { formatTime } from '../format.js';
import { ErrorNote, Loading } from '../ui.js';

export const historyPath = (roomId: string) => `/rooms/${roomId}/messages?limit=50`;

interface Pending {
  clientMsgId: string;
  body: string;
}

export function ChatPanel({ roomId, meId, names, timeZone }: { roomId: string; meId: string; names: Record<string, string>; timeZone: string }) {
  const [messages, setMessages] = useState<ChatMessage[] | null>(null);
  const [pending, setPending] = useState<Pending[]>([]);
  const [online, setOnline] = useState<string[]>([]);
  const [typing, setTyping] = useState<Record<string, number>>({});
  const [connected, setConnected] = useState(true);
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const chat = chatClient();
    let cancelled = false;
    const byId = new Map<string, ChatMessage>();
    const apply = () => !cancelled && setMessages([...byId.values()].sort((a, b) => a.seq - b.seq));
    const offs = [
      chat.on('message', (m) => {
        if (m.roomId !== roomId) return;
        byId.set(m.id, m);
        setPending((p) => p.filter((x) => x.clientMsgId !== m.clientMsgId));
        const author = m.authorId;
        if (author) {
          setTyping((t) => {
            const { [author]: _gone, ...rest } = t;
            return rest;
          });
        }
        apply();
      }),
      chat.on('message_updated', (u) => {
        const m = u.roomId === roomId ? byId.get(u.id) : undefined;
        if (m) byId.set(u.id, { ...m, body: u.body, editedAt: u.editedAt });
        apply();
      }),
      chat.on('message_deleted', (d) => {
        const m = d.roomId === roomId ? byId.get(d.id) : undefined;
        if (m) byId.set(d.id, { ...m, body: null, deleted: true });
        apply();
      }),
      chat.on('presence', (p) => p.roomId === roomId && setOnline(p.online)),
      chat.on('typing', (t) => t.roomId === roomId && t.memberId !== meId && setTyping((s) => ({ ...s, [t.memberId]: Date.now() }))),
      chat.on('open', () => setConnected(true)),
      chat.on('close', () => setConnected(false)),
    ];
    // The browser knows first when the network goes away; the socket notices on its own a little later.
    const offline = () => setConnected(false);
    const online = () => setConnected(chat.connected);
    addEventListener('offline', offline);
    addEventListener('online', online);
    offs.push(() => removeEventListener('offline', offline), () => removeEventListener('online', online));
    setConnected(chat.connected || navigator.onLine);
    // The newest page over HTTP, then the socket replays anything after it and goes live.
    api<{ items: ChatMessage[]; lastSeq: number }>(historyPath(roomId)).then(
      (page) => {
        if (cancelled) return;
        for (const m of page.items) if (!byId.has(m.id)) byId.set(m.id, m);
        apply();
        chat.subscribe(roomId, chat.lastSeq(roomId) ?? page.lastSeq);
      },
      (err) => !cancelled && setError(err),
    );
    return () => {
      cancelled = true;
      for (const off of offs) off();
      chat.unsubscribe(roomId);
    };
  }, [roomId, meId]);

  // Typing notes fade after a few seconds without a new typing frame.
  useEffect(() => {
    const ids = Object.keys(typing);
    if (!ids.length) return;
    const timer = setTimeout(() => setTyping((t) => Object.fromEntries(Object.entries(t).filter(([, at]) => Date.now() - at < 4000))), 4100);
    return () => clearTimeout(timer);
  }, [typing]);

  // Keep the newest message in view and tell the server what has been read.
  const lastSeq = messages?.[messages.length - 1]?.seq;
  useEffect(() => {
    if (lastSeq === undefined) return;
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
    if (document.visibilityState === 'visible') chatClient().read(roomId, lastSeq);
  }, [lastSeq, roomId]);

  function send(e: Event) {
    e.preventDefault();
    const body = draft.trim();
    if (!body) return;
    const clientMsgId = crypto.randomUUID();
    setPending((p) => [...p, { clientMsgId, body }]);
    setDraft('');
    setError(null);
    chatClient()
      .send(roomId, body, clientMsgId)
      .catch((err: Error) => {
        setPending((p) => p.filter((x) => x.clientMsgId !== clientMsgId));
        setError(err);
      });
  }

  function saveEdit(e: Event) {
    e.preventDefault();
    if (!editing) return;
    chatClient().edit(roomId, editing.id, editing.body.trim());
    setEditing(null);
  }

  const typingNames = Object.keys(typing).map((id) => names[id] ?? 'Someone');
  const onlineNames = useMemo(() => online.filter((id) => id !== meId).map((id) => names[id] ?? 'a member'), [online, names, meId]);

  return (
    <section class="card chat" aria-labelledby="chat-title" data-testid="chat">
      <div class="card-head">
        <h2 id="chat-title">Chat</h2>
        <span class="muted" data-testid="presence">
          {onlineNames.length ? `Online: ${onlineNames.join(', ')}` : 'Nobody else online'}
        </span>
      </div>
      {!connected && (
        <p class="note" role="status" data-testid="reconnecting">
          Reconnecting… Messages you send now are kept and go out when the connection is back.
        </p>
      )}
      <ErrorNote error={error} testid="chat-error" />
      {!messages && !error && <Loading what="messages" />}
      {messages && messages.length === 0 && pending.length === 0 && <p class="muted">No messages yet: say hello to your circle.</p>}
      <ol class="messages" ref={list} data-testid="messages" aria-live="polite">
        {messages?.map((m) => (
          <li key={m.id} class={m.system ? 'system' : m.authorId === meId ? 'mine' : ''} data-testid="message" data-seq={m.seq}>
            <div class="meta">
              <strong>{m.system || !m.authorId ? 'Practice Peers' : m.authorId === meId ? 'You' : (names[m.authorId] ?? 'A member')}</strong>{' '}
              <time dateTime={m.createdAt}>{formatTime(m.createdAt, timeZone, 'time')}</time>
              {m.editedAt && !m.deleted && <span class="muted"> (edited)</span>}
            </div>
            {editing?.id === m.id ? (
              <form class="inline" onSubmit={saveEdit}>
                <label class="sr-only" for={`edit-${m.id}`}>
                  Edit message
                </label>
                <input id={`edit-${m.id}`} value={editing.body} onInput={(e) => setEditing({ id: m.id, body: (e.currentTarget as HTMLInputElement).value })} data-testid="edit-input" />
                <button type="submit" data-testid="edit-save">
                  Save
                </button>
                <button type="button" class="secondary" onClick={() => setEditing(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <p class={m.deleted ? 'muted body' : 'body'} data-testid="message-body">
                {m.deleted ? 'Message deleted' : m.body}
              </p>
            )}
            {m.authorId === meId && !m.deleted && editing?.id !== m.id && (
              <div class="msg-actions">
                <button type="button" class="link" onClick={() => setEditing({ id: m.id, body: m.body ?? '' })} data-testid="edit-message">
                  Edit
                </button>
                <button type="button" class="link" onClick={() => chatClient().delete(roomId, m.id)} data-testid="delete-message">
                  Delete
                </button>
              </div>
            )}
          </li>
        ))}
        {pending.map((p) => (
          <li key={p.clientMsgId} class="mine pending" data-testid="pending-message">
            <div class="meta">
              <strong>You</strong> <span class="muted">{connected ? 'sending…' : 'waiting for the connection…'}</span>
            </div>
            <p class="body">{p.body}</p>
          </li>
        ))}
      </ol>
      <p class="muted typing" aria-live="polite" data-testid="typing">
        {typingNames.length ? `${typingNames.join(', ')} ${typingNames.length > 1 ? 'are' : 'is'} typing…` : '\u00a0'}
      </p>
      <form class="composer" onSubmit={send}>
        <label class="sr-only" for="chat-input">
          Message
        </label>
        <input
          id="chat-input"
          autoComplete="off"
          placeholder="Write a message"
          value={draft}
          maxLength={4000}
          onInput={(e) => {
            setDraft((e.currentTarget as HTMLInputElement).value);
            chatClient().typing(roomId);
          }}
          data-testid="chat-input"
        />
        <button type="submit" data-testid="chat-send">
          Send
        </button>
      </form>
    </section>
  );
}
