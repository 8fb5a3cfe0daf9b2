import { z } from 'zod';

/**
 * End-to-end encryption of a meeting's media (issue 16), chosen by an admin for calls and for
 * consultations separately: `off`; `offered` (browsers that can encrypt do, one that cannot joins in
 * clear and everyone is told); `required` (a browser that cannot encrypt cannot join).
 */
export const E2EE_MODES = ['off', 'offered', 'required'] as const;
export const E2eeModeSchema = z.enum(E2EE_MODES, {
  error: 'End-to-end encryption is "off", "offered" or "required"',
});
export type E2eeMode = z.infer<typeof E2eeModeSchema>;

/**
 * In a join answer when the meeting is encrypted: the media key (32 random bytes as 64 hex digits,
 * what the IFrame API's `e2eeKey` option takes). Only the people the join admits ever see it.
 */
export const JoinE2eeSchema = z.object({
  mode: z.enum(['offered', 'required']),
  key: z.string().regex(/^[0-9a-f]{64}$/),
});
export type JoinE2ee = z.infer<typeof JoinE2eeSchema>;

/** What a joining browser may say of itself: false when it cannot encrypt media (no encoded transforms). */
export const E2eeSupportSchema = z.boolean();
