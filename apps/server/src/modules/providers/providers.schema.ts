import { IdSchema } from '@parley/shared';
import { z } from 'zod';

// Bodies, queries and answers are shared with the web (packages/shared); these are the server's own.
export const ProviderIdParamsSchema = z.strictObject({ id: IdSchema });
