// Prometheus instruments of the delivery worker: outbox lag (read at scrape time) and this process's delivery counts.
import { Gauge, type Registry } from 'prom-client';
import type { DeliveryWorker } from './worker.js';

export function registerNotificationMetrics(registry: Registry, worker: DeliveryWorker): void {
  new Gauge({
    name: 'notifications_outbox_due',
    help: 'Mails due and not yet sent (whole outbox)',
    registers: [registry],
    async collect() {
      this.set((await worker.lag()).due);
    },
  });
  new Gauge({
    name: 'notifications_outbox_oldest_due_seconds',
    help: 'Age of the oldest mail due and not yet sent (0 when none): the outbox lag',
    registers: [registry],
    collect() {
      this.set(worker.lastLag().oldestDueSeconds);
    },
  });
  new Gauge({
    name: 'notifications_worker_mails',
    help: 'Mails this process has handled since start, by outcome (sent, retried, failed) and live events emitted',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      for (const [outcome, n] of Object.entries(worker.stats)) this.set({ outcome }, n);
    },
  });
}
