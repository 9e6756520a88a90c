// Turns a claimed outbox row into a mail: template by kind, a stable Message-ID, List-Unsubscribe (RFC 8058) where the kind allows it.
import type { Config } from '../../config.js';
import { isKind, LOCKED_KINDS } from './kinds.js';
import type { OutgoingMail } from './mailer.js';
import type { ClaimedMail } from './outbox.repo.js';
import type { Signer } from './tokens.js';
import { renderDigest, renderNotification, renderRegisterAttempt, renderVerification, type DigestItem, type Links, type Rendered } from './templates.js';

export type MailRenderer = (mail: ClaimedMail) => Promise<OutgoingMail>;

/** Where links in mails point: PUBLIC_URL, else the configured listen address (the app passes the bound one when PORT=0). */
export function publicBase(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return `http://${host}:${config.PORT}`;
}

export function mailDomain(from: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(from);
  return m?.[1] ?? 'practice-peers.localhost';
}

export function createRenderer({ config, signer, baseUrl }: { config: Config; signer: Signer; baseUrl?: () => string }): MailRenderer {
  const domain = mailDomain(config.MAIL_FROM);
  const unsubscribeUrl = (base: string, memberId: string, kind: string) => `${base}/api/v1/unsubscribe?token=${signer.unsubscribeToken(memberId, kind)}`;

  return async (mail) => {
    const base = baseUrl?.() ?? publicBase(config);
    const d = mail.data;
    let rendered: Rendered;
    let unsubscribe: string | undefined;
    let messageKey = `${mail.template}-${mail.id}`;
    const headers: Record<string, string> = {};
    if (mail.template === 'notification' && typeof d.kind === 'string' && isKind(d.kind)) {
      if (mail.memberId && !LOCKED_KINDS.has(d.kind)) unsubscribe = unsubscribeUrl(base, mail.memberId, d.kind);
      const links: Links = { base, unsubscribe };
      rendered = renderNotification(d.kind, (d.payload ?? {}) as Record<string, unknown>, d.name, links);
      if (mail.notificationId) messageKey = `notification-${mail.notificationId}`;
    } else if (mail.template === 'digest') {
      if (mail.memberId) unsubscribe = unsubscribeUrl(base, mail.memberId, 'digest');
      rendered = renderDigest((d.items ?? []) as DigestItem[], String(d.frequency ?? 'daily'), d.name, { base, unsubscribe });
    } else if (mail.template === 'verify_email') {
      const link = `${base}/verify-email?token=${String(d.token)}`; // the web app's page, which posts the token
      rendered = renderVerification(d.name, link, String(d.token), { base });
      // One unwrapped line a script (or a browser test reading the .eml) can find; body lines may be quoted-printable wrapped.
      headers['X-Verification-Link'] = link;
    } else if (mail.template === 'register_attempt') {
      rendered = renderRegisterAttempt(d.name, { base });
    } else {
      throw Object.assign(new Error(`unknown mail template ${mail.template}`), { responseCode: 554 });
    }
    if (unsubscribe) {
      headers['List-Unsubscribe'] = `<${unsubscribe}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    return { id: mail.id, to: mail.toAddress, messageId: `<${messageKey}@${domain}>`, headers, ...rendered };
  };
}
