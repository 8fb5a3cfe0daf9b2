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
  JITSI_DEPLOYMENTS,
  JAAS_FEATURE_KEYS,
  MIN_TOKEN_EXPIRATION_SECONDS,
  MAX_TOKEN_EXPIRATION_SECONDS,
  parseJitsiSettings,
  safeParseJitsiSettings,
  diagnose,
  formatProblem,
  decodeJaasPrivateKey,
  jaasPrivateKeyProblem,
  jaasPrivateKeyIssue,
} from './settings.js';
export { advise } from './advise.js';
export type {
  JitsiSettings,
  JitsiSettingsInput,
  JitsiSettingsPatch,
  JitsiSettingsProblem,
  ProblemValues,
  JitsiSecretKey,
  JaasFeature,
  JitsiDeployment,
} from './settings.js';
export {
  DOCKER_XMPP_DOMAIN,
  DEPLOYMENT_NAMES,
  deploymentOf,
  xmppDomainOf,
  expectedSubject,
  subjectPassesVerification,
  dockerDomainVerification,
  deploymentWarnings,
} from './deployment.js';
export type { DeploymentWarning } from './deployment.js';
export { parseDuration, formatDuration } from './duration.js';
export { parseDomain, domainProblem, domainIssue } from './domain.js';
export type { DomainParts, DomainIssue } from './domain.js';
export { roomName, backendSafeRoomName, newCallId, isCallId, MAX_ROOM_NAME_LENGTH } from './room-name.js';
export {
  JWT_ALGORITHMS,
  base64url,
  encodeSegment,
  signJwt,
  signJwtInput,
  decodeJwt,
  isJwtAlgorithm,
} from './jwt.js';
export type { JwtAlgorithm, DecodedJwt } from './jwt.js';
export { createTokenSigner, effectiveTokenSubject, NBF_BACKDATE_SECONDS } from './signer.js';
export type {
  TokenSigner,
  TokenSignerOptions,
  TokenUser,
  MintInput,
  JitsiTokenClaims,
  SelfHostedClaims,
  JaasClaims,
  SelfHostedContextUser,
  JaasContextUser,
} from './signer.js';
export { meetingLink, iframeOptions, joinCall, meetingLocation, configOverwrite } from './links.js';
export type {
  MeetingOptions,
  MeetingLinkInput,
  MeetingLocation,
  IframeOptions,
  JitsiConfigOverwrite,
  JoinInput,
  JoinInfo,
} from './links.js';
export { verifyToken, affiliationOf, deploymentConfigFromSettings, roomNodeFor } from './verify.js';
export type { JitsiDeploymentConfig, VerifyRequest, VerifyResult, TokenAffiliation } from './verify.js';
export {
  verifyJaasWebhook,
  parseJaasWebhook,
  parseJaasSignatureHeader,
  parseEventSync,
  expectedTenant,
  isOwnTenant,
  JitsiWebhookError,
  EVENT_SYNC_PATHS,
} from './webhooks.js';
export type {
  JitsiEvent,
  JitsiEventSource,
  JitsiParticipant,
  JitsiWebhookProblem,
  JaasWebhookInput,
} from './webhooks.js';
export { dockerEnv, formatDockerEnv, APP_SECRET_PLACEHOLDER } from './docker-env.js';
export { debianProsodyConfig } from './prosody-config.js';
export type { DockerEnvLine } from './docker-env.js';
