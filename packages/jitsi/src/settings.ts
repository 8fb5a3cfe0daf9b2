/**
 * Parley's Jitsi settings: every field of Rocket.Chat's Jitsi app (under readable keys that are also
 * the JSON the CLI reads) plus the few a correct Jitsi contract needs (`tokenSubject`, `jaasFeatures`,
 * `shareEmail`). The schema checks each field's shape; `diagnose` checks that the whole is usable,
 * so an admin can save a half-finished configuration and still be told what is missing.
 */
import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { domainIssue, normaliseDomain } from './domain.js';
import { formatDuration, parseDuration } from './duration.js';

/** Shortest and longest token lifetimes accepted; Jitsi checks `exp` only at (re)connect. */
export const MIN_TOKEN_EXPIRATION_SECONDS = 60;
export const MAX_TOKEN_EXPIRATION_SECONDS = 7 * 86400;

/** JaaS features Parley can switch on in tokens; everything else is left out (JaaS: absent = off). */
export const JAAS_FEATURE_KEYS = ['recording', 'livestreaming', 'transcription', 'outbound-call'] as const;
export type JaasFeature = (typeof JAAS_FEATURE_KEYS)[number];

/**
 * Which kind of Jitsi Parley talks to, as the admin says (the doctor cannot see it): it decides the
 * XMPP domain a token's `sub` is checked against and what the doctor prints for the operator.
 * - `debian`: the `jitsi-meet` + `jitsi-meet-tokens` packages: XMPP domain = the public host name,
 *   domain verification on (the token plugin's default).
 * - `docker`: docker-jitsi-meet: XMPP domain `meet.jitsi` (its `XMPP_DOMAIN`), verification as the
 *   printed `JWT_ENABLE_DOMAIN_VERIFICATION` says.
 * - `jaas`: 8x8's Jitsi as a Service: sub must be the AppID (the tenant).
 */
export const JITSI_DEPLOYMENTS = ['debian', 'docker', 'jaas'] as const;
export type JitsiDeployment = (typeof JITSI_DEPLOYMENTS)[number];

/** Settings that are secrets: the server must treat them as write-only and never return them. */
export const JITSI_SECRET_KEYS = ['appSecret', 'jaasPrivateKey'] as const;
export type JitsiSecretKey = (typeof JITSI_SECRET_KEYS)[number];

/**
 * Parley's own wording of shape problems, by message: the code and values a translation needs
 * (`issuesToProblems` adds them). zod's own messages are not here and keep only their English.
 */
const OWN_WORDING = new Map<string, { code: string; values?: ProblemValues }>();

/** Registers one of Parley's schema messages under its code; returns the message. */
function own(code: string, message: string, values?: ProblemValues): string {
  OWN_WORDING.set(message, values ? { code, values } : { code });
  return message;
}

const domain = z
  .string({ error: own('domainNotText', 'The domain must be text, e.g. "meet.example.com".') })
  .superRefine((value, ctx) => {
    const problem = domainIssue(value);
    if (problem !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: problem.message,
        params: { code: problem.code, values: problem.values },
      });
    }
  })
  .transform(normaliseDomain);

const titlePart = (part: 'prefix' | 'suffix') => {
  const what = `title ${part}`;
  return z.string({ error: own('titlePartNotText', `The ${what} must be text.`, { part }) }).max(64, {
    error: own(
      'titlePartTooLong',
      `The ${what} is longer than 64 characters; it becomes part of every room name.`,
      { part },
    ),
  });
};

/** A text setting; `setting` is its key (the translations' select), `what` its English name. */
const text = (setting: string, what: string, max = 4096) =>
  z
    .string({ error: own('textNotText', `${what} must be text.`, { setting }) })
    .max(max, {
      error: own('textTooLong', `${what} is longer than ${max} characters.`, { setting, max: String(max) }),
    })
    .transform((s) => s.trim());

const flag = (what: string) =>
  z.boolean({ error: own('notTrueOrFalse', `${what} must be true or false.`, { name: what }) });

const chromeExtensionId = z
  .string({ error: own('chromeExtensionIdNotText', 'The Chrome extension id must be text.') })
  .transform((s) => s.trim())
  .refine((s) => s === '' || /^[a-p]{32}$/.test(s), {
    error: own(
      'chromeExtensionIdInvalid',
      'The Chrome extension id must be the 32-letter id (a-p) shown on chrome://extensions, or empty.',
    ),
  });

const privateKey = z
  .string({
    error: own('jaasKeyNotText', 'The JaaS private key must be text (the output of `base64 -i key.pk`).'),
  })
  .transform((s) => {
    const trimmed = s.trim();
    // A pasted PEM is accepted and stored the way the setting is documented: base64 of the PEM.
    if (trimmed.startsWith('-----BEGIN')) return Buffer.from(trimmed + '\n', 'utf8').toString('base64');
    return trimmed.replace(/\s+/g, '');
  })
  .refine((s) => s === '' || /^[A-Za-z0-9+/]+={0,2}$/.test(s), {
    error: own(
      'jaasKeyNotBase64',
      'The JaaS private key is not base64. Paste the output of `base64 -i key.pk` (or the PEM itself).',
    ),
  });

const tokenExpiration = z
  .union([z.number(), z.string()], {
    error: own('tokenExpirationInvalid', 'The token expiration must be seconds or text like "30m" or "2h".'),
  })
  .transform((value, ctx) => {
    const seconds = parseDuration(value);
    if (seconds === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `The token expiration "${value}" is not understood; use seconds (3600) or "30m", "2h", "1d".`,
        params: { code: 'tokenExpirationUnknown', values: { value: String(value) } },
      });
      return z.NEVER;
    }
    if (seconds < MIN_TOKEN_EXPIRATION_SECONDS || seconds > MAX_TOKEN_EXPIRATION_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        message: `The token expiration ${formatDuration(seconds)} is outside ${formatDuration(MIN_TOKEN_EXPIRATION_SECONDS)}-${formatDuration(MAX_TOKEN_EXPIRATION_SECONDS)}.`,
        params: {
          code: 'tokenExpirationRange',
          values: {
            value: formatDuration(seconds),
            min: formatDuration(MIN_TOKEN_EXPIRATION_SECONDS),
            max: formatDuration(MAX_TOKEN_EXPIRATION_SECONDS),
          },
        },
      });
      return z.NEVER;
    }
    return seconds;
  });

const featuresError = {
  error: own(
    'jaasFeaturesInvalid',
    'jaasFeatures must be an object like {"recording": true}; known keys: ' + JAAS_FEATURE_KEYS.join(', '),
    { keys: JAAS_FEATURE_KEYS.join(', ') },
  ),
};
const featureFlags = {
  recording: flag('jaasFeatures.recording'),
  livestreaming: flag('jaasFeatures.livestreaming'),
  transcription: flag('jaasFeatures.transcription'),
  'outbound-call': flag('jaasFeatures.outbound-call'),
};
const jaasFeatures = z.strictObject(
  {
    recording: featureFlags.recording.default(false),
    livestreaming: featureFlags.livestreaming.default(false),
    transcription: featureFlags.transcription.default(false),
    'outbound-call': featureFlags['outbound-call'].default(false),
  },
  featuresError,
);

/** Field schemas without defaults, shared by the full schema and the PATCH schema. */
const fields = {
  domain,
  titlePrefix: titlePart('prefix'),
  titleSuffix: titlePart('suffix'),
  useSsl: flag('useSsl'),
  chromeExtensionId,
  useAuthToken: flag('useAuthToken'),
  appId: text('appId', 'The application id (iss)', 256),
  appSecret: z.string({ error: own('appSecretNotText', 'The application secret must be text.') }).max(4096),
  useJaas: flag('useJaas'),
  jaasPrivateKey: privateKey,
  jaasApiKeyId: text('jaasApiKeyId', 'The JaaS API key id', 512),
  limitTokenToRoom: flag('limitTokenToRoom'),
  tokenAudience: text('tokenAudience', 'The token audience', 256),
  tokenExpiration,
  tokenSubject: text('tokenSubject', 'The token subject', 256),
  jaasFeatures,
  shareEmail: flag('shareEmail'),
  deployment: z.enum(JITSI_DEPLOYMENTS, {
    error: own(
      'deploymentInvalid',
      `The deployment must be one of ${JITSI_DEPLOYMENTS.map((d) => `"${d}"`).join(', ')}.`,
      { choices: JITSI_DEPLOYMENTS.map((d) => `"${d}"`).join(', ') },
    ),
  }),
  xmppDomain: z
    .string({ error: own('xmppDomainNotText', 'The XMPP domain must be text, e.g. "meet.jitsi".') })
    .max(253, { error: own('xmppDomainTooLong', 'The XMPP domain is longer than 253 characters.') })
    .transform((s) => s.trim().toLowerCase())
    .refine(
      (s) => s === '' || /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/.test(s),
      {
        error: own(
          'xmppDomainInvalid',
          'The XMPP domain is a host name such as "meet.jitsi" or "meet.example.com" (no scheme, port or path).',
        ),
      },
    ),
};

/**
 * The full settings schema. Every key is optional on input and falls back to its default, so `{}`
 * parses to {@link DEFAULT_JITSI_SETTINGS}; unknown keys are rejected because they are almost always
 * typos of a real key. Output is normalised (domain lowercased, expiration in seconds, key as base64).
 */
export const JitsiSettingsSchema = z.strictObject({
  /** `host[:port][/tenant]` of the Jitsi deployment, without scheme. For JaaS, `8x8.vc`. */
  domain: fields.domain.default('meet.jit.si'),
  titlePrefix: fields.titlePrefix.default('Parley'),
  titleSuffix: fields.titleSuffix.default(''),
  useSsl: fields.useSsl.default(true),
  /** Chrome extension used for screen sharing on old Jitsi releases; empty = none. */
  chromeExtensionId: fields.chromeExtensionId.default(''),
  /** Mint a JWT for every join (self-hosted `AUTH_TYPE=jwt`, or JaaS). */
  useAuthToken: fields.useAuthToken.default(false),
  /** Self-hosted: the `iss` claim and Prosody `app_id`. JaaS: the AppID `vpaas-magic-cookie-…`. */
  appId: fields.appId.default(''),
  /** Self-hosted HS256 secret (Prosody `app_secret`, raw bytes). Secret. */
  appSecret: fields.appSecret.default(''),
  useJaas: fields.useJaas.default(false),
  /** JaaS RSA private key, base64 of the PEM (`base64 -i key.pk`). Secret. */
  jaasPrivateKey: fields.jaasPrivateKey.default(''),
  /** JaaS API key id (`kid`), `<AppID>/<key id>`. */
  jaasApiKeyId: fields.jaasApiKeyId.default(''),
  /** Put the exact room in the `room` claim; off = `*` (a token for every room). */
  limitTokenToRoom: fields.limitTokenToRoom.default(true),
  /** The `aud` claim (Rocket.Chat's "Token Auditor"); must be in `JWT_ACCEPTED_AUDIENCES`. */
  tokenAudience: fields.tokenAudience.default('jitsi'),
  /** Token lifetime in seconds (input also `"30m"`, `"2h"`, `"now + 1hour"`). */
  tokenExpiration: fields.tokenExpiration.default(3600),
  /** The `sub` claim. Empty = derived from `domain`: the tenant if there is one, else the host name. */
  tokenSubject: fields.tokenSubject.default(''),
  jaasFeatures: fields.jaasFeatures.default({
    recording: false,
    livestreaming: false,
    transcription: false,
    'outbound-call': false,
  }),
  /** Put the user's real email into `context.user.email`. Off by default (data minimisation). */
  shareEmail: fields.shareEmail.default(false),
  /**
   * The kind of Jitsi deployment (see {@link JITSI_DEPLOYMENTS}). Unset (settings saved before it
   * existed, or never chosen) it follows `useJaas`: JaaS, else docker-jitsi-meet, which is what the
   * doctor's environment was written for before; read it with `deploymentOf`.
   */
  deployment: fields.deployment.optional(),
  /**
   * The deployment's XMPP domain (Prosody's VirtualHost, docker's `XMPP_DOMAIN`); empty = the kind's
   * own: the public host name on Debian, `meet.jitsi` on docker. Not used with JaaS.
   */
  xmppDomain: fields.xmppDomain.default(''),
});

/**
 * Schema for an admin PATCH: every key optional, no defaults filled in (an absent key means
 * "unchanged"), same per-field validation. Merge onto the stored JSON, then parse with
 * {@link JitsiSettingsSchema}.
 */
export const JitsiSettingsPatchSchema = z
  .strictObject({ ...fields, jaasFeatures: z.strictObject(featureFlags, featuresError).partial() })
  .partial();

/** Normalised settings, as produced by {@link parseJitsiSettings}. */
export type JitsiSettings = z.output<typeof JitsiSettingsSchema>;
/** What may be stored or sent: every key optional, expiration as seconds or text. */
export type JitsiSettingsInput = z.input<typeof JitsiSettingsSchema>;
/** Body of an admin PATCH of the settings. */
export type JitsiSettingsPatch = z.input<typeof JitsiSettingsPatchSchema>;

/** The settings `{}` parses to. */
export const DEFAULT_JITSI_SETTINGS: JitsiSettings = Object.freeze(JitsiSettingsSchema.parse({}));

/** The dynamic parts of a problem's sentence (field values, numbers, names), for translations. */
export type ProblemValues = Record<string, string | number>;

/**
 * One thing wrong with the settings, pointing at the field to fix when there is one. `message` is the
 * English sentence (CLI, logs); `code` (stable, camelCase) and `values` let a user interface say the
 * same in another language. Shape problems worded by zod itself have no code.
 */
export interface JitsiSettingsProblem {
  /** The settings key (dotted for nested ones, e.g. `jaasFeatures.recording`), or `null` for the whole. */
  field: string | null;
  message: string;
  code?: string;
  values?: ProblemValues;
}

/** Thrown by {@link parseJitsiSettings}; `problems` lists every issue and `message` joins them. */
export class JitsiSettingsError extends Error {
  readonly problems: JitsiSettingsProblem[];
  constructor(problems: JitsiSettingsProblem[]) {
    super(problems.map(formatProblem).join('; '));
    this.name = 'JitsiSettingsError';
    this.problems = problems;
  }
}

/** `"domain: Remove the scheme…"`; one line per problem. */
export function formatProblem(p: JitsiSettingsProblem): string {
  return p.field === null ? p.message : `${p.field}: ${p.message}`;
}

function issuesToProblems(issues: readonly z.core.$ZodIssue[]): JitsiSettingsProblem[] {
  return issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join('.') : null;
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => (issue.path.length > 0 ? `${issue.path.join('.')}.${k}` : k));
      const quoted = keys.map((k) => `"${k}"`).join(', ');
      return {
        field,
        message: `Unknown setting${keys.length > 1 ? 's' : ''} ${quoted} (a typo?).`,
        code: 'unknownSettings',
        values: { n: keys.length, keys: quoted },
      };
    }
    const params =
      issue.code === 'custom'
        ? (issue.params as { code?: unknown; values?: unknown } | undefined)
        : undefined;
    if (typeof params?.code === 'string') {
      const values = params.values as ProblemValues | undefined;
      return { field, message: issue.message, code: params.code, ...(values ? { values } : {}) };
    }
    const wording = OWN_WORDING.get(issue.message);
    if (wording !== undefined) {
      const { code, values } = wording;
      return { field, message: issue.message, code, ...(values ? { values: { ...values } } : {}) };
    }
    return { field, message: issue.message };
  });
}

/**
 * Parses stored or user-supplied settings JSON into normalised {@link JitsiSettings}.
 * Throws {@link JitsiSettingsError} listing every shape problem. Completeness (a missing secret when
 * tokens are on…) is not checked here; ask {@link diagnose}.
 */
export function parseJitsiSettings(input: unknown): JitsiSettings {
  const result = JitsiSettingsSchema.safeParse(input ?? {});
  if (!result.success) throw new JitsiSettingsError(issuesToProblems(result.error.issues));
  return result.data;
}

/** Like {@link parseJitsiSettings} but returns the problems instead of throwing. */
export function safeParseJitsiSettings(
  input: unknown,
): { ok: true; settings: JitsiSettings } | { ok: false; problems: JitsiSettingsProblem[] } {
  const result = JitsiSettingsSchema.safeParse(input ?? {});
  return result.success
    ? { ok: true, settings: result.data }
    : { ok: false, problems: issuesToProblems(result.error.issues) };
}

/**
 * Decodes the JaaS key setting (base64 of a PEM) to the PEM text.
 * Throws with an admin-readable message when it is not a PEM private key.
 */
export function decodeJaasPrivateKey(base64: string): string {
  const pem = Buffer.from(base64, 'base64').toString('utf8');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new Error(
      'The JaaS private key does not decode to a PEM private key ("-----BEGIN PRIVATE KEY-----"). Use `base64 -i key.pk` on the key downloaded from the JaaS console.',
    );
  }
  return pem;
}

/** Why the JaaS private key cannot sign RS256, or `undefined` when it can. */
export function jaasPrivateKeyProblem(base64: string): string | undefined {
  return jaasPrivateKeyIssue(base64)?.message;
}

/** {@link jaasPrivateKeyProblem} with a machine-readable code and the dynamic parts. */
export function jaasPrivateKeyIssue(
  base64: string,
): { code: string; message: string; values?: ProblemValues } | undefined {
  let pem: string;
  try {
    pem = decodeJaasPrivateKey(base64);
  } catch (err) {
    return { code: 'jaasKeyNotPem', message: (err as Error).message };
  }
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') {
      const type = key.asymmetricKeyType?.toUpperCase() ?? 'non-RSA';
      return {
        code: 'jaasKeyNotRsa',
        message: `The JaaS private key is a ${type} key; JaaS signs with RS256 and needs the RSA key from the console.`,
        values: { type },
      };
    }
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < 2048) {
      return {
        code: 'jaasKeyTooShort',
        message: `The JaaS private key has only ${bits} bits; RS256 needs at least 2048.`,
        values: { bits: String(bits) },
      };
    }
    return undefined;
  } catch {
    return {
      code: 'jaasKeyUnreadable',
      message:
        'The JaaS private key could not be read (damaged or password-protected PEM). Download the key again from the JaaS console.',
    };
  }
}

const JAAS_APP_ID_PREFIX = 'vpaas-magic-cookie-';

/**
 * Everything that stops Parley from producing working calls with these settings, in words a Jitsi
 * admin understands. Accepts raw input: fields that fail their schema are reported and the rest is
 * still checked, so one call gives the full list. Empty when fully configured.
 */
export function diagnose(input: unknown): JitsiSettingsProblem[] {
  const problems: JitsiSettingsProblem[] = [];
  let settings: JitsiSettings;
  const parsed = safeParseJitsiSettings(input);
  if (parsed.ok) {
    settings = parsed.settings;
  } else {
    problems.push(...parsed.problems);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return problems;
    // Keep checking with the valid fields so the admin sees everything in one pass.
    const raw = input as Record<string, unknown>;
    const best: Record<string, unknown> = { ...DEFAULT_JITSI_SETTINGS };
    for (const key of Object.keys(JitsiSettingsSchema.shape) as (keyof JitsiSettings)[]) {
      const one = JitsiSettingsSchema.shape[key].safeParse(raw[key]);
      if (one.success) best[key] = one.data;
    }
    settings = best as JitsiSettings;
  }

  const add = (field: string | null, code: string, message: string, values?: ProblemValues) =>
    problems.push({ field, message, code, ...(values ? { values } : {}) });

  if (settings.useJaas) {
    if (!settings.useAuthToken) {
      add(
        'useAuthToken',
        'jaasNeedsToken',
        'JaaS (8x8) only admits users with a token: turn on "useAuthToken".',
      );
    }
    if (settings.appId === '') {
      add(
        'appId',
        'jaasAppIdEmpty',
        'The JaaS AppID is empty; copy it from the JaaS console (it starts with "vpaas-magic-cookie-").',
      );
    } else if (!settings.appId.startsWith(JAAS_APP_ID_PREFIX)) {
      add(
        'appId',
        'jaasAppIdPrefix',
        `"${settings.appId}" is not a JaaS AppID; JaaS AppIDs start with "${JAAS_APP_ID_PREFIX}".`,
        { appId: settings.appId, prefix: JAAS_APP_ID_PREFIX },
      );
    }
    if (settings.jaasApiKeyId === '') {
      add(
        'jaasApiKeyId',
        'jaasKeyIdEmpty',
        'The JaaS API key id is empty; copy it from the JaaS console (API keys).',
      );
    } else if (settings.appId !== '' && !settings.jaasApiKeyId.startsWith(settings.appId + '/')) {
      add(
        'jaasApiKeyId',
        'jaasKeyIdMismatch',
        `The JaaS API key id "${settings.jaasApiKeyId}" does not start with the AppID followed by "/" ("${settings.appId}/…"); JaaS rejects a kid from another app.`,
        { keyId: settings.jaasApiKeyId, appId: settings.appId },
      );
    }
    if (settings.jaasPrivateKey === '') {
      add(
        'jaasPrivateKey',
        'jaasKeyEmpty',
        'The JaaS private key is empty; paste the output of `base64 -i key.pk`.',
      );
    } else {
      const keyProblem = jaasPrivateKeyIssue(settings.jaasPrivateKey);
      if (keyProblem !== undefined) {
        add('jaasPrivateKey', keyProblem.code, keyProblem.message, keyProblem.values);
      }
    }
  } else if (settings.useAuthToken) {
    if (settings.appId === '') {
      add(
        'appId',
        'tokenAppIdEmpty',
        'Token authentication is on but the application id is empty; it must equal Prosody app_id (JWT_APP_ID).',
      );
    }
    if (settings.appSecret === '') {
      add(
        'appSecret',
        'tokenSecretEmpty',
        'Token authentication is on but the application secret is empty; it must equal Prosody app_secret (JWT_APP_SECRET).',
      );
    }
    if (settings.tokenAudience === '') {
      add(
        'tokenAudience',
        'tokenAudienceEmpty',
        "The token audience is empty; Jitsi rejects tokens without 'aud' ('aud' claim is missing).",
      );
    }
  }
  return problems;
}
