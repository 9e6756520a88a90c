// Hooks other modules hand to matching (wired in app.ts); they run inside matching's own transaction, so both commit or neither.
import type { DbOrTx } from '../../db/client.js';

export interface PublishedCircle {
  id: string;
  kind: 'pair' | 'circle' | 'alliance';
  roundId: string;
  memberIds: string[];
}

export interface SeatAnswer {
  circleId: string;
  memberId: string;
  status: 'accepted' | 'declined';
}

export interface MatchingHooks {
  /** A round was published: its circles and proposed seats are written in `tx`. */
  onPublished?: (tx: DbOrTx, circles: PublishedCircle[]) => Promise<void>;
  /** A member accepted or declined their seat (through the circles routes). */
  onSeatAnswered?: (tx: DbOrTx, answer: SeatAnswer) => Promise<void>;
}
