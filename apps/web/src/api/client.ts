import type { ApiError, ErrorCode } from '@parley/shared';
import { CSRF_COOKIE, CSRF_HEADER } from '@parley/shared/constants';
import { currentLocale, t } from '../i18n';
import { localizedValidation } from '../i18n/validation';
import { picked, schemas, type SchemaPick } from './schemas';

/** Anything that validates like a zod schema; the web app checks answers without depending on zod itself. */
export interface Parser<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false };
}

/** `{ [key]: T }` where the value is checked by `inner`. */
export function objectWith<K extends string, T>(key: K, inner: Parser<T>): Parser<Record<K, T>> {
  return {
    safeParse(data) {
      if (typeof data !== 'object' || data === null || !(key in data)) return { success: false };
      const result = inner.safeParse((data as Record<string, unknown>)[key]);
      return result.success ? { success: true, data: { [key]: result.data } as Record<K, T> } : result;
    },
  };
}

/** An array whose every item is checked by `inner`. */
export function arrayOf<T>(inner: Parser<T>): Parser<T[]> {
  return {
    safeParse(data) {
      if (!Array.isArray(data)) return { success: false };
      const items: T[] = [];
      for (const item of data) {
        const result = inner.safeParse(item);
        if (!result.success) return { success: false };
        items.push(result.data);
      }
      return { success: true, data: items };
    },
  };
}

export type FieldProblem = NonNullable<ApiError['error']['details']>[number];

/** Any failed API call: an HTTP error with the server's `{ error }` body, or a network failure (status 0). */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network_error' | 'invalid_response' | (string & {});
  readonly details: FieldProblem[];

  constructor(status: number, code: string, message: string, details: FieldProblem[] = []) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The client's own copy for a request that never reached the server (the server's errors come localized). */
export const networkMessage = (): string => t('common.error.network');

export function isApiError(error: unknown): error is ApiRequestError {
  return error instanceof ApiRequestError;
}

/** A sentence to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  return t('common.error.generic');
}

export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** The token the server handed out with the last sign-in; used only when the cookie can't be read. */
let csrfFallback: string | null = null;

export function rememberCsrfToken(token: string | null): void {
  csrfFallback = token;
}

/** The CSRF token to send with a request that changes something (uploads send it themselves). */
export function csrfToken(): string | null {
  return readCookie(CSRF_COOKIE) ?? csrfFallback;
}

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | null = null;

/** Called when a request fails because the session is gone (`authentication_required`). */
export function setUnauthorizedListener(listener: UnauthorizedListener | null): void {
  onUnauthorized = listener;
}

type MfaSetupRequiredListener = () => void;
let onMfaSetupRequired: MfaSetupRequiredListener | null = null;

/**
 * Called when a request is refused because policy requires a second factor this session has not set
 * up and the time to set one up is over (`mfa_setup_required`).
 */
export function setMfaSetupRequiredListener(listener: MfaSetupRequiredListener | null): void {
  onMfaSetupRequired = listener;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions<T> {
  method?: HttpMethod;
  /** Sent as JSON, or as-is for FormData. */
  body?: unknown;
  /**
   * Validates the JSON answer; skip for 204 answers. Pages that must load light pick it from
   * `@parley/shared`'s lazily loaded schemas, `(s) => s.RoomSchema` (see schemas.ts).
   */
  schema?: Parser<T> | SchemaPick<Parser<T>>;
  signal?: AbortSignal;
  /** Don't notify the unauthorized listener (used for the initial "who am I" probe). */
  quietUnauthorized?: boolean;
  /** Extra request headers (a call guest's `Authorization: Guest …`). */
  headers?: Record<string, string>;
}

export async function apiRequest<T = void>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const method = options.method ?? 'GET';
  // The schemas' chunk loads while the request is under way.
  if (typeof options.schema === 'function') void schemas.load().catch(() => undefined);
  // The server writes its error messages (and e-mails to people not signed in) in this language.
  const headers = new Headers({
    'accept-language': currentLocale(),
    ...options.headers,
    accept: 'application/json',
  });
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body; // the browser sets the multipart boundary
  } else if (options.body !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET') {
    const token = readCookie(CSRF_COOKIE) ?? csrfFallback;
    if (token) headers.set(CSRF_HEADER, token);
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiRequestError(0, 'network_error', networkMessage());
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (error.code === 'authentication_required' && !options.quietUnauthorized) onUnauthorized?.();
    if (error.code === 'mfa_setup_required') onMfaSetupRequired?.();
    throw error;
  }

  if (response.status === 204 || !options.schema) return undefined as T;

  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ApiRequestError(response.status, 'invalid_response', t('common.error.unreadable'));
  }
  const parser = typeof options.schema === 'function' ? await pickedOrFail(options.schema) : options.schema;
  const parsed = parser.safeParse(json);
  if (!parsed.success) {
    throw new ApiRequestError(response.status, 'invalid_response', t('common.error.unexpected'));
  }
  return parsed.data;
}

/** The picked schema; a chunk that would not load fails the request as the network would. */
async function pickedOrFail<P>(pick: SchemaPick<P>): Promise<P> {
  try {
    return await picked(pick);
  } catch {
    throw new ApiRequestError(0, 'network_error', networkMessage());
  }
}

async function toApiError(response: Response): Promise<ApiRequestError> {
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    // Not JSON: a proxy error page or an empty body.
  }
  const parsed = (await picked((s) => s.ApiErrorSchema).catch(() => null))?.safeParse(json);
  if (parsed?.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiRequestError(response.status, code, message, details ?? []);
  }
  if (response.status === 413) {
    return new ApiRequestError(413, 'payload_too_large', t('common.error.tooLarge'));
  }
  if (response.status === 429) {
    return new ApiRequestError(429, 'rate_limited', t('common.error.rateLimited'));
  }
  if (response.status >= 500 || response.status === 0) {
    return new ApiRequestError(response.status, 'internal_error', t('common.error.server'));
  }
  return new ApiRequestError(
    response.status,
    'unknown_error',
    t('common.error.http', { status: response.status }),
  );
}

/**
 * Field-level problems keyed by the form field they belong to. Server paths may be `email`,
 * `body.email`, `/email` or `workspace.name`; the last segment names the field.
 */
export function fieldErrorsFrom(details: readonly FieldProblem[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { path, message } of details) {
    const key = path.split(/[./]/).filter(Boolean).pop() ?? '';
    // The server answers `details` as the shared schemas wrote them: in the interface's language here.
    if (key && !(key in result)) result[key] = localizedValidation(message);
  }
  return result;
}
