import { MeSchema } from '@parley/shared';
import { z } from 'zod';

// The request bodies are shared with the web (packages/shared); these are the server's own answers.
export const MeResponseSchema = z.object({ user: MeSchema });
/** A 204 answer. */
export const NoContentSchema = z.null();
