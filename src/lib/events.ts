// In-process domain events between feature modules (moderation → chat, matching → chat); the chat bus carries them across processes.
import { EventEmitter } from 'node:events';

export interface DomainEvents {
  /** A member was suspended: end their sockets and subscriptions everywhere. */
  'member.suspended': { memberId: string };
  /** A member left a circle (removed by an admin, or declined): end their subscription to its room. */
  'circle.member_removed': { circleId: string; memberId: string };
  /** Circles were created (a round was published). */
  'circle.created': { circleId: string; memberIds: string[] };
  /** A chat message was hidden or removed by moderation: connected sockets get message_deleted. */
  'message.hidden': { roomId: string; messageId: string };
  /** A hidden chat message was restored by moderation. */
  'message.restored': { roomId: string; messageId: string };
  /** Sessions ended (logout, revoke, password change): close the sockets opened with them, on every process. No sessionId: all of the member's sessions. */
  'session.ended': { memberId: string; sessionId?: string };
  /** A notification was committed: push a `notification` frame to the member's open sockets, on every process. */
  'notification.created': { memberId: string; notification: { id: string; kind: string; data: Record<string, unknown>; createdAt: string } };
  /** A circle was closed at the end of its term: its room becomes read-only. */
  'circle.closed': { circleId: string };
}

export class EventHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  on<K extends keyof DomainEvents>(name: K, listener: (payload: DomainEvents[K]) => void | Promise<void>): () => void {
    const wrapped = (payload: DomainEvents[K]) => {
      void Promise.resolve()
        .then(() => listener(payload))
        .catch((err) => this.emitter.emit('listener_error', err));
    };
    this.emitter.on(name, wrapped);
    return () => this.emitter.off(name, wrapped);
  }

  emit<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  onListenerError(fn: (err: unknown) => void): void {
    this.emitter.on('listener_error', fn);
  }
}
