// The mail transport: SMTP through nodemailer when SMTP_URL is set, else each mail written as an .eml file under DATA_DIR/outbox.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers?: Record<string, string>;
  /** For the .eml file name. */
  id: string;
}

export interface SendResult {
  /** The SMTP server's final reply, or where the .eml file went. */
  response: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'eml';
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}

/** An error the SMTP server answered with a 5xx code: retrying will not help. */
export function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export function smtpResponseOf(err: unknown): string {
  const e = err as { response?: string; message?: string; code?: string };
  return (e.response ?? `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`).slice(0, 1000);
}

export const outboxDir = (config: Pick<Config, 'DATA_DIR'>) => resolve(config.DATA_DIR, 'outbox');

export function createMailer({ config, log }: { config: Config; log: FastifyBaseLogger }): Mailer {
  const from = config.MAIL_FROM;
  if (config.SMTP_URL) {
    const transport = nodemailer.createTransport({
      url: config.SMTP_URL,
      pool: true,
      maxConnections: config.NOTIFY_CONCURRENCY,
      maxMessages: 1000,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return {
      kind: 'smtp',
      async send(mail) {
        const info = await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId, headers: mail.headers });
        return { response: String(info.response ?? 'sent') };
      },
      close: () => transport.close(),
    };
  }
  const dir = outboxDir(config);
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let announced = false;
  return {
    kind: 'eml',
    async send(mail) {
      const info = await stream.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId, headers: mail.headers });
      await mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const path = join(dir, `${stamp}-${mail.id}.eml`);
      await writeFile(path, info.message as Buffer);
      if (!announced) {
        announced = true;
        log.info({ dir }, 'SMTP_URL is not set: mails are written as .eml files in this folder');
      }
      log.info({ path, to: mail.to, subject: mail.subject }, 'mail written to the outbox folder');
      return { response: `written to ${path}` };
    },
    close: () => stream.close(),
  };
}
