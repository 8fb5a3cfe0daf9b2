/**
 * The few JWT primitives Parley needs, on `node:crypto` alone: base64url segments, HMAC and RSA
 * signatures with prepared `KeyObject`s, and lenient decoding for the verifier and the CLI.
 */
import { createHmac, sign as rsaSign, type KeyObject } from 'node:crypto';

/** Algorithms Jitsi's `luajwtjitsi` implements. */
export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

const HASH: Record<JwtAlgorithm, string> = {
  HS256: 'sha256',
  HS384: 'sha384',
  HS512: 'sha512',
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
};

export function isJwtAlgorithm(alg: unknown): alg is JwtAlgorithm {
  return typeof alg === 'string' && (JWT_ALGORITHMS as readonly string[]).includes(alg);
}

/** base64url of UTF-8 text (no padding). */
export function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** base64url of `JSON.stringify(value)`: one JWT header or payload segment. */
export function encodeSegment(value: unknown): string {
  return base64url(JSON.stringify(value));
}

/** The signature segment over `signingInput` (`header.payload`), for a key prepared once. */
export function signJwtInput(signingInput: string, alg: JwtAlgorithm, key: KeyObject): string {
  const hash = HASH[alg];
  if (alg.startsWith('HS')) return createHmac(hash, key).update(signingInput).digest('base64url');
  return rsaSign(hash, Buffer.from(signingInput), key).toString('base64url');
}

/**
 * Signs `payload` with a header of `{alg, typ: "JWT", ...extraHeader}`. Convenient for tests and
 * one-offs; the hot path is {@link createTokenSigner}, which keeps the header segment.
 */
export function signJwt(
  payload: Record<string, unknown>,
  alg: JwtAlgorithm,
  key: KeyObject,
  extraHeader: Record<string, unknown> = {},
): string {
  const input = `${encodeSegment({ alg, typ: 'JWT', ...extraHeader })}.${encodeSegment(payload)}`;
  return `${input}.${signJwtInput(input, alg, key)}`;
}

/** The hash name `node:crypto` uses for `alg`. */
export function hashFor(alg: JwtAlgorithm): string {
  return HASH[alg];
}

/** A token split into its parts without any verification, for diagnostics. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Decodes a compact JWT without verifying it, or returns `undefined` when it is not three
 * base64url JSON parts. Never trust the result; use it to explain a token.
 */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header: unknown = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
  } catch {
    return undefined;
  }
}
