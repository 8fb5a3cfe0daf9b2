/**
 * Minting Jitsi tokens. A signer is built once per settings change: it imports the key (HMAC secret
 * or JaaS RSA key) into a `KeyObject` and pre-encodes the header, so minting a token is one JSON
 * serialisation, one base64url and one signature.
 */
import { createHmac, createPrivateKey, createSecretKey, type KeyObject } from 'node:crypto';
import { effectiveTokenSubject } from './deployment.js';
import { base64url, encodeSegment, signJwtInput, type JwtAlgorithm } from './jwt.js';
import { decodeJaasPrivateKey, diagnose, JitsiSettingsError, type JitsiSettings } from './settings.js';

/** Where the `sub` of self-hosted tokens comes from (kept here, where it always was exported). */
export { effectiveTokenSubject };

/** The user a token is minted for. Absent fields are left out of the token, never sent as null. */
export interface TokenUser {
  /** Parley's user id; it comes back in Jitsi webhooks and event_sync as `id`. */
  id: string;
  /** Display name shown in the call. */
  name: string;
  /** Absolute avatar URL. */
  avatar?: string;
  /** Sent only when the `shareEmail` setting is on. */
  email?: string;
}

export interface MintInput {
  /** The backend-safe room name from `roomName()`; ignored (`*`) when `limitTokenToRoom` is off. */
  room: string;
  user: TokenUser;
  /** Host of the call: owner in Jitsi. */
  moderator: boolean;
  /**
   * The latest moment (ms since the epoch) the token may be used: `exp` is the earlier of this and
   * `tokenExpiration` from now (a consultation's join window closing, a call's maximum length).
   */
  expiresAt?: number;
}

/** `context.user` as Jitsi's token_affiliation and web client read it (self-hosted). */
export interface SelfHostedContextUser {
  id: string;
  name: string;
  avatar?: string;
  email?: string;
  moderator: boolean;
  affiliation: 'owner' | 'member';
}

/** `context.user` as JaaS documents it: the moderator flag is the string `"true"`/`"false"`. */
export interface JaasContextUser {
  id: string;
  name: string;
  avatar?: string;
  email?: string;
  moderator: 'true' | 'false';
}

/** Payload of a self-hosted (HS256) token. */
export interface SelfHostedClaims {
  iss: string;
  aud: string;
  sub: string;
  room: string;
  iat: number;
  nbf: number;
  exp: number;
  context: { user: SelfHostedContextUser };
  /** Read by the third-party token_moderation plugin; present (true) for hosts only. */
  moderator?: true;
}

/** Payload of a JaaS (RS256) token. */
export interface JaasClaims {
  aud: 'jitsi';
  iss: 'chat';
  sub: string;
  room: string;
  iat: number;
  nbf: number;
  exp: number;
  context: {
    user: JaasContextUser;
    features: Record<string, 'true' | 'false'>;
    room: { regex: false };
  };
}

export type JitsiTokenClaims = SelfHostedClaims | JaasClaims;

/** Mints tokens for one version of the settings. */
export interface TokenSigner {
  /** False when `useAuthToken` is off; then `mint` throws and links carry no `?jwt=`. */
  readonly enabled: boolean;
  /** `HS256` for self-hosted Jitsi, `RS256` for JaaS, `null` when tokens are off. */
  readonly algorithm: 'HS256' | 'RS256' | null;
  readonly settings: JitsiSettings;
  /** The claims a token for `input` carries, at the signer's clock. */
  claims(input: MintInput): JitsiTokenClaims;
  /** A signed compact JWT for `input`. */
  mint(input: MintInput): string;
}

export interface TokenSignerOptions {
  /** Clock in milliseconds since the epoch; inject a fixed one in tests. */
  now?: () => number;
}

/**
 * Jitsi checks `nbf` with no leeway at all (`os.time() < nbf` fails), so a Jitsi host whose clock is
 * a few seconds behind Parley's would reject fresh tokens. Back-dating `nbf` a little absorbs that.
 */
export const NBF_BACKDATE_SECONDS = 30;

/** The shape of a backend-safe room name; anything else would never match Jitsi's MUC node. */
const SAFE_ROOM_RE = /^(?:[a-z0-9\-_.~]|%[0-9a-f]{2})+$/;

/**
 * Prepares a signer for `settings`: validates them ({@link diagnose} must be empty when tokens are
 * on, else a {@link JitsiSettingsError} is thrown) and imports the key once.
 */
export function createTokenSigner(settings: JitsiSettings, options: TokenSignerOptions = {}): TokenSigner {
  const now = options.now ?? Date.now;
  if (!settings.useAuthToken) {
    return {
      enabled: false,
      algorithm: null,
      settings,
      claims() {
        throw new Error('Token authentication is off (useAuthToken is false): there is no token to mint.');
      },
      mint() {
        throw new Error('Token authentication is off (useAuthToken is false): there is no token to mint.');
      },
    };
  }
  const problems = diagnose(settings);
  if (problems.length > 0) throw new JitsiSettingsError(problems);
  return settings.useJaas ? jaasSigner(settings, now) : selfHostedSigner(settings, now);
}

function checkRoom(settings: JitsiSettings, room: string): string {
  if (!settings.limitTokenToRoom) return '*';
  if (!SAFE_ROOM_RE.test(room)) {
    throw new Error(
      `"${room}" is not a backend-safe room name; build it with roomName() so it matches Jitsi's room.`,
    );
  }
  return room;
}

function times(now: () => number, lifetime: number, expiresAt?: number) {
  const iat = Math.floor(now() / 1000);
  return { iat, nbf: iat - NBF_BACKDATE_SECONDS, exp: expiry(iat, lifetime, expiresAt) };
}

/** `tokenExpiration` after `iat`, or `expiresAt` (rounded down to its second) when that is sooner. */
function expiry(iat: number, lifetime: number, expiresAt: number | undefined): number {
  return expiresAt === undefined ? iat + lifetime : Math.min(iat + lifetime, Math.floor(expiresAt / 1000));
}

function selfHostedSigner(settings: JitsiSettings, now: () => number): TokenSigner {
  const alg: JwtAlgorithm = 'HS256';
  // Prosody uses the raw bytes of app_secret as the HMAC key (not base64-decoded).
  const key: KeyObject = createSecretKey(Buffer.from(settings.appSecret, 'utf8'));
  const headerSegment = encodeSegment({ alg, typ: 'JWT' });
  const iss = settings.appId;
  const aud = settings.tokenAudience;
  const sub = effectiveTokenSubject(settings);
  const lifetime = settings.tokenExpiration;
  const shareEmail = settings.shareEmail;

  const claims = ({ room, user, moderator, expiresAt }: MintInput): SelfHostedClaims => {
    const contextUser: SelfHostedContextUser = { id: user.id, name: user.name } as SelfHostedContextUser;
    if (user.avatar) contextUser.avatar = user.avatar;
    if (shareEmail && user.email) contextUser.email = user.email;
    contextUser.moderator = moderator;
    contextUser.affiliation = moderator ? 'owner' : 'member';
    const payload: SelfHostedClaims = {
      iss,
      aud,
      sub,
      room: checkRoom(settings, room),
      ...times(now, lifetime, expiresAt),
      context: { user: contextUser },
    };
    if (moderator) payload.moderator = true;
    return payload;
  };

  // Tokens are built from base64url pieces encoded separately. Each piece but the last is padded
  // with JSON whitespace to a multiple of 3 bytes, so its base64 is exactly a slice of the whole
  // payload's. The constant claims and the closing part are encoded once, the room/time part once
  // per room and second, and only the user's own fields per token.
  const head =
    headerSegment +
    '.' +
    base64url(
      padTo3(`{"iss":${JSON.stringify(iss)},"aud":${JSON.stringify(aud)},"sub":${JSON.stringify(sub)},`),
    );
  const tailOwner = base64url(',"moderator":true,"affiliation":"owner"}},"moderator":true}');
  const tailMember = base64url(',"moderator":false,"affiliation":"member"}}}');
  let roomPart = { room: '', second: NaN, exp: NaN, prefix: '' };

  return {
    enabled: true,
    algorithm: alg,
    settings,
    claims,
    mint({ room, user, moderator, expiresAt }) {
      const second = Math.floor(now() / 1000);
      const exp = expiry(second, lifetime, expiresAt);
      if (second !== roomPart.second || room !== roomPart.room || exp !== roomPart.exp) {
        const claim = checkRoom(settings, room);
        const json = `"room":"${claim}","iat":${second},"nbf":${second - NBF_BACKDATE_SECONDS},"exp":${exp},"context":{"user":{`;
        // Flattened once here rather than in every token's concatenation.
        roomPart = { room, second, exp, prefix: flat(head + base64url(padTo3(json))) };
      }
      const email = shareEmail && user.email ? user.email : '';
      const avatar = user.avatar ?? '';
      const userB64 = encodeUserFields(user.id, user.name, avatar, email);
      const signingInput = roomPart.prefix + userB64 + (moderator ? tailOwner : tailMember);
      // The signing input is base64url and dots: latin1 hands its bytes over without UTF-8 scanning.
      return (
        signingInput + '.' + createHmac('sha256', key).update(signingInput, 'latin1').digest('base64url')
      );
    },
  };
}

/** A flat (non-rope) copy of a concatenated string; V8 otherwise re-flattens it on every use. */
function flat(s: string): string {
  return Buffer.from(s, 'latin1').toString('latin1');
}

/** Spaces that bring a length ≡ index (mod 3) up to a multiple of 3. */
const PAD = ['', '  ', ' '] as const;

/** Appends spaces (JSON whitespace) until the UTF-8 length is a multiple of 3. */
function padTo3(json: string): string {
  return json + PAD[Buffer.byteLength(json) % 3]!;
}

/** Anything but printable ASCII without `"` and `\\`: strings free of it are their own JSON string body. */
const NOT_PLAIN_RE = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;

/**
 * base64url of `"id":…,"name":…[,"avatar":…][,"email":…]`, padded with spaces to a multiple of 3
 * bytes so that it splices into the middle of the payload's base64. Plain-ASCII fields (the usual
 * case) skip JSON.stringify and UTF-8 encoding: `btoa` is native and the cheapest encoder in Node 20.
 */
function encodeUserFields(id: string, name: string, avatar: string, email: string): string {
  if (
    NOT_PLAIN_RE.test(id) ||
    NOT_PLAIN_RE.test(name) ||
    (avatar !== '' && NOT_PLAIN_RE.test(avatar)) ||
    (email !== '' && NOT_PLAIN_RE.test(email))
  ) {
    let json = `"id":${JSON.stringify(id)},"name":${JSON.stringify(name)}`;
    if (avatar) json += `,"avatar":${JSON.stringify(avatar)}`;
    if (email) json += `,"email":${JSON.stringify(email)}`;
    return base64url(padTo3(json));
  }
  let json = `"id":"${id}","name":"${name}"`;
  if (avatar) json += `,"avatar":"${avatar}"`;
  if (email) json += `,"email":"${email}"`;
  let b64 = btoa(json + PAD[json.length % 3]!);
  if (b64.includes('+')) b64 = b64.replaceAll('+', '-');
  if (b64.includes('/')) b64 = b64.replaceAll('/', '_');
  return b64;
}

function jaasSigner(settings: JitsiSettings, now: () => number): TokenSigner {
  const alg: JwtAlgorithm = 'RS256';
  const key = createPrivateKey(decodeJaasPrivateKey(settings.jaasPrivateKey));
  const headerSegment = encodeSegment({ alg, kid: settings.jaasApiKeyId, typ: 'JWT' });
  const features: Record<string, 'true' | 'false'> = {};
  for (const [name, on] of Object.entries(settings.jaasFeatures)) features[name] = on ? 'true' : 'false';
  const lifetime = settings.tokenExpiration;

  const claims = ({ room, user, moderator, expiresAt }: MintInput): JaasClaims => {
    const contextUser = { id: user.id, name: user.name } as JaasContextUser;
    if (user.avatar) contextUser.avatar = user.avatar;
    if (settings.shareEmail && user.email) contextUser.email = user.email;
    contextUser.moderator = moderator ? 'true' : 'false';
    return {
      aud: 'jitsi',
      iss: 'chat',
      sub: settings.appId,
      room: checkRoom(settings, room),
      ...times(now, lifetime, expiresAt),
      context: { user: contextUser, features: { ...features }, room: { regex: false } },
    };
  };

  return {
    enabled: true,
    algorithm: alg,
    settings,
    claims,
    mint(input) {
      const signingInput = headerSegment + '.' + base64url(JSON.stringify(claims(input)));
      return signingInput + '.' + signJwtInput(signingInput, alg, key);
    },
  };
}
