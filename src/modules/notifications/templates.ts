// Mail templates: subject, plain text and HTML from one description per kind, for single notifications, digests and account mails.
import type { NotificationKind } from './port.js';
import { KIND_TITLES } from './kinds.js';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

export interface Links {
  /** Absolute URL of the app (PUBLIC_URL). */
  base: string;
  /** The signed unsubscribe URL for this mail, when it has one. */
  unsubscribe?: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : fallback);
/** A time for people: in the given IANA zone (the meeting's) when there is one, else UTC. */
const when = (v: unknown, zone?: unknown): string => {
  const d = typeof v === 'string' ? new Date(v) : null;
  if (!d || Number.isNaN(d.getTime())) return '';
  if (typeof zone === 'string' && zone) {
    try {
      return d.toLocaleString('en-US', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
    } catch {
      // an unknown zone falls back to UTC
    }
  }
  return d.toUTCString().replace(' GMT', ' UTC');
};

/** One line describing a notification, and the app path it points at. */
export function describe(kind: NotificationKind | string, data: Record<string, unknown>): { line: string; path: string } {
  const actor = str(data.actorName, 'Someone');
  const title = str(data.questionTitle) || str(data.title);
  const q = str(data.questionId);
  switch (kind) {
    case 'qa_answer':
      return { line: `${actor} answered "${title}"`, path: `/questions/${q}` };
    case 'qa_reply':
      return { line: `${actor} replied in "${title}"`, path: `/questions/${q}` };
    case 'qa_mention':
      return { line: `${actor} mentioned you in "${title}"`, path: `/questions/${q}` };
    case 'qa_answer_accepted':
      return { line: `Your answer to "${title}" was accepted`, path: `/questions/${q}` };
    case 'moderation_warning':
      return { line: `A moderator warned you: ${str(data.reason, 'see your notices')}`, path: '/notices' };
    case 'moderation_suspension':
      return { line: `Your account was suspended${data.until ? ` until ${when(data.until)}` : ''}: ${str(data.reason, 'see your notices')}`, path: '/notices' };
    case 'registration_approved':
      return { line: 'Your registration was approved: you can log in now.', path: '/' };
    case 'registration_rejected':
      return { line: `Your registration was not approved${data.reason ? `: ${str(data.reason)}` : '.'}`, path: '/' };
    case 'matched':
      return { line: `You were matched into a ${str(data.circleKind, 'circle')}${data.size ? ` of ${str(data.size)}` : ''}.`, path: data.circleId ? `/circles/${str(data.circleId)}` : '/circles' };
    case 'circle_member_responded':
      return { line: `${actor} ${str(data.response, 'responded')} in your ${str(data.circleKind, 'circle')}.`, path: data.circleId ? `/circles/${str(data.circleId)}` : '/circles' };
    case 'meeting_scheduled':
    case 'meeting_changed':
    case 'meeting_cancelled':
    case 'meeting_reminder': {
      const lead = data.lead === '1h' ? 'starts in an hour, at' : data.lead === '24h' ? 'is tomorrow, at' : 'starts at';
      const verb = { meeting_scheduled: 'is scheduled for', meeting_changed: 'moved to', meeting_cancelled: 'was cancelled (it was at', meeting_reminder: lead }[kind];
      const at = when(data.startsAt, data.timezone);
      const name = str(data.title, 'Your meeting');
      return { line: `${name} ${verb} ${at}${kind === 'meeting_cancelled' ? ')' : ''}.`, path: data.meetingId ? `/meetings/${str(data.meetingId)}` : '/meetings' };
    }
    case 'commitment_checkin':
      return { line: `Check in on your commitment: ${str(data.text, str(data.title, 'your commitment'))}`, path: '/commitments' };
    case 'alliance_proposed':
      return { line: 'A local alliance was proposed to you.', path: data.allianceId ? `/alliances/${str(data.allianceId)}` : '/alliances' };
    case 'alliance_confirmed':
      return { line: 'Your local alliance is confirmed.', path: data.allianceId ? `/alliances/${str(data.allianceId)}` : '/alliances' };
    case 'alliance_review_due':
      return { line: 'Your alliance review is due.', path: data.allianceId ? `/alliances/${str(data.allianceId)}` : '/alliances' };
    case 'chat_unread':
      return { line: `You have ${str(data.unread, 'some')} unread message(s) in ${str(data.rooms, 'your')} chat(s).`, path: '/chat' };
    default:
      return { line: KIND_TITLES[kind as NotificationKind] ?? 'You have a new notification', path: '/' };
  }
}

function layout(paragraphs: { text: string; html?: string }[], links: Links, footer: string): { text: string; html: string } {
  const unsub = links.unsubscribe;
  const text = [...paragraphs.map((p) => p.text), '', '--', footer, ...(unsub ? [`Unsubscribe: ${unsub}`] : [])].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    ...paragraphs.map((p) => `<p>${p.html ?? esc(p.text)}</p>`),
    `<hr><p style="color:#666;font-size:12px">${esc(footer)}${unsub ? ` <a href="${esc(unsub)}">Unsubscribe</a>` : ''}</p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}

const linkPara = (label: string, url: string) => ({ text: `${label}: ${url}`, html: `<a href="${esc(url)}">${esc(label)}</a>` });
const greeting = (name: unknown) => ({ text: `Hello ${str(name, 'there')},` });

export function renderNotification(kind: NotificationKind, data: Record<string, unknown>, name: unknown, links: Links): Rendered {
  const d = describe(kind, data);
  const excerpt = str(data.excerpt);
  const body = layout(
    [greeting(name), { text: d.line }, ...(excerpt ? [{ text: `"${excerpt}"` }] : []), linkPara('Open practice-peers', links.base + d.path)],
    links,
    'You receive this because of your practice-peers notification settings.',
  );
  return { subject: `${KIND_TITLES[kind]}${excerpt || !data.questionTitle ? '' : `: ${str(data.questionTitle)}`}`.slice(0, 200), ...body };
}

export interface DigestItem {
  kind: string;
  data: Record<string, unknown>;
  createdAt: string;
}

export function renderDigest(items: DigestItem[], frequency: string, name: unknown, links: Links): Rendered {
  const lines = items.map((i) => {
    const d = describe(i.kind, i.data);
    return { text: `- ${d.line} (${links.base + d.path})`, html: `&bull; <a href="${esc(links.base + d.path)}">${esc(d.line)}</a>` };
  });
  const body = layout(
    [greeting(name), { text: `Here is what happened since your last ${frequency} digest:` }, ...lines],
    links,
    `Your ${frequency} practice-peers digest. Change how often in your notification settings.`,
  );
  return { subject: `Your ${frequency} practice-peers digest: ${items.length} update${items.length === 1 ? '' : 's'}`, ...body };
}

export function renderVerification(name: unknown, link: string, token: string, links: Links): Rendered {
  const body = layout(
    [
      greeting(name),
      { text: 'Please confirm your email address to finish registering with practice-peers.' },
      linkPara('Verify my email address', link),
      { text: 'Or send this code to POST /api/v1/auth/verify-email as { "token": "…" }:' },
      { text: token },
      { text: 'The link works once and expires; if you did not register, ignore this mail.' },
    ],
    links,
    'This mail was sent because someone registered with this address.',
  );
  return { subject: 'Verify your email address for practice-peers', ...body };
}

export function renderRegisterAttempt(name: unknown, links: Links): Rendered {
  const body = layout(
    [
      greeting(name),
      { text: 'Someone tried to register a new practice-peers account with this email address. Your account already uses it, so nothing was created.' },
      { text: 'If it was you, log in instead (or reset your password). If it was not, you can ignore this mail.' },
      linkPara('Log in', `${links.base}/`),
    ],
    links,
    'This mail was sent because someone tried to register with this address.',
  );
  return { subject: 'Someone tried to register with your email address', ...body };
}
