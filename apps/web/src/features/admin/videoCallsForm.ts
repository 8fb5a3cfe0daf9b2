import type { CallsSettingsView, JitsiSettingsView, SettingsUpdateRequest } from '@parley/shared';
import { t } from '../../i18n';
import { KEEP, secretPatch, type SecretChange } from './SecretField';

/** The one public Jitsi Parley offers, and only as a labelled demo. */
export const DEMO_DOMAIN = 'meet.jit.si';
export const demoLabel = () => t('settings.jitsi.server.demo');

export const JAAS_FEATURES = [
  { key: 'recording', labelKey: 'settings.jitsi.jaasFeatures.recording' },
  { key: 'livestreaming', labelKey: 'settings.jitsi.jaasFeatures.livestreaming' },
  { key: 'transcription', labelKey: 'settings.jitsi.jaasFeatures.transcription' },
  { key: 'outbound-call', labelKey: 'settings.jitsi.jaasFeatures.outboundCall' },
] as const;
export type JaasFeatureKey = (typeof JAAS_FEATURES)[number]['key'];

/** The JaaS features as checkboxes, labelled in the interface's language. */
export const jaasFeatureOptions = () =>
  JAAS_FEATURES.map(({ key, labelKey }) => ({ key, label: t(labelKey) }));

const DEPLOYMENTS = [
  'debian',
  'docker',
  'jaas',
] as const satisfies readonly JitsiSettingsView['deployment'][];

/** The kinds of Jitsi the doctor knows (JitsiSettingsView['deployment']), as the panel offers them. */
export const deploymentOptions = () =>
  DEPLOYMENTS.map((value) => ({ value, label: t(`settings.deployment.${value}`) }));

/** docker-jitsi-meet's XMPP_DOMAIN unless its operator changed it. */
export const DOCKER_XMPP_DOMAIN = 'meet.jitsi';

/**
 * The XMPP domain the server assumes while the field is empty: the public host name on Debian
 * (the domain without port or tenant), `meet.jitsi` on docker.
 */
export function defaultXmppDomain(deployment: JitsiSettingsView['deployment'], domain: string): string {
  if (deployment === 'docker') return DOCKER_XMPP_DOMAIN;
  if (deployment === 'jaas') return '';
  const host = domain.split('/')[0] ?? '';
  return host.startsWith('[') ? host.replace(/(\]):\d+$/, '$1') : host.replace(/:\d+$/, '');
}

/** The Jitsi form: text as typed, switches as booleans, secrets as pending changes. */
export interface JitsiForm {
  server: 'own' | 'demo';
  domain: string;
  titlePrefix: string;
  titleSuffix: string;
  useSsl: boolean;
  chromeExtensionId: string;
  useAuthToken: boolean;
  appId: string;
  appSecret: SecretChange;
  useJaas: boolean;
  jaasPrivateKey: SecretChange;
  jaasApiKeyId: string;
  limitTokenToRoom: boolean;
  tokenAudience: string;
  /** Seconds, or text such as "30m" or "2h". */
  tokenExpiration: string;
  tokenSubject: string;
  jaasFeatures: Record<JaasFeatureKey, boolean>;
  shareEmail: boolean;
}

export function jitsiFormFrom(view: JitsiSettingsView): JitsiForm {
  return {
    server: view.domain === DEMO_DOMAIN ? 'demo' : 'own',
    domain: view.domain === DEMO_DOMAIN ? '' : view.domain,
    titlePrefix: view.titlePrefix,
    titleSuffix: view.titleSuffix,
    useSsl: view.useSsl,
    chromeExtensionId: view.chromeExtensionId,
    useAuthToken: view.useAuthToken,
    appId: view.appId,
    appSecret: KEEP,
    useJaas: view.useJaas,
    jaasPrivateKey: KEEP,
    jaasApiKeyId: view.jaasApiKeyId,
    limitTokenToRoom: view.limitTokenToRoom,
    tokenAudience: view.tokenAudience,
    tokenExpiration: String(view.tokenExpiration),
    tokenSubject: view.tokenSubject,
    jaasFeatures: { ...view.jaasFeatures },
    shareEmail: view.shareEmail,
  };
}

/** The domain the form stands for. */
export function formDomain(form: JitsiForm): string {
  return form.server === 'demo' ? DEMO_DOMAIN : form.domain.trim();
}

const TEXT_KEYS = [
  'titlePrefix',
  'titleSuffix',
  'chromeExtensionId',
  'appId',
  'jaasApiKeyId',
  'tokenAudience',
  'tokenSubject',
] as const;
const FLAG_KEYS = ['useSsl', 'useAuthToken', 'useJaas', 'limitTokenToRoom', 'shareEmail'] as const;

/** Only what changed, so an untouched (maybe still unset) field is never sent back. */
export function jitsiPatch(form: JitsiForm, saved: JitsiSettingsView): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const domain = formDomain(form);
  if (domain !== saved.domain) patch.domain = domain;
  for (const key of TEXT_KEYS) if (form[key] !== saved[key]) patch[key] = form[key];
  for (const key of FLAG_KEYS) if (form[key] !== saved[key]) patch[key] = form[key];
  const expiration = form.tokenExpiration.trim();
  if (expiration !== String(saved.tokenExpiration)) {
    patch.tokenExpiration = /^\d+$/.test(expiration) ? Number(expiration) : expiration;
  }
  const features: Partial<Record<JaasFeatureKey, boolean>> = {};
  for (const { key } of JAAS_FEATURES) {
    if (form.jaasFeatures[key] !== saved.jaasFeatures[key]) features[key] = form.jaasFeatures[key];
  }
  if (Object.keys(features).length > 0) patch.jaasFeatures = features;
  for (const key of ['appSecret', 'jaasPrivateKey'] as const) {
    const value = secretPatch(form[key]);
    if (value !== undefined) patch[key] = value;
  }
  return patch;
}

export type CallRoomType = keyof CallsSettingsView['enabledIn'];

export const CALL_ROOM_TYPES: readonly CallRoomType[] = [
  'direct',
  'channel',
  'private',
  'team',
  'discussion',
];

/** The room types calls may be allowed in, as checkboxes. */
export const callRoomTypeOptions = () =>
  CALL_ROOM_TYPES.map((key) => ({ key, label: t(`settings.calls.enabledIn.${key}`) }));

export const moderatorOptions = () => [
  { value: 'caller', label: t('settings.calls.moderators.caller') },
  { value: 'caller-and-room-moderators', label: t('settings.calls.moderators.callerAndRoomModerators') },
];

/** The calls form; numbers as typed. */
export interface CallsForm {
  enabledIn: CallsSettingsView['enabledIn'];
  ringing: boolean;
  ringTimeoutSeconds: string;
  ringMaxMembers: string;
  maxDurationMinutes: string;
  moderators: CallsSettingsView['moderators'];
  eventSyncSecret: SecretChange;
  jaasWebhookSecret: SecretChange;
}

export function callsFormFrom(view: CallsSettingsView): CallsForm {
  return {
    enabledIn: { ...view.enabledIn },
    ringing: view.ringing,
    ringTimeoutSeconds: String(view.ringTimeoutSeconds),
    ringMaxMembers: String(view.ringMaxMembers),
    maxDurationMinutes: String(view.maxDurationMinutes),
    moderators: view.moderators,
    eventSyncSecret: KEEP,
    jaasWebhookSecret: KEEP,
  };
}

/** The limits the server enforces (CallsSettingsSchema), with the words the form uses. */
export const CALL_NUMBERS = {
  ringTimeoutSeconds: { min: 5, max: 300, unit: 'seconds' },
  ringMaxMembers: { min: 2, max: 1000, unit: 'members' },
  maxDurationMinutes: { min: 5, max: 1440, unit: 'minutes' },
} as const;
type CallNumberKey = keyof typeof CALL_NUMBERS;

/** The changed calls settings, or the fields whose numbers are out of range. */
export function callsPatch(
  form: CallsForm,
  saved: CallsSettingsView,
):
  | { ok: true; patch: NonNullable<SettingsUpdateRequest['calls']> }
  | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const numbers: Partial<Record<CallNumberKey, number>> = {};
  for (const key of Object.keys(CALL_NUMBERS) as CallNumberKey[]) {
    const { min, max, unit } = CALL_NUMBERS[key];
    const text = form[key].trim();
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      errors[key] = t('settings.calls.numberRange', { min, max, unit });
    } else numbers[key] = value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const patch: NonNullable<SettingsUpdateRequest['calls']> = {};
  const enabledIn: Partial<CallsForm['enabledIn']> = {};
  for (const key of CALL_ROOM_TYPES) {
    if (form.enabledIn[key] !== saved.enabledIn[key]) enabledIn[key] = form.enabledIn[key];
  }
  if (Object.keys(enabledIn).length > 0) patch.enabledIn = enabledIn;
  if (form.ringing !== saved.ringing) patch.ringing = form.ringing;
  for (const key of Object.keys(CALL_NUMBERS) as CallNumberKey[]) {
    if (numbers[key] !== saved[key]) patch[key] = numbers[key];
  }
  if (form.moderators !== saved.moderators) patch.moderators = form.moderators;
  for (const key of ['eventSyncSecret', 'jaasWebhookSecret'] as const) {
    const value = secretPatch(form[key]);
    if (value !== undefined) patch[key] = value;
  }
  return { ok: true, patch };
}

/** The settings fields with a label on the page (their messages are `settings.jitsi.fields.<field>`). */
const LABELLED_FIELDS = new Set([
  'domain',
  'titlePrefix',
  'titleSuffix',
  'useSsl',
  'chromeExtensionId',
  'useAuthToken',
  'appId',
  'appSecret',
  'useJaas',
  'jaasPrivateKey',
  'jaasApiKeyId',
  'limitTokenToRoom',
  'tokenAudience',
  'tokenExpiration',
  'tokenSubject',
  'shareEmail',
  'deployment',
  'xmppDomain',
]);

/** The label a settings field has on the page, for lists of problems and warnings. */
export function fieldLabel(field: string): string {
  const labelled = LABELLED_FIELDS.has(field) ? field : (field.split('.')[0] ?? '');
  return LABELLED_FIELDS.has(labelled) ? t(`settings.jitsi.fields.${labelled}`) : field;
}
