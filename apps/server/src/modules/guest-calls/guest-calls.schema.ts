import { IdSchema } from '@parley/shared';
import { z } from 'zod';

export const IdParamsSchema = z.object({ id: IdSchema });
/** A guest link's token: looked up by its hash, so any short string is safe to take. */
export const TokenParamsSchema = z.object({ token: z.string().min(1).max(128) });
export const CallGuestParamsSchema = z.object({ id: IdSchema, guestId: IdSchema });
