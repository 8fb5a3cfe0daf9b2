import { ApiErrorSchema, IdSchema } from '@parley/shared';
import { z } from 'zod';

/** The route schemas of consultations and their sessions that `@parley/shared` does not hold. */
export const ConsultationIdParamsSchema = z.strictObject({ id: IdSchema });
/** A time that is not one of the provider's free slots (outside hours, too soon, past the horizon). */
export const SlotUnavailableSchema = ApiErrorSchema.describe('Not a free slot (`slot_unavailable`)');

// issue 19 (S3): public booking pages and third participants
/** A public booking page's handle: the provider's username (unknown ones answer 404). */
export const BookHandleParamsSchema = z.strictObject({ handle: z.string().min(1).max(64) });
export const ParticipantParamsSchema = z.strictObject({ id: IdSchema, pid: IdSchema });
