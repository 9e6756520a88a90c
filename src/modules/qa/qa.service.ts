// The Q&A service: reading, writing, engagement, and the functions moderation calls (setHidden, remove, lock, review).
import type { Database } from '../../db/client.js';
import type { Notifier } from '../notifications/port.js';
import { postsPerWeek } from './activity.repo.js';
import { createEngagementService } from './engagement.service.js';
import { createPostsService } from './posts.service.js';
import { createQaModeration } from './qa.moderation.js';
import { DEFAULT_RANK_WINDOW } from './search.repo.js';
import { createThreadService } from './thread.service.js';

export interface QaServiceOptions {
  database: Database;
  /** How many of the newest matches ranked search ranks (see docs/qa.md); tests make it small. */
  rankWindow?: number;
  /** Followed-thread, mention and accepted-answer notifications go through it (none without). */
  notifier?: Notifier;
}

export function createQaService({ database, rankWindow = DEFAULT_RANK_WINDOW, notifier }: QaServiceOptions) {
  const thread = createThreadService({ database, rankWindow });
  const posts = createPostsService({ database, thread, notifier });
  const engagement = createEngagementService({ database, notifier });
  const moderation = createQaModeration({ database });
  /** Questions and answers per UTC week since a date (the admin's overview). */
  const postsPerWeekSince = (since: Date) => postsPerWeek(database.db, since);
  return { ...thread, ...posts, ...engagement, ...moderation, postsPerWeekSince };
}

export type QaService = ReturnType<typeof createQaService>;
