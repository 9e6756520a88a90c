// Schemas shared by routes: the error body, ids, pagination.
import { z } from 'zod';

export const errorResponse = z
  .object({
    statusCode: z.number().int(),
    code: z.string().meta({ description: 'Stable UPPER_SNAKE error code' }),
    message: z.string(),
  })
  .meta({ id: 'ErrorResponse' });

/** Error responses for the given statuses, for route schemas. */
export function errors(...statuses: number[]): Record<number, typeof errorResponse> {
  return Object.fromEntries(statuses.map((s) => [s, errorResponse]));
}

export const idParams = z.object({ id: z.uuid('must be a UUID') });

export const limitQuery = z.coerce.number().int().min(1).max(100).default(20);
export const cursorQuery = z.string().max(512).optional();

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
