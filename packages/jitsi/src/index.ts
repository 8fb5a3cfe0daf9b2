/**
 * @parley/jitsi: the Jitsi Meet contract for Parley. Settings, room names, tokens, meeting links,
 * IFrame options, webhooks and a verifier that behaves like Jitsi's Prosody modules.
 */
export {
  JitsiSettingsSchema,
  JitsiSettingsPatchSchema,
  JitsiSettingsError,
  DEFAULT_JITSI_SETTINGS,
  JITSI_SECRET_KEYS,
  JAAS_FEATURE_KEYS,
  MIN_TOKEN_EXPIRATION_SECONDS,
  MAX_TOKEN_EXPIRATION_SECONDS,
  parseJitsiSettings,
  safeParseJitsiSettings,
  diagnose,
  advise,
  formatProblem,
  decodeJaasPrivateKey,
  jaasPrivateKeyProblem,
} from './settings.js';
export type {
  JitsiSettings,
  JitsiSettingsInput,
  JitsiSettingsPatch,
  JitsiSettingsProblem,
  JitsiSecretKey,
  JaasFeature,
} from './settings.js';
export { parseDuration, formatDuration } from './duration.js';
export { parseDomain, domainProblem } from './domain.js';
export type { DomainParts } from './domain.js';
