// API types, inferred from the server's own zod schemas (type-only imports: nothing of zod reaches the bundle).
import type { z } from 'zod';
import type { allianceSchema, createAllianceBody, reviewSchema } from '../../src/modules/alliances/alliances.schemas.js';
import type { circleSchema } from '../../src/modules/matching/matching.schemas.js';
import type { notificationPageSchema, preferencesSchema } from '../../src/modules/notifications/notifications.schemas.js';
import type { agendaSchema, commitmentsPage } from '../../src/modules/meetings/agenda.schemas.js';
import type { occurrenceSchema } from '../../src/modules/meetings/meetings.schemas.js';
import type { adminMemberSchema, memberSchema, publicMemberSchema } from '../../src/modules/members/member.schemas.js';
import type { profileSchema } from '../../src/domain/profile.js';
import type {
  answerSchema,
  questionPageSchema,
  questionSchema,
  replySchema,
  revisionSchema,
  similarSchema,
} from '../../src/modules/qa/qa.schemas.js';

export type Member = z.output<typeof memberSchema>;
export type PublicMember = z.output<typeof publicMemberSchema>;
export type ProfileInput = z.input<typeof profileSchema>;
export type Circle = z.output<typeof circleSchema>;
export type Page<T> = { items: T[]; nextCursor: string | null };
export type QuestionPage = z.output<typeof questionPageSchema>;
export type QuestionSummary = QuestionPage['items'][number];
export type Question = z.output<typeof questionSchema>;
export type Answer = z.output<typeof answerSchema>;
export type Reply = z.output<typeof replySchema>;
export type Revision = z.output<typeof revisionSchema>;
export type Similar = z.output<typeof similarSchema>;
export type NotificationPage = z.output<typeof notificationPageSchema>;
export type Notification = NotificationPage['items'][number];
export type NotificationPreferences = z.output<typeof preferencesSchema>;
export type Agenda = z.output<typeof agendaSchema>;
export type CommitmentsPage = z.output<typeof commitmentsPage>;
export type Commitment = CommitmentsPage['items'][number];
export type Occurrence = z.output<typeof occurrenceSchema>;
export type AdminMember = z.output<typeof adminMemberSchema>;
export type Alliance = z.output<typeof allianceSchema>;
export type AllianceInput = z.input<typeof createAllianceBody>;
export type AllianceReview = z.output<typeof reviewSchema>;
