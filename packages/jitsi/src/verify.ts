/**
 * A re-implementation of how Jitsi's Prosody modules judge a token (`luajwtjitsi.lib.lua` `verify`,
 * `token/util.lib.lua` `process_and_verify_token` and `verify_room`, `mod_token_affiliation`), for
 * tests and for `parley-jitsi check`/`doctor`. Errors are Jitsi's own strings so they can be matched
 * against Prosody logs; `explanation` says what to change.
 */
import {
  createPublicKey,
  createSecretKey,
  timingSafeEqual,
  verify as rsaVerify,
  type KeyObject,
} from 'node:crypto';
import { deploymentOf, dockerDomainVerification, DOCKER_XMPP_DOMAIN, xmppDomainOf } from './deployment.js';
import { parseDomain } from './domain.js';
import { hashFor, isJwtAlgorithm, signJwtInput, type JwtAlgorithm } from './jwt.js';
import { decodeJaasPrivateKey, type JitsiSettings } from './settings.js';

/** How a Jitsi deployment is configured to check tokens (Prosody options, docker names in brackets). */
export interface JitsiDeploymentConfig {
  /** `app_id` [JWT_APP_ID]. Empty means token authentication is off. */
  appId: string;
  /** `app_secret` [JWT_APP_SECRET] for HS* tokens; raw bytes, not base64-decoded. */
  appSecret?: string;
  /** Public key for RS* tokens (what `asap_key_server` would serve for the token's `kid`). */
  publicKey?: string | KeyObject;
  /** `signature_algorithm` [JWT_SIGN_TYPE]; default RS256 with a public key, else HS256. */
  signatureAlgorithm?: JwtAlgorithm;
  /** `asap_accepted_issuers` [JWT_ACCEPTED_ISSUERS]; default `[appId]`. `*` accepts any. */
  acceptedIssuers?: string[];
  /** `asap_accepted_audiences` [JWT_ACCEPTED_AUDIENCES]; default `['*']` (but `aud` must exist). */
  acceptedAudiences?: string[];
  /** `asap_require_room_claim`; default true. */
  requireRoomClaim?: boolean;
  /** `allow_empty_token` [JWT_ALLOW_EMPTY]; default false. */
  allowEmptyToken?: boolean;
  /** `enable_domain_verification` [JWT_ENABLE_DOMAIN_VERIFICATION]; docker default false. */
  enableDomainVerification?: boolean;
  /** `muc_mapper_domain_base` [XMPP_DOMAIN]; default `meet.jitsi`. */
  mucDomainBase?: string;
  /** `muc_mapper_domain_prefix`; default `muc` as in docker (Prosody's own default is `conference`). */
  mucDomainPrefix?: string;
  /** The MUC component rooms really live on; default `<mucDomainPrefix>.<mucDomainBase>`. */
  mucDomain?: string;
}

export interface VerifyRequest {
  /**
   * The MUC node the client joins, as Jitsi's client computes it (`my%20room`, or `[acme]my%20room`
   * on a tenant URL). Without it only the connection-time checks run.
   */
  room?: string;
  /** Clock in milliseconds; default `Date.now()`. Prosody uses whole seconds (`os.time()`). */
  now?: number;
}

export type TokenAffiliation = 'owner' | 'member';

export type VerifyResult =
  | {
      ok: true;
      /** The payload, or `undefined` for an anonymous join allowed by `allowEmptyToken`. */
      claims?: Record<string, unknown>;
      /** What `mod_token_affiliation` would give this user. */
      affiliation: TokenAffiliation;
      /** Things that pass Prosody but may still bite (JaaS client checks, missing fields…). */
      notes: string[];
    }
  | {
      ok: false;
      /** `connect`: refused at XMPP login (`not-allowed`); `join`: refused when entering the room. */
      stage: 'connect' | 'join';
      /** Jitsi's own error text. */
      error: string;
      /** What is wrong, in words, and what to change. */
      explanation: string;
    };

const fail = (stage: 'connect' | 'join', error: string, explanation: string): VerifyResult => ({
  ok: false,
  stage,
  error,
  explanation,
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `basexx.from_url64` + `cjson.safe.decode`; `undefined` when either fails. */
function decodeJsonPart(part: string): unknown {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(part)) return undefined;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** luajwtjitsi's `verify_claim`: `*` in the list accepts anything, else equality (never arrays). */
function claimAccepted(claim: unknown, accepted: readonly string[]): boolean {
  return accepted.some((a) => a === '*' || claim === a);
}

function verifyKey(config: JitsiDeploymentConfig, alg: JwtAlgorithm): KeyObject | undefined {
  if (alg.startsWith('HS')) {
    return config.appSecret === undefined
      ? undefined
      : createSecretKey(Buffer.from(config.appSecret, 'utf8'));
  }
  if (config.publicKey === undefined) return undefined;
  return typeof config.publicKey === 'string' ? createPublicKey(config.publicKey) : config.publicKey;
}

function signatureValid(signingInput: string, signature: string, alg: JwtAlgorithm, key: KeyObject): boolean {
  const given = Buffer.from(signature, 'base64url');
  if (alg.startsWith('HS')) {
    const expected = Buffer.from(signJwtInput(signingInput, alg, key), 'base64url');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
  try {
    return rsaVerify(hashFor(alg), Buffer.from(signingInput), key, given);
  } catch {
    return false;
  }
}

/**
 * Judges `token` the way a Jitsi deployment configured as `config` would, at connect time and, when
 * `request.room` is given, when joining that room.
 */
export function verifyToken(
  token: string | undefined | null,
  config: JitsiDeploymentConfig,
  request: VerifyRequest = {},
): VerifyResult {
  const nowSeconds = Math.floor((request.now ?? Date.now()) / 1000);
  if (config.appId === '') {
    return fail(
      'connect',
      'token authentication is off',
      'Prosody has no app_id, so it does not check tokens at all.',
    );
  }
  const expectedAlg = config.signatureAlgorithm ?? (config.publicKey !== undefined ? 'RS256' : 'HS256');
  const asap = config.publicKey !== undefined && expectedAlg.startsWith('RS');

  if (token === undefined || token === null || token === '') {
    if (config.allowEmptyToken) {
      return { ok: true, affiliation: 'member', notes: ['Anonymous join (allow_empty_token).'] };
    }
    return fail('connect', 'token required', 'The URL has no ?jwt= and the deployment requires a token.');
  }

  // ASAP (key server) mode reads the header first to find the key.
  if (asap) {
    const dot = token.indexOf('.');
    if (dot < 0) return fail('connect', 'Invalid token', 'The token is not a JWT (no dots).');
    const header = decodeJsonPart(token.slice(0, dot));
    if (!isObject(header)) {
      return fail('connect', 'bad token format', 'The JWT header is not base64url JSON.');
    }
    if (header.kid === undefined) {
      return fail(
        'connect',
        "'kid' claim is missing",
        'Key-server deployments pick the public key by the header kid.',
      );
    }
    if (header.alg === undefined) {
      return fail('connect', "'alg' claim is missing", 'The JWT header has no alg.');
    }
    if (typeof header.alg !== 'string' || !header.alg.startsWith('RS')) {
      return fail(
        'connect',
        "'kid' claim only support with RS family",
        'Tokens with a kid must be RS256/384/512.',
      );
    }
  }

  // luajwtjitsi splits on "." keeping only non-empty pieces: "a.b." (alg none) is 2 parts.
  const parts = token.split('.').filter((p) => p !== '');
  if (parts.length !== 3) {
    return fail(
      'connect',
      'Invalid token',
      'A JWT is three non-empty base64url parts; unsigned (alg "none") tokens are refused.',
    );
  }
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJsonPart(h);
  const body = decodeJsonPart(p);
  if (!isObject(header) || !isObject(body) || !/^[A-Za-z0-9_-]+$/.test(s)) {
    return fail('connect', 'Invalid token', 'The header or payload is not base64url-encoded JSON.');
  }
  if (header.typ !== 'JWT') {
    return fail(
      'connect',
      'Invalid typ',
      `Jitsi requires the header typ to be exactly "JWT" (got ${header.typ === undefined ? 'none' : JSON.stringify(header.typ)}).`,
    );
  }
  if (header.alg !== expectedAlg) {
    return fail(
      'connect',
      'Invalid or incorrect alg',
      `The deployment expects ${expectedAlg}; the token says ${JSON.stringify(header.alg)}.`,
    );
  }
  if (body.exp !== undefined && typeof body.exp !== 'number') {
    return fail('connect', 'exp must be number', 'exp must be a JSON number of seconds, not a string.');
  }
  if (body.nbf !== undefined && typeof body.nbf !== 'number') {
    return fail('connect', 'nbf must be number', 'nbf must be a JSON number of seconds, not a string.');
  }
  const key = isJwtAlgorithm(expectedAlg) ? verifyKey(config, expectedAlg) : undefined;
  if (key === undefined) {
    return fail('connect', 'Invalid signature', `The deployment has no key for ${expectedAlg}.`);
  }
  if (!signatureValid(`${h}.${p}`, s, expectedAlg, key)) {
    return fail(
      'connect',
      'Invalid signature',
      expectedAlg.startsWith('HS')
        ? 'The token was signed with another secret than app_secret (JWT_APP_SECRET).'
        : 'The token was not signed by the private key matching the deployment public key.',
    );
  }
  if (typeof body.exp === 'number' && nowSeconds >= body.exp) {
    return fail(
      'connect',
      'Not acceptable by exp',
      `The token expired at ${new Date(body.exp * 1000).toISOString()} (Jitsi allows no clock skew).`,
    );
  }
  if (typeof body.nbf === 'number' && nowSeconds < body.nbf) {
    return fail(
      'connect',
      'Not acceptable by nbf',
      `The token is valid only from ${new Date(body.nbf * 1000).toISOString()} (Jitsi allows no clock skew).`,
    );
  }
  const issuers = config.acceptedIssuers ?? [config.appId];
  if (body.iss === undefined) return fail('connect', "'iss' claim is missing", 'The token has no iss.');
  if (!claimAccepted(body.iss, issuers)) {
    return fail(
      'connect',
      "invalid 'iss' claim",
      `iss ${JSON.stringify(body.iss)} is not in the accepted issuers (${issuers.join(', ')}).`,
    );
  }
  const audiences = config.acceptedAudiences ?? ['*'];
  if (body.aud === undefined) {
    return fail(
      'connect',
      "'aud' claim is missing",
      'Jitsi requires an aud claim even when any audience is accepted.',
    );
  }
  if (!claimAccepted(body.aud, audiences)) {
    return fail(
      'connect',
      "invalid 'aud' claim",
      Array.isArray(body.aud)
        ? `aud is an array; Jitsi compares it as a single string, so only an accepted list of "*" lets it through.`
        : `aud ${JSON.stringify(body.aud)} is not in the accepted audiences (${audiences.join(', ')}).`,
    );
  }
  const requireRoom = config.requireRoomClaim ?? true;
  if (requireRoom && body.room === undefined) {
    return fail(
      'connect',
      "'room' claim is missing",
      'Add the room claim (the backend-safe room name, or "*").',
    );
  }

  if (request.room !== undefined) {
    const roomResult = verifyRoom(body, config, request.room);
    if (roomResult !== true) return roomResult;
  }
  return { ok: true, claims: body, affiliation: affiliationOf(body), notes: notesFor(header, body) };
}

/** `Util:verify_room`, after the token passed; true or the join-time failure. */
function verifyRoom(
  body: Record<string, unknown>,
  config: JitsiDeploymentConfig,
  node: string,
): true | VerifyResult {
  const mismatch = (explanation: string) => fail('join', 'Room and token mismatched', explanation);
  const room = node.toLowerCase();
  const claim = body.room;
  const authRoom = typeof claim === 'string' ? claim.toLowerCase() : claim;
  const contextRoom = isObject(body.context) ? body.context.room : undefined;
  const regex = isObject(contextRoom) && (contextRoom.regex === true || contextRoom.regex === 'true');

  if (!(config.enableDomainVerification ?? false)) {
    if (authRoom === undefined || authRoom === '*') return true;
    if (typeof authRoom !== 'string') return mismatch('The room claim is not a string.');
    if (room === authRoom || room.endsWith(']' + authRoom)) return true;
    return mismatch(
      `The token is for room ${JSON.stringify(claim)} but the client joins "${room}". The claim must be the backend-safe (URL-encoded, lowercased) name, e.g. "my%20room" for "My Room".`,
    );
  }

  const prefix = config.mucDomainPrefix ?? 'muc';
  const base = config.mucDomainBase ?? 'meet.jitsi';
  const mucDomain = config.mucDomain ?? `${prefix}.${base}`;
  const roomAddress = `${room}@${mucDomain}`;
  const tenantMatch = /^\[([^\]]+)\](.+)$/.exec(room);
  const targetSubdomain = tenantMatch?.[1];
  const targetRoom = tenantMatch?.[2];

  let roomToCheck: string | undefined;
  if (authRoom === '*') {
    roomToCheck = targetRoom ?? room;
  } else if (regex && typeof authRoom === 'string') {
    roomToCheck = luaMatch(targetRoom ?? room, authRoom);
  } else {
    roomToCheck = typeof authRoom === 'string' ? authRoom : undefined;
  }
  if (roomToCheck === undefined) {
    if (!(config.requireRoomClaim ?? true)) return true;
    return mismatch('The token has no usable room claim.');
  }

  if (typeof body.sub !== 'string') {
    return fail(
      'join',
      "bad argument #1 to 'lower' (string expected, got nil)",
      'With domain verification on, Prosody lowercases sub and throws when it is missing: always send sub.',
    );
  }
  const authDomain = body.sub.toLowerCase();
  if (targetSubdomain !== undefined) {
    if (config.mucDomainBase === undefined && config.mucDomain === undefined) {
      return mismatch(
        'Tenant rooms need muc_mapper_domain_base on the Prosody side; without it Jitsi denies access.',
      );
    }
    const subdomain = authDomain === '*' ? targetSubdomain : authDomain;
    if (roomAddress === `[${subdomain}]${roomToCheck}@${prefix}.${base}`) return true;
    return mismatch(
      `Room "${room}" is on tenant "${targetSubdomain}"; with domain verification sub must be "${targetSubdomain}" or "*" (got "${body.sub}"), and the room claim must match.`,
    );
  }
  const domainToCheck = authDomain === '*' ? `${prefix}.${base}` : `${prefix}.${authDomain}`;
  if (roomAddress === `${roomToCheck}@${domainToCheck}`) return true;
  return mismatch(
    `Expected the room JID ${roomToCheck}@${domainToCheck} to equal ${roomAddress}: sub must be the XMPP domain ("${base}") or "*", muc_mapper_domain_prefix must match the MUC component, and the room claim must match.`,
  );
}

/** A small Lua-pattern matcher for `context.room.regex` tokens (`%` escapes, classes, quantifiers). */
function luaMatch(subject: string, pattern: string): string | undefined {
  let re = '';
  const classes: Record<string, string> = {
    a: 'A-Za-z',
    d: '0-9',
    l: 'a-z',
    s: '\\s',
    u: 'A-Z',
    w: 'A-Za-z0-9',
    x: 'A-Fa-f0-9',
    p: '!-/:-@\\[-`{-~',
  };
  let inSet = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '%' && i + 1 < pattern.length) {
      const n = pattern[++i]!;
      const cls = classes[n.toLowerCase()];
      if (cls !== undefined) {
        const upper = n !== n.toLowerCase();
        re += inSet ? (upper ? '' : cls) : upper ? `[^${cls}]` : `[${cls}]`;
      } else {
        re += '\\' + n;
      }
    } else if (c === '[') {
      inSet = true;
      re += '[';
    } else if (c === ']' && inSet) {
      inSet = false;
      re += ']';
    } else if (c === '-' && !inSet) {
      re += '*?';
    } else if (!inSet && '.*+?^$'.includes(c)) {
      re += c === '^' && i !== 0 ? '\\^' : c === '$' && i !== pattern.length - 1 ? '\\$' : c;
    } else {
      re += /[\\/(){}|]/.test(c) ? '\\' + c : c;
    }
  }
  try {
    return new RegExp(re).exec(subject)?.[0];
  } catch {
    return undefined;
  }
}

/** `mod_token_affiliation`: owner for affiliation owner/moderator/teacher or moderator true/"true". */
export function affiliationOf(claims: Record<string, unknown>): TokenAffiliation {
  const context = isObject(claims.context) ? claims.context : undefined;
  const user = context && isObject(context.user) ? context.user : undefined;
  if (!user) return 'member';
  if (user.affiliation === 'owner' || user.affiliation === 'moderator' || user.affiliation === 'teacher') {
    return 'owner';
  }
  return user.moderator === true || user.moderator === 'true' ? 'owner' : 'member';
}

/** Jitsi's client-side `MEET_FEATURES`. */
const MEET_FEATURES = new Set([
  'branding',
  'calendar',
  'flip',
  'inbound-call',
  'livestreaming',
  'lobby',
  'moderation',
  'outbound-call',
  'recording',
  'room',
  'screen-sharing',
  'sip-inbound-call',
  'sip-outbound-call',
  'transcription',
  'file-upload',
  'list-visitors',
  'send-groupchat',
  'create-polls',
]);

function notesFor(header: Record<string, unknown>, body: Record<string, unknown>): string[] {
  const notes: string[] = [];
  if (body.exp === undefined) notes.push('The token has no exp: it never expires.');
  if (body.room === '*') notes.push('room is "*": this token opens every room on the deployment.');
  const context = isObject(body.context) ? body.context : undefined;
  const user = context && isObject(context.user) ? context.user : undefined;
  if (user) {
    for (const [k, v] of Object.entries(user)) {
      if (v === null) notes.push(`context.user.${k} is null; Jitsi expects strings and may throw.`);
    }
  } else {
    notes.push('The token has no context.user: Jitsi shows no name or avatar from it.');
  }
  if (typeof body.sub === 'string' && body.sub.startsWith('vpaas-magic-cookie')) {
    // validateJwt in jitsi-meet's base/jwt/functions.ts: the web client refuses these for JaaS.
    const kid = typeof header.kid === 'string' ? header.kid : '';
    if (kid.split('/')[0] !== body.sub) {
      notes.push('JaaS: the kid must start with the AppID (sub) followed by "/".');
    }
    if (body.aud !== 'jitsi') notes.push('JaaS: aud must be "jitsi".');
    if (body.iss !== 'chat') notes.push('JaaS: iss must be "chat".');
    const features = context?.features;
    if (!isObject(features)) notes.push('JaaS: context.features is required.');
    else {
      for (const [k, v] of Object.entries(features)) {
        if (!MEET_FEATURES.has(k)) notes.push(`JaaS: unknown feature "${k}".`);
        if (v !== true && v !== false && v !== 'true' && v !== 'false') {
          notes.push(`JaaS: feature "${k}" must be true/false or "true"/"false".`);
        }
      }
    }
  }
  return notes;
}

/**
 * The deployment configuration that matches `settings`: HS256 with the app secret, iss = appId,
 * aud = tokenAudience; for docker-jitsi-meet, domain verification exactly when the env
 * `parley-jitsi doctor` prints turns it on (rooms on `muc.<XMPP domain>`); for a Debian install,
 * verification on (the plugin's default) with rooms on `conference.<XMPP domain>`. For JaaS, RS256
 * with the public half of the JaaS key.
 */
export function deploymentConfigFromSettings(settings: JitsiSettings): JitsiDeploymentConfig {
  if (settings.useJaas) {
    return {
      appId: settings.appId,
      publicKey: createPublicKey(decodeJaasPrivateKey(settings.jaasPrivateKey)),
      signatureAlgorithm: 'RS256',
      acceptedIssuers: ['chat'],
      acceptedAudiences: ['jitsi'],
    };
  }
  const debian = deploymentOf(settings) === 'debian';
  const verification = debian || dockerDomainVerification(settings);
  const config: JitsiDeploymentConfig = {
    appId: settings.appId,
    appSecret: settings.appSecret,
    signatureAlgorithm: 'HS256',
    acceptedIssuers: [settings.appId],
    acceptedAudiences: [settings.tokenAudience],
    enableDomainVerification: verification,
  };
  if (verification) {
    config.mucDomainBase = xmppDomainOf(settings) ?? DOCKER_XMPP_DOMAIN;
    config.mucDomainPrefix = debian ? 'conference' : 'muc';
  }
  return config;
}

/**
 * The MUC node Jitsi's client joins for a room name typed or taken from a link, on these settings:
 * `[tenant]room` when the domain has a tenant.
 */
export function roomNodeFor(settings: JitsiSettings, backendSafeRoom: string): string {
  if (settings.useJaas) return backendSafeRoom;
  const { tenant } = parseDomain(settings.domain);
  return tenant ? `[${tenant}]${backendSafeRoom}` : backendSafeRoom;
}
