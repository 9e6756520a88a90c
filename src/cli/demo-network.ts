// The living part of the demo network, made through the services a user would go through: published circles and pairs,
// answers to seats, facilitators, chat history, questions with answers, and meetings; plus a summary read back from the database.
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { firstRow, sql } from '../db/sql.js';
import { EventHub } from '../lib/events.js';
import { createChatService } from '../modules/chat/chat.service.js';
import { createCirclesAdminService } from '../modules/matching/circles-admin.service.js';
import { createCirclesService } from '../modules/matching/circles.service.js';
import { createEngineRunner } from '../modules/matching/engine-runner.js';
import { createMatchingService } from '../modules/matching/matching.service.js';
import { createMeetingsService } from '../modules/meetings/meetings.service.js';
import { createQaService } from '../modules/qa/qa.service.js';

const CHAT_LINES = [
  'Welcome, everyone. Looking forward to comparing notes this year.',
  'Our referral numbers dipped in the fall; curious how others handled it.',
  'We moved to a new EMR last spring. Happy to share what went wrong and what went right.',
  'Has anyone added a cash-based service line without upsetting payers?',
  'Hiring is our bottleneck. Two open PT positions for three months now.',
  'I can share the onboarding checklist we use for new clinicians.',
  'Let us pick one topic per meeting so we go deep rather than wide.',
  'Thanks for the tip on front-desk scripts: our cancellations dropped noticeably.',
];

const QUESTIONS = [
  { title: 'How do you structure productivity bonuses for PTs?', body: 'We pay a flat salary today. How have you tied part of pay to visits or outcomes without burning people out?', tags: ['compensation', 'hiring'] },
  { title: 'What did your EMR switch really cost?', body: 'Beyond the license: lost visits during the switch, training time, data migration. Numbers welcome.', tags: ['emr', 'technology'] },
  { title: 'Cash-pay wellness programs: worth it for a small clinic?', body: 'We are three clinicians and mostly insurance. Is a cash-pay program a distraction or a good second income?', tags: ['cash-based', 'strategy'] },
  { title: 'How do you get physician referrals in a new town?', body: 'We opened a second location 40 minutes away. Lunch-and-learns have not worked so far.', tags: ['referrals', 'marketing'] },
  { title: 'Denials from one payer doubled this quarter', body: 'Mostly medical-necessity denials on re-evaluations. What changed in your documentation?', tags: ['billing', 'payers'] },
  { title: 'Succession: selling to a clinician vs. a group', body: 'I plan to step back in five years. Has anyone sold to their own staff, and how was it financed?', tags: ['succession', 'exit'] },
];

const ANSWERS = [
  'We tie 10% to a blend of visits and patient-reported outcomes, reviewed quarterly. Flat salary otherwise.',
  'Budget about two weeks of reduced schedules and one person whose job is only the migration.',
  'It worked for us once we had one clinician who owned it; without an owner it drifted.',
  'Ask the payer for a peer-to-peer review early; our overturn rate was high once we did.',
  'Start by meeting the office managers, not the physicians. They decide where referrals go.',
  'A seller note over seven years made it possible for our lead PT to buy in gradually.',
];

export interface NetworkSummary {
  members: { active: number; pending: number };
  circles: { circle: number; pair: number; alliance: number };
  seats: { accepted: number; proposed: number; declined: number };
  questions: number;
  answers: number;
  messages: number;
  meetings: number;
}

/** Makes the network live once: skipped when the demo admin has already published a round. */
export async function seedLivingNetwork(database: Database, config: Config, adminId: string, seed: number): Promise<{ created: boolean }> {
  const db = database.db;
  const already = await firstRow<{ n: number }>(db, sql`select count(*)::int as n from matching_rounds where created_by = ${adminId} and status = 'published'`);
  if ((already?.n ?? 0) > 0) return { created: false };

  const events = new EventHub();
  const runner = createEngineRunner({ threshold: Number.MAX_SAFE_INTEGER });
  const matching = createMatchingService({ database, config, events, runner });
  const circles = createCirclesService({ database, events });
  const circlesAdmin = createCirclesAdminService({ database, config, events });
  const chat = createChatService({ database, config: { ...config, CHAT_SEND_RATE: 1_000_000, CHAT_SEND_BURST: 1_000_000 } });
  const qa = createQaService({ database });
  const meetings = createMeetingsService({ database });
  try {
    const published: Array<{ circleId: string; memberIds: string[] }> = [];
    for (const mode of ['circles', 'pairs'] as const) {
      const round = await matching.createRound(adminId, { mode, seed });
      const row = await matching.publish(adminId, round.id, {});
      for (const g of row.result.groups) if (g.circleId) published.push({ circleId: g.circleId, memberIds: g.memberIds });
    }
    // Most seats are accepted, a few declined (the admin list then shows circles below their minimum), the rest still open.
    const accepted = new Map<string, string[]>();
    let k = 0;
    for (const c of published) {
      for (const memberId of c.memberIds) {
        const roll = (k++ * 7919 + seed) % 20;
        if (roll < 16) {
          await circles.accept(memberId, c.circleId);
          accepted.set(c.circleId, [...(accepted.get(c.circleId) ?? []), memberId]);
        } else if (roll === 16) await circles.decline(memberId, c.circleId);
      }
    }
    const lively = published.filter((c) => (accepted.get(c.circleId)?.length ?? 0) >= 3).slice(0, 12);
    await chat.ensureCircleRooms(lively.map((c) => c.circleId));
    const hour = 3_600_000;
    for (const [i, c] of lively.entries()) {
      const people = accepted.get(c.circleId)!;
      await circlesAdmin.update(adminId, c.circleId, { facilitatorId: people[0]! });
      for (let m = 0; m < 6; m++) {
        await chat.send(people[m % people.length]!, { roomId: c.circleId, clientMsgId: `demo-${c.circleId}-${m}`, body: CHAT_LINES[(i + m) % CHAT_LINES.length]! });
      }
      const startsAt = new Date(Math.ceil((Date.now() + (7 + i) * 24 * hour) / hour) * hour).toISOString();
      await meetings.schedule({ memberId: people[0]!, role: 'member' }, c.circleId, {
        title: 'Monthly circle meeting',
        startsAt,
        durationMinutes: 60,
        timezone: 'America/New_York',
        videoUrl: 'https://meet.example.org/practice-peers-demo',
        recurrence: { freq: 'monthly', count: 12 },
      });
    }
    const askers = [...accepted.values()].flat();
    for (const [i, q] of QUESTIONS.entries()) {
      const author = askers[(i * 13) % askers.length]!;
      const question = await qa.createQuestion({ memberId: author, isAdmin: false }, { ...q, anonymous: false });
      for (let a = 0; a < 2 + (i % 2); a++) {
        const by = askers[(i * 13 + 7 * (a + 1)) % askers.length]!;
        if (by === author) continue;
        const answer = await qa.createAnswer({ memberId: by, isAdmin: false }, question.id, ANSWERS[(i + a) % ANSWERS.length]!);
        if (a === 0) await qa.accept({ memberId: author, isAdmin: false }, question.id, answer.id);
      }
    }
    return { created: true };
  } finally {
    await runner.close();
  }
}

/** What the database holds now (not what this run meant to make). */
export async function networkSummary(database: Database): Promise<NetworkSummary> {
  const count = async (query: ReturnType<typeof sql>) => (await firstRow<{ n: number }>(database.db, query))?.n ?? 0;
  return {
    members: {
      active: await count(sql`select count(*)::int as n from members where status = 'active' and role = 'member'`),
      pending: await count(sql`select count(*)::int as n from members where status = 'pending'`),
    },
    circles: {
      circle: await count(sql`select count(*)::int as n from circles where kind = 'circle' and closed_at is null`),
      pair: await count(sql`select count(*)::int as n from circles where kind = 'pair' and closed_at is null`),
      alliance: await count(sql`select count(*)::int as n from circles where kind = 'alliance' and closed_at is null`),
    },
    seats: {
      accepted: await count(sql`select count(*)::int as n from circle_members where status = 'accepted'`),
      proposed: await count(sql`select count(*)::int as n from circle_members where status = 'proposed'`),
      declined: await count(sql`select count(*)::int as n from circle_members where status = 'declined'`),
    },
    questions: await count(sql`select count(*)::int as n from questions`),
    answers: await count(sql`select count(*)::int as n from answers`),
    messages: await count(sql`select count(*)::int as n from chat_messages`),
    meetings: await count(sql`select count(*)::int as n from meeting_series`),
  };
}
