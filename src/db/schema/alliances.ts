// The alliance ledger: each owner's strategic alliances (with a member or an outside organisation), private notes, reviews.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { circles, matchingRounds } from './circles.js';
import { ts } from './columns.js';
import { members } from './members.js';

export const ALLIANCE_TYPES = ['shared_space', 'referral_exchange', 'joint_planning', 'co_marketing', 'shared_staff_training', 'other'] as const;
export const PARTNER_KINDS = ['physician_practice', 'clinic', 'fitness_wellness', 'school', 'employer', 'community_org', 'other'] as const;
export const ALLIANCE_STATUSES = ['proposed', 'active', 'paused', 'ended'] as const;
export const CADENCES = ['weekly', 'biweekly', 'monthly', 'quarterly', 'semiannual', 'annual', 'as_needed'] as const;

export const alliances = pgTable(
  'alliances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The owner who entered it (for a shared alliance: the proposing side). */
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** Set for a shared alliance with a member of the network; then the row is seen by both parties. */
    partnerMemberId: uuid('partner_member_id').references(() => members.id, { onDelete: 'cascade' }),
    /** An outside organisation (partnerMemberId null). */
    partnerName: text('partner_name'),
    partnerKind: text('partner_kind', { enum: PARTNER_KINDS }),
    partnerCity: text('partner_city'),
    partnerState: text('partner_state'),
    type: text('type', { enum: ALLIANCE_TYPES }).notNull(),
    startedOn: date('started_on'),
    cadence: text('cadence', { enum: CADENCES }),
    nextReviewOn: date('next_review_on'),
    status: text('status', { enum: ALLIANCE_STATUSES }).notNull().default('proposed'),
    source: text('source', { enum: ['ledger', 'matching'] }).notNull().default('ledger'),
    roundId: uuid('round_id').references(() => matchingRounds.id),
    /** The shared alliance's own circle (room and meetings); matching owns it. */
    circleId: uuid('circle_id').references(() => circles.id, { onDelete: 'set null' }),
    ownerConfirmedAt: ts('owner_confirmed_at'),
    partnerConfirmedAt: ts('partner_confirmed_at'),
    statusChangedBy: uuid('status_changed_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('alliances_owner_idx').on(t.ownerId, t.createdAt, t.id),
    index('alliances_partner_idx').on(t.partnerMemberId, t.createdAt, t.id),
    uniqueIndex('alliances_circle_uq').on(t.circleId),
    check('alliances_partner_ck', sql`(${t.partnerMemberId} is not null) <> (${t.partnerName} is not null)`),
    check('alliances_not_self_ck', sql`${t.partnerMemberId} is null or ${t.partnerMemberId} <> ${t.ownerId}`),
  ],
);

/** Each party's private notes on an alliance: never shown to the other party or to admins' statistics. */
export const allianceNotes = pgTable(
  'alliance_notes',
  {
    allianceId: uuid('alliance_id')
      .notNull()
      .references(() => alliances.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    notes: text('notes').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.allianceId, t.memberId] })],
);

export const allianceReviews = pgTable(
  'alliance_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    allianceId: uuid('alliance_id')
      .notNull()
      .references(() => alliances.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    reviewedOn: date('reviewed_on').notNull(),
    benefitToMe: smallint('benefit_to_me').notNull(),
    benefitToPartner: smallint('benefit_to_partner').notNull(),
    referralsSent: integer('referrals_sent'),
    referralsReceived: integer('referrals_received'),
    /** What to change: private to its author, like the notes. */
    note: text('note'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('alliance_reviews_alliance_idx').on(t.allianceId, t.reviewedOn),
    check('alliance_reviews_scores_ck', sql`${t.benefitToMe} between 1 and 5 and ${t.benefitToPartner} between 1 and 5`),
  ],
);
