import { z } from 'zod';

export const FactorIdParamsSchema = z.strictObject({ factorId: z.uuid('Not a second factor id') });
export const UserIdParamsSchema = z.strictObject({ id: z.uuid('Not a user id') });
/** A 204 answer. */
export const NoContentSchema = z.null();
