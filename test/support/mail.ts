// Mail in tests: a real SMTP server (smtp-server) that collects parsed messages, and the .eml outbox folder reader.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: string;
  mail: ParsedMail;
}

export interface SmtpSink {
  port: number;
  url: string;
  received: Received[];
  /** Resolves once `n` messages have arrived (rejects after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  /** Stops listening (the port refuses connections: "SMTP down"). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/** A local SMTP server; RCPT TO an address starting with "reject" gets a permanent 550. */
export async function startSmtpSink(opts: { port?: number; parse?: boolean } = {}): Promise<SmtpSink> {
  const received: Received[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const parse = opts.parse ?? true;
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 10 * 1024 * 1024,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('reject')) {
          callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const mail = parse ? await simpleParser(raw) : ({} as ParsedMail);
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, mail });
          for (const w of [...waiters]) if (received.length >= w.n) w.resolve();
          callback();
        });
      },
    });
  let server = make();
  let port = opts.port ?? 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.server.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    waitFor(n, timeoutMs = 30_000) {
      if (received.length >= n) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${n} mails arrived within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve(received)) });
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async start() {
      server = make();
      await listen();
    },
  };
}

/** The header block of a raw message with folded lines joined (long values are folded onto the next line). */
export const headerBlock = (raw: string) => raw.split('\r\n\r\n')[0]!.replace(/\r?\n[ \t]+/g, ' ');

/** One header's (unfolded) value. */
export const headerOf = (raw: string, name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(headerBlock(raw))?.[1]?.trim();

/** Every .eml under DATA_DIR/outbox, raw. */
export async function readOutbox(dataDir: string): Promise<{ file: string; raw: string }[]> {
  const dir = join(dataDir, 'outbox');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(files.map(async (file) => ({ file: join(dir, file), raw: await readFile(join(dir, file), 'utf8') })));
}

/** The verification token in the .eml mailed to `email` (waits for the file; polls the folder). */
export async function verificationTokenFromOutbox(dataDir: string, email: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const { raw } of await readOutbox(dataDir)) {
      if (headerOf(raw, 'To') !== email) continue;
      const link = /[?&]token=([A-Za-z0-9_-]+)/.exec(headerOf(raw, 'X-Verification-Link') ?? '');
      if (link?.[1]) return link[1];
    }
    if (Date.now() > deadline) throw new Error(`no verification mail for ${email} under ${dataDir}/outbox`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The verification token queued for `email` in a PostgreSQL database's mail outbox (for servers the test runs as processes). */
export async function verificationTokenFromDatabase(databaseUrl: string, email: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ token: string }>(
      `select data->>'token' as token from mail_outbox where template = 'verify_email' and to_address = $1 order by created_at desc limit 1`,
      [email.trim().toLowerCase()],
    );
    const token = result.rows[0]?.token;
    if (!token) throw new Error(`no verification mail queued for ${email}`);
    return token;
  } finally {
    await client.end();
  }
}
