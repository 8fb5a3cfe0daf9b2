import { z } from 'zod';

export const LivenessSchema = z.object({ status: z.literal('ok') });
export const ReadySchema = z.object({ status: z.literal('ready'), database: z.string() });
export const UnavailableSchema = z.object({ status: z.literal('unavailable'), database: z.string() });
