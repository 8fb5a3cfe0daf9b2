import { ApiErrorSchema, IdSchema } from '@parley/shared';
import { z } from 'zod';

/** The route schemas of consultations and their sessions that `@parley/shared` does not hold. */
export const ConsultationIdParamsSchema = z.strictObject({ id: IdSchema });
/** A time that is not one of the provider's free slots (outside hours, too soon, past the horizon). */
export const SlotUnavailableSchema = ApiErrorSchema.describe('Not a free slot (`slot_unavailable`)');
