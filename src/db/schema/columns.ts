// Column helpers: timestamps at millisecond precision, so a JS Date round-trips exactly (keyset cursors rely on it).
import { timestamp } from 'drizzle-orm/pg-core';

export const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
