// The plug-in points: each content kind (question, answer, reply, message) gives moderation a ContentModerator; matching a release.
import type { DbOrTx } from '../../db/client.js';

export const CONTENT_KINDS = ['question', 'answer', 'reply', 'message'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];
export const isContentKind = (s: string): s is ContentKind => (CONTENT_KINDS as readonly string[]).includes(s);

/** A stored piece of content as moderation sees it: hidden and removed items included. */
export interface ReviewContent {
  kind: ContentKind;
  id: string;
  /** null when the author's account is gone. Anonymous questions still name the author here (admins only see this). */
  authorId: string | null;
  title: string | null;
  body: string | null;
  createdAt: Date;
  /** Hidden by a moderator (the content module's own flag). */
  hidden: boolean;
  /** Gone for good: removed by a moderator or deleted by its author. */
  removed: boolean;
  /** Where it lives, e.g. { questionId } for an answer, { roomId } for a chat message. */
  context: Record<string, string | null>;
}

/**
 * What a content module offers moderation. Every write takes the caller's transaction handle, so the change and its
 * audit entry commit together or not at all; `changed` runs after the commit (live notifications, sockets).
 */
export interface ContentModerator {
  getForReview(db: DbOrTx, id: string): Promise<ReviewContent | null>;
  /**
   * May this member see the item now? (Reporting needs it; otherwise the answer is 404, as for a missing item.)
   * Called outside any transaction, so it may use the module's own service and connection.
   */
  visibleTo(db: DbOrTx, memberId: string, item: ReviewContent): Promise<boolean>;
  setHidden(db: DbOrTx, item: ReviewContent, hidden: boolean, reason: string | null): Promise<void>;
  remove(db: DbOrTx, item: ReviewContent, reason: string): Promise<void>;
  changed?(item: ReviewContent, change: 'hidden' | 'restored' | 'removed'): void;
}

/** Questions also lock (no more answers or replies). */
export interface QuestionLocker {
  /** Sets the lock; returns the previous value, or null when there is no such question. */
  setLocked(db: DbOrTx, questionId: string, locked: boolean): Promise<boolean | null>;
}

export type ContentRegistry = Partial<Record<ContentKind, ContentModerator>>;

export interface ContentIntegrations {
  content: ContentRegistry;
  questions?: QuestionLocker;
}
