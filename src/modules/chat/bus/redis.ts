// Redis pub/sub bus: one publishing and one subscribed connection; ioredis reconnects, and each reconnect triggers a catch-up.
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { BatchingBus } from './types.js';

export class RedisBus extends BatchingBus {
  readonly kind = 'redis' as const;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readyOnce = false;

  constructor(
    nodeId: string,
    private readonly opts: { url: string; channel: string; log: FastifyBaseLogger },
  ) {
    super(nodeId);
    const common = { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false };
    this.pub = new Redis(opts.url, common);
    this.sub = new Redis(opts.url, { ...common, enableOfflineQueue: true });
    for (const conn of [this.pub, this.sub]) conn.on('error', (err) => opts.log.warn({ err }, 'chat bus: redis connection error'));
  }

  async start(): Promise<void> {
    this.sub.on('message', (channel: string, message: string) => {
      if (channel === this.opts.channel) this.deliver(message);
    });
    this.sub.on('ready', () => {
      if (this.readyOnce) this.resync();
      this.readyOnce = true;
    });
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    await this.sub.subscribe(this.opts.channel);
  }

  protected async send(payload: string): Promise<void> {
    await this.pub.publish(this.opts.channel, payload);
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
