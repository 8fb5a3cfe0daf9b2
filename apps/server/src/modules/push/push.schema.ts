import { z } from 'zod';

export const PushSubscriptionIdParamsSchema = z.strictObject({ id: z.uuid('Not a push subscription id') });
/** A 204 answer. */
export const NoContentSchema = z.null();
