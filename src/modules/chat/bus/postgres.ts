// PostgreSQL LISTEN/NOTIFY bus: a dedicated listening connection, and a dedicated NOTIFY connection used after (never inside) a write.
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { BatchingBus } from './types.js';

export class PostgresBus extends BatchingBus {
  readonly kind = 'postgres' as const;
  private listener: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private backoffMs = 100;
  private connectedOnce = false;

  constructor(
    nodeId: string,
    private readonly opts: { connectionString: string; channel: string; log: FastifyBaseLogger },
  ) {
    super(nodeId);
  }

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    // Named so an operator (or a test) can find this process's listener in pg_stat_activity.
    const client = new pg.Client({ connectionString: this.opts.connectionString, application_name: `pp-chat-bus:${this.nodeId}` });
    client.on('notification', (msg) => {
      if (msg.channel === this.opts.channel && msg.payload) this.deliver(msg.payload);
    });
    client.on('error', (err) => {
      this.opts.log.warn({ err }, 'chat bus: LISTEN connection failed');
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${pg.escapeIdentifier(this.opts.channel)}`);
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.listener = client;
    this.backoffMs = 100;
    if (this.connectedOnce) this.resync();
    this.connectedOnce = true;
  }

  private lost(client: pg.Client): void {
    if (this.listener !== client || this.closed) return;
    this.listener = null;
    client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closed) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, 5000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((err) => {
        this.opts.log.warn({ err }, 'chat bus: reconnecting LISTEN failed');
        this.scheduleReconnect();
      });
    }, delay);
  }

  /**
   * NOTIFY goes through a connection of its own with synchronous_commit off: a NOTIFY transaction holds a global lock
   * through its commit, and waiting for a WAL flush there serialises every notifier behind the disk. The nudge need
   * not be durable (the stored seq is), so its commit need not wait.
   */
  private notifier: Promise<pg.Client> | null = null;

  private notifierClient(): Promise<pg.Client> {
    this.notifier ??= (async () => {
      const client = new pg.Client({ connectionString: this.opts.connectionString, application_name: `pp-chat-notify:${this.nodeId}` });
      client.on('error', (err) => {
        this.opts.log.warn({ err }, 'chat bus: NOTIFY connection failed');
        this.notifier = null;
        client.end().catch(() => {});
      });
      await client.connect();
      await client.query('set synchronous_commit = off');
      return client;
    })().catch((err) => {
      this.notifier = null;
      throw err;
    });
    return this.notifier;
  }

  protected async send(payload: string): Promise<void> {
    const client = await this.notifierClient();
    await client.query('select pg_notify($1, $2)', [this.opts.channel, payload]);
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.listener;
    this.listener = null;
    if (client) await client.end().catch(() => {});
    const notifier = this.notifier;
    this.notifier = null;
    if (notifier) await notifier.then((c) => c.end()).catch(() => {});
  }
}
