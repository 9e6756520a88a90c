// This process's open sockets by member: member-wide frames (read markers, notifications), kicks and session ends,
// the ping heartbeat, and closing every socket at shutdown.
import type { WebSocket } from 'ws';
import { CLOSE, type Connection } from './connection.js';

export class MemberSockets {
  readonly byMember = new Map<string, Set<Connection>>();

  add(conn: Connection): void {
    let set = this.byMember.get(conn.memberId);
    if (!set) this.byMember.set(conn.memberId, (set = new Set()));
    set.add(conn);
  }

  delete(conn: Connection): void {
    const set = this.byMember.get(conn.memberId);
    if (!set?.delete(conn)) return;
    if (!set.size) this.byMember.delete(conn.memberId);
  }

  get count(): number {
    let n = 0;
    for (const set of this.byMember.values()) n += set.size;
    return n;
  }

  of(memberId: string): ReadonlySet<Connection> {
    return this.byMember.get(memberId) ?? EMPTY;
  }

  memberIds(): string[] {
    return [...this.byMember.keys()];
  }

  /** One frame, serialised once, to every socket of the member here. */
  sendTo(memberId: string, frame: object): void {
    const set = this.byMember.get(memberId);
    if (!set) return;
    const data = JSON.stringify(frame);
    for (const conn of set) conn.sendRaw(data);
  }

  kick(memberId: string): void {
    for (const conn of [...this.of(memberId)]) conn.close(CLOSE.suspended, 'member suspended');
  }

  /** The sockets opened with that session close (4001); without a session id, all of the member's. */
  endSession(memberId: string, sessionId: string | undefined): void {
    for (const conn of [...this.of(memberId)]) {
      if (sessionId === undefined || conn.sessionId === sessionId) conn.close(CLOSE.sessionEnded, 'session ended');
    }
  }

  /** Each (room, member) pair subscribed here, once. */
  subscriptions(): { roomId: string; memberId: string }[] {
    const pairs: { roomId: string; memberId: string }[] = [];
    for (const [memberId, conns] of this.byMember) {
      const rooms = new Set<string>();
      for (const conn of conns) for (const roomId of conn.subs.keys()) rooms.add(roomId);
      for (const roomId of rooms) pairs.push({ roomId, memberId });
    }
    return pairs;
  }

  /** Ends sockets that did not answer the last ping, pings the others. */
  heartbeat(): void {
    for (const conns of this.byMember.values()) {
      for (const conn of conns) {
        if (!conn.alive) {
          conn.ws.terminate();
          continue;
        }
        conn.alive = false;
        conn.ws.ping();
      }
    }
  }

  /** Every socket gets 1012 (reconnect elsewhere and resume); those that do not finish the handshake in time are cut. */
  async closeAll(timeoutMs: number): Promise<void> {
    const sockets: WebSocket[] = [];
    for (const conns of [...this.byMember.values()]) {
      for (const conn of [...conns]) {
        sockets.push(conn.ws);
        conn.close(CLOSE.restart, 'server restarting');
      }
    }
    await waitClosed(sockets, timeoutMs);
  }
}

const EMPTY: ReadonlySet<Connection> = new Set();

async function waitClosed(sockets: WebSocket[], timeoutMs: number): Promise<void> {
  const open = sockets.filter((ws) => ws.readyState !== ws.CLOSED);
  if (!open.length) return;
  await new Promise<void>((resolve) => {
    let left = open.length;
    const timer = setTimeout(() => {
      for (const ws of open) ws.terminate();
      resolve();
    }, timeoutMs);
    for (const ws of open) {
      ws.once('close', () => {
        if (--left === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}
