// The notifications service: the Notifier (outbox writes), the in-app list, preferences, unsubscribe, verification and the worker.
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { Errors } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import type { EventHub } from '../../lib/events.js';
import { chatUnreadJob, type ChatSource } from './chat-unread.js';
import { buildDigests } from './digest.js';
import { defaultMode, effectiveMode, isKind, LOCKED_KINDS, type Mode } from './kinds.js';
import { createMailer, type Mailer } from './mailer.js';
import { countUnread, listForMember, markRead, readPreferences, writeDigestFrequency, writePreferences, type ListFilter } from './notifications.repo.js';
import { insertNotifications } from './outbox.repo.js';
import { NOTIFICATION_KINDS, type NotificationKind, type Notifier } from './port.js';
import { createRenderer, type MailRenderer } from './render.js';
import { reminderJob, runAllianceReviews, type MeetingSource, type ReviewsDue } from './reminders.js';
import { toListItem } from './views.js';
import { createSigner, loadSigningSecret, type Signer } from './tokens.js';
import { createVerification } from './verification.js';
import { createDeliveryWorker, type PeriodicJob } from './worker.js';

const listCursor = z.object({ t: z.iso.datetime(), id: z.uuid() });

export interface NotificationsDeps {
  database: Database;
  config: Config;
  events: EventHub;
  log: FastifyBaseLogger;
  /** The app's own address for links when PUBLIC_URL is unset (the bound port, with PORT=0). */
  baseUrl?: () => string;
  /** Replaces the transport (the benchmark and tests may pass their own). */
  mailer?: Mailer;
  /** Narrows the in-app list (Q&A hides notifications whose post the member may no longer see). */
  listFilter?: ListFilter;
  /** Meeting reminders and check-ins read the meetings module's schedule through this (absent: no reminders). */
  meetings?: MeetingSource;
  /** Alliance reviews due, from the alliances module (absent: none). */
  reviewsDue?: ReviewsDue;
  /** Unread chat reminders read sockets and unread counts from chat through this (absent: none). */
  chat?: ChatSource;
  /** More time-based kinds that other modules' data drives. */
  jobs?: PeriodicJob[];
}

export function createNotificationsService(deps: NotificationsDeps) {
  const { database, config, events, log } = deps;
  const { db } = database;
  let signerPromise: Promise<Signer> | undefined;
  const signer = () => (signerPromise ??= loadSigningSecret(database, config.MAIL_TOKEN_SECRET).then(createSigner));
  let renderer: MailRenderer | undefined;
  const render: MailRenderer = async (mail) => (renderer ??= createRenderer({ config, signer: await signer(), baseUrl: deps.baseUrl }))(mail);
  const mailer = deps.mailer ?? createMailer({ config, log });
  const digestJob: PeriodicJob = { name: 'digests', everyMs: 60_000, run: (now) => buildDigests(database, config, now) };
  const jobs: PeriodicJob[] = [digestJob, ...(deps.jobs ?? [])];
  const worker = createDeliveryWorker({ database, config, events, log, mailer, render, jobs });
  const verification = createVerification({ database, config, wake: () => worker.wake() });
  jobs.push({ name: 'expired-registrations', everyMs: 3_600_000, run: () => verification.purgeExpired() });

  const notifier: Notifier = {
    async notify(tx, input) {
      const list = Array.isArray(input) ? input : [input];
      if (!list.length) return;
      await insertNotifications(tx, list);
      worker.wake();
    },
  };

  type Viewer = { memberId: string; isAdmin: boolean };
  const filter = deps.listFilter;

  if (deps.meetings) jobs.push(reminderJob({ database, notifier, source: deps.meetings }));
  const reviewsDue = deps.reviewsDue;
  if (reviewsDue) jobs.push({ name: 'alliance-reviews', everyMs: 15 * 60_000, run: (now) => runAllianceReviews({ database, notifier, reviewsDue }, now) });
  if (deps.chat) jobs.push(chatUnreadJob({ database, config, notifier, chat: deps.chat }));

  async function list(viewer: Viewer, opts: { limit: number; cursor?: string; unread: boolean }) {
    const after = decodeCursor(opts.cursor, listCursor);
    const [found, unreadCount] = await Promise.all([
      listForMember(db, viewer, { unreadOnly: opts.unread, after, take: opts.limit + 1, filter }),
      countUnread(db, viewer, filter),
    ]);
    const page = found.slice(0, opts.limit);
    const tail = page[page.length - 1];
    return {
      items: page.map(toListItem),
      nextCursor: found.length > opts.limit && tail ? encodeCursor({ t: tail.createdAt, id: tail.id }) : null,
      unreadCount,
    };
  }

  async function read(viewer: Viewer, input: { ids?: string[]; all?: true }) {
    await markRead(db, viewer.memberId, input.all ? 'all' : (input.ids ?? []));
    return { unreadCount: await countUnread(db, viewer, filter) };
  }

  async function preferences(memberId: string) {
    const { modes, digest } = await readPreferences(db, memberId);
    return {
      digest,
      kinds: NOTIFICATION_KINDS.map((kind) => ({
        kind,
        mode: effectiveMode(kind, modes.get(kind)),
        default: defaultMode(kind),
        locked: LOCKED_KINDS.has(kind),
      })),
    };
  }

  async function setPreferences(memberId: string, input: { digest?: 'daily' | 'weekly'; kinds?: Record<string, Mode> }) {
    const entries = Object.entries(input.kinds ?? {});
    for (const [kind, mode] of entries) {
      if (!isKind(kind)) throw Errors.badRequest('UNKNOWN_KIND', `Unknown notification kind: ${kind}`);
      if (LOCKED_KINDS.has(kind) && mode !== 'immediate') {
        throw Errors.badRequest('ALWAYS_SENT', `${kind} notices are always sent at once and cannot be changed`);
      }
    }
    await db.transaction(async (tx) => {
      await writePreferences(tx, memberId, entries.filter(([kind]) => !LOCKED_KINDS.has(kind as NotificationKind)));
      if (input.digest) await writeDigestFrequency(tx, memberId, input.digest);
    });
    return preferences(memberId);
  }

  /** One-click unsubscribe: the kind (or, for a digest, every kind now in digest mode) turns off. Forged or expired: 404. */
  async function unsubscribe(token: string) {
    const found = (await signer()).readUnsubscribe(token);
    if (!found) throw Errors.notFound('Unsubscribe link');
    const { memberId, kind } = found;
    if (kind === 'digest') {
      const { modes } = await readPreferences(db, memberId);
      const digestKinds = NOTIFICATION_KINDS.filter((k) => effectiveMode(k, modes.get(k)) === 'digest');
      await writePreferences(db, memberId, digestKinds.map((k) => [k, 'off']));
      return { kinds: [...digestKinds] };
    }
    if (!isKind(kind) || LOCKED_KINDS.has(kind)) throw Errors.notFound('Unsubscribe link');
    await writePreferences(db, memberId, [[kind, 'off']]);
    return { kinds: [kind] };
  }

  /** Checks an unsubscribe token without changing anything (the confirmation page). */
  async function peekUnsubscribe(token: string) {
    const found = (await signer()).readUnsubscribe(token);
    if (!found) throw Errors.notFound('Unsubscribe link');
    return found;
  }

  return {
    notifier,
    list,
    read,
    preferences,
    setPreferences,
    unsubscribe,
    peekUnsubscribe,
    registrationMail: verification.mail,
    verifyEmail: verification.verifyEmail,
    worker,
    mailer,
    signer,
    start() {
      if (config.NOTIFY_WORKER) worker.start();
    },
    async stop() {
      await worker.stop();
      mailer.close();
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
