import { JitsiSettingsPatchSchema } from '@parley/jitsi';
import { SettingsUpdateRequestSchema } from '@parley/shared';
import type { z } from 'zod';

/** The update body with the Jitsi part validated field by field at the edge; null clears a secret. */
export const SettingsUpdateBodySchema = SettingsUpdateRequestSchema.extend({
  jitsi: JitsiSettingsPatchSchema.extend({
    appSecret: JitsiSettingsPatchSchema.shape.appSecret.nullable(),
    jaasPrivateKey: JitsiSettingsPatchSchema.shape.jaasPrivateKey.nullable(),
  }).optional(),
});
export type SettingsUpdateBody = z.output<typeof SettingsUpdateBodySchema>;
