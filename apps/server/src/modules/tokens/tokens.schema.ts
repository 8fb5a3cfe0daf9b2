import { ApiTokenSchema } from '@parley/shared';
import { z } from 'zod';

export const TokenIdParamsSchema = z.strictObject({ id: z.uuid('Not a token id') });
export const TokenListSchema = z.object({ tokens: z.array(ApiTokenSchema) });
/** A 204 answer. */
export const NoContentSchema = z.null();
