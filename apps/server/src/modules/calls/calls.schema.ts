import { CallListResponseSchema, IdSchema } from '@parley/shared';
import { z } from 'zod';

export const CallIdParamsSchema = z.object({ id: IdSchema });
/** The admin call log: JSON, or the CSV text with `format=csv`. */
export const AdminCallLogResponseSchema = CallListResponseSchema.or(z.string());
