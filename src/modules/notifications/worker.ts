// The delivery worker: emits committed notifications live, sends due mails (claimed FOR UPDATE SKIP LOCKED) with retries, runs periodic jobs.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { EventHub } from '../../lib/events.js';
import { isPermanent, smtpResponseOf, type Mailer } from './mailer.js';
import { claimLive, claimMail, markFailed, markRetry, markSent, outboxLag, type ClaimedMail, type OutboxLag } from './outbox.repo.js';
import type { MailRenderer } from './render.js';

/** How long a claimed mail stays invisible to other workers; a crash mid-send makes it due again after this (at-least-once). */
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 6 * 3_600_000;

export interface PeriodicJob {
  name: string;
  everyMs: number;
  run(now: Date): Promise<unknown>;
}

export interface WorkerDeps {
  database: Database;
  config: Config;
  events: EventHub;
  log: FastifyBaseLogger;
  mailer: Mailer;
  render: MailRenderer;
  jobs?: PeriodicJob[];
}

export function backoffMs(base: number, attempts: number): number {
  const exp = Math.min(base * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
  return exp * (0.75 + Math.random() * 0.5);
}

export function createDeliveryWorker(deps: WorkerDeps) {
  const { database, config, events, log, mailer, render } = deps;
  const { db } = database;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;
  const lastRun = new Map<string, number>();
  let lastLag: OutboxLag = { due: 0, oldestDueSeconds: 0, failed: 0 };
  let lastLagAt = 0;
  const stats = { sent: 0, retried: 0, failed: 0, live: 0 };

  async function emitLive(): Promise<number> {
    const claimed = await claimLive(db, 500);
    for (const n of claimed) {
      events.emit('notification.created', { memberId: n.memberId, notification: { id: n.id, kind: n.kind, data: n.data, createdAt: n.createdAt } });
    }
    stats.live += claimed.length;
    return claimed.length;
  }

  async function deliver(mail: ClaimedMail): Promise<'sent' | 'retry' | 'failed'> {
    try {
      await mailer.send(await render(mail));
      if (mail.attempts > 1) log.info({ mailId: mail.id, attempts: mail.attempts }, 'mail sent after retries');
      return 'sent';
    } catch (err) {
      const response = smtpResponseOf(err);
      if (isPermanent(err) || mail.attempts >= config.NOTIFY_MAX_ATTEMPTS) {
        await markFailed(db, mail.id, response);
        stats.failed += 1;
        log.warn({ mailId: mail.id, to: mail.toAddress, template: mail.template, attempts: mail.attempts, response }, 'mail failed permanently');
        return 'failed';
      }
      const delay = backoffMs(config.NOTIFY_RETRY_BASE_MS, mail.attempts);
      await markRetry(db, mail.id, delay, response);
      stats.retried += 1;
      log.warn({ mailId: mail.id, attempts: mail.attempts, retryInMs: Math.round(delay), response }, 'mail not sent; will retry');
      return 'retry';
    }
  }

  async function sendDue(): Promise<number> {
    const claimed = await claimMail(db, config.NOTIFY_BATCH, LEASE_MS);
    if (!claimed.length) return 0;
    const sent: string[] = [];
    let next = 0;
    const lanes = Array.from({ length: Math.min(config.NOTIFY_CONCURRENCY, claimed.length) }, async () => {
      while (next < claimed.length) {
        const mail = claimed[next++]!;
        if ((await deliver(mail)) === 'sent') sent.push(mail.id);
      }
    });
    await Promise.all(lanes);
    await markSent(db, sent);
    stats.sent += sent.length;
    return claimed.length;
  }

  async function runJobs(now: Date): Promise<void> {
    for (const job of deps.jobs ?? []) {
      const last = lastRun.get(job.name) ?? 0;
      if (now.getTime() - last < job.everyMs) continue;
      lastRun.set(job.name, now.getTime());
      try {
        await job.run(now);
      } catch (err) {
        log.error({ err, job: job.name }, 'notification job failed');
      }
    }
    if (now.getTime() - lastLagAt >= 30_000) {
      lastLagAt = now.getTime();
      lastLag = await outboxLag(db);
      if (lastLag.oldestDueSeconds > config.NOTIFY_LAG_WARN_SECONDS) log.warn({ outbox: lastLag }, 'the mail outbox is lagging');
    }
  }

  /** One pass: live first (cheap), then mails until a batch comes back short, then the periodic jobs. */
  async function pass(jobs = true, mail = true): Promise<void> {
    do {
      again = false;
      try {
        while ((await emitLive()) === 500);
        while (mail && (await sendDue()) >= config.NOTIFY_BATCH);
        if (jobs) await runJobs(new Date());
      } catch (err) {
        log.error({ err }, 'notification delivery pass failed');
      }
    } while (again && !stopped);
  }

  function schedule(ms: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref();
  }

  function tick() {
    if (running) {
      again = true;
      return;
    }
    running = pass().finally(() => {
      running = undefined;
      schedule(config.NOTIFY_POLL_MS);
    });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    /** Something was written: look soon (the writer's transaction commits first, so give it a moment; polling covers the rest). */
    wake() {
      if (stopped) return;
      if (running) again = true;
      else schedule(15);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    /** One pass now (tests and the benchmark drive the worker by hand); `jobs: false` skips the periodic jobs, `mail: false` the mails. */
    async runOnce(opts: { jobs?: boolean; mail?: boolean } = {}): Promise<void> {
      while (running) await running;
      await pass(opts.jobs ?? true, opts.mail ?? true);
    },
    lag: async () => {
      lastLag = await outboxLag(db);
      lastLagAt = Date.now();
      return lastLag;
    },
    lastLag: () => lastLag,
    stats,
  };
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
