import {
  DEFAULT_CALLS_SETTINGS,
  DEFAULT_CONSULTATIONS_SETTINGS,
  DEFAULT_LIMITS_SETTINGS,
  DEFAULT_SECURITY_SETTINGS,
  DEFAULT_GUEST_SETTINGS,
  DEFAULT_FILES_SETTINGS,
  DEFAULT_PUSH_SETTINGS,
  type CallsSettingsView,
  type ErrorDetailBody,
  type JitsiCheckResponse,
  type SettingsResponse,
  type InstanceInfo,
  type JitsiSettingsView,
  type Me,
  type SettingsView,
} from '@parley/shared';
import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  path: string;
  url: string;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

type Reply = Response | { status: number; body?: unknown };
type Handler = Reply | ((request: RecordedRequest) => Reply | Promise<Reply>);

export function jsonResponse(status: number, body?: unknown): Response {
  if (body === undefined) return new Response(null, { status });
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function apiError(status: number, code: string, message: string, details?: ErrorDetailBody[]) {
  return { status, body: { error: { code, message, ...(details ? { details } : {}) } } };
}

export interface VideoCallsRoutesOptions {
  locale?: Me['locale'];
  extra?: Record<string, Handler>;
}

/**
 * What Administration → Video calls asks for: an admin's session (in `locale`), the settings and the
 * Jitsi check; `extra` adds routes (a save, the reachability test) or replaces these.
 */
export function videoCallsRoutes(
  settings: SettingsResponse,
  check: JitsiCheckResponse,
  { locale = null, extra = {} }: VideoCallsRoutesOptions = {},
): Record<string, Handler> {
  return {
    'GET /api/v1/instance': instance(),
    'GET /api/v1/auth/session': signedInAs({ ...ADMIN, locale }),
    'GET /api/v1/admin/settings': { status: 200, body: settings },
    'GET /api/v1/admin/settings/jitsi/check': { status: 200, body: check },
    ...extra,
  };
}

/**
 * The server's answer to a save that would replace a working application secret with one Jitsi
 * refuses: the field's detail coded `secretKept`, with the Jitsi problem (`cause`) as its code.
 */
export function secretKeptError(message: string, causeCode: string) {
  return apiError(400, 'validation_failed', message, [
    {
      path: 'jitsi.appSecret',
      message: 'The new application secret would stop calls from working, so the current one was kept: …',
      code: 'secretKept',
      values: { secret: 'appSecret' },
      cause: { message: '(the English of the Jitsi problem)', code: causeCode },
    },
  ]);
}

/**
 * What every signed-in page asks for besides the page itself (the sidebar's rooms); a test that cares
 * passes its own answer for the same route.
 */
const SIGNED_IN_DEFAULTS: Record<string, Handler> = {
  'GET /api/v1/rooms': { status: 200, body: { rooms: [] } },
  /** The sidebar's unread-threads badge (issue 20). */
  'GET /api/v1/threads': { status: 200, body: { threads: [], unreadThreads: 0 } },
  /** Profile → Security's "Push on this device" list (issue 21). */
  'GET /api/v1/me/push-subscriptions': { status: 200, body: { subscriptions: [] } },
  /** Profile → Profile's Notifications section (issue 21): the defaults of a person who changed nothing. */
  'GET /api/v1/me/notification-settings': {
    status: 200,
    body: {
      dnd: { until: null, schedule: null, active: false },
      email: { digestMinutes: null, missedCalls: false, available: false },
      preview: false,
      previewAllowed: false,
    },
  },
};

/** What the sign-in page asks for besides the session: its single sign-on buttons, none unless a test says. */
const SIGNED_OUT_DEFAULTS: Record<string, Handler> = {
  'GET /api/v1/auth/providers': { status: 200, body: { providers: [] } },
};

/**
 * Replaces fetch with a router keyed by "METHOD /path" (query string ignored). Unknown routes answer 404
 * so a test notices calls it did not expect.
 */
export function mockApi(given: Record<string, Handler>) {
  const routes = { ...SIGNED_IN_DEFAULTS, ...SIGNED_OUT_DEFAULTS, ...given };
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const path = new URL(url, 'http://parley.test').pathname;
    let body: unknown = init?.body;
    if (typeof body === 'string') body = JSON.parse(body);
    const request: RecordedRequest = {
      method,
      path,
      url,
      headers: new Headers(init?.headers),
      body,
      credentials: init?.credentials,
    };
    requests.push(request);
    const handler = routes[`${method} ${path}`];
    if (handler === undefined) {
      return jsonResponse(404, { error: { code: 'not_found', message: `No mock for ${method} ${path}` } });
    }
    const reply = typeof handler === 'function' ? await handler(request) : handler;
    return reply instanceof Response ? reply : jsonResponse(reply.status, reply.body);
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    fetchMock,
    requests,
    /** Requests to one route, in order. */
    calls: (route: string) => requests.filter((r) => `${r.method} ${r.path}` === route),
  };
}

export const ADMIN: Me = {
  id: 'u_admin',
  username: 'ada',
  displayName: 'Ada Lovelace',
  avatarUrl: null,
  role: 'admin',
  email: 'ada@example.org',
  createdAt: '2025-01-02T10:00:00.000Z',
  provider: false,
  locale: null,
};

export const MEMBER: Me = {
  id: 'u_member',
  username: 'grace',
  displayName: 'Grace Hopper',
  avatarUrl: null,
  role: 'user',
  email: null,
  createdAt: '2025-02-03T10:00:00.000Z',
  provider: false,
  locale: null,
};

export const instance = (over: Partial<InstanceInfo> = {}) => ({
  status: 200,
  body: {
    workspaceName: 'Acme Studio',
    needsSetup: false,
    registrationOpen: false,
    passwordSignIn: true,
    passwordReset: false,
    ...over,
  },
});

/** What `GET /api/v1/auth/session` answers when nobody is signed in. */
export const signedOut = { status: 200, body: { user: null } };

export const signedInAs = (user: Me) => ({ status: 200, body: { user } });

/** A complete admin settings view (as the server sends it), with the workspace part overridden. */
export function settingsView(
  workspace: { name: string; registrationOpen: boolean },
  over: { jitsi?: Partial<JitsiSettingsView>; calls?: Partial<CallsSettingsView> } = {},
): SettingsView {
  return {
    workspace,
    jitsi: {
      domain: '',
      titlePrefix: 'Parley',
      titleSuffix: '',
      useSsl: true,
      chromeExtensionId: '',
      useAuthToken: false,
      appId: '',
      appSecret: { set: false, readable: true },
      useJaas: false,
      jaasPrivateKey: { set: false, readable: true },
      jaasApiKeyId: '',
      limitTokenToRoom: true,
      tokenAudience: 'jitsi',
      tokenExpiration: 3600,
      tokenSubject: '',
      jaasFeatures: { recording: false, livestreaming: false, transcription: false, 'outbound-call': false },
      shareEmail: false,
      deployment: 'docker',
      xmppDomain: '',
      ...over.jitsi,
    },
    calls: {
      ...DEFAULT_CALLS_SETTINGS,
      eventSyncSecret: { set: false, readable: true },
      jaasWebhookSecret: { set: false, readable: true },
      ...over.calls,
    },
    consultations: { ...DEFAULT_CONSULTATIONS_SETTINGS },
    limits: { ...DEFAULT_LIMITS_SETTINGS },
    security: { ...DEFAULT_SECURITY_SETTINGS },
    guests: { ...DEFAULT_GUEST_SETTINGS, callRoomTypes: [...DEFAULT_GUEST_SETTINGS.callRoomTypes] },
    files: { ...DEFAULT_FILES_SETTINGS, allowedTypes: [...DEFAULT_FILES_SETTINGS.allowedTypes] },
    push: { ...DEFAULT_PUSH_SETTINGS },
  };
}

/** A second factor of each kind, as `GET /api/v1/me/mfa` lists them. */
export const TOTP_FACTOR = {
  id: 'f_totp',
  type: 'totp',
  name: 'Authenticator app',
  createdAt: '2025-03-01T09:00:00.000Z',
  lastUsedAt: '2025-03-02T09:00:00.000Z',
} as const;
export const PASSKEY_FACTOR = {
  id: 'f_pk',
  type: 'passkey',
  name: 'Work laptop',
  createdAt: '2025-03-03T09:00:00.000Z',
  lastUsedAt: null,
} as const;

/** What `GET /api/v1/me/mfa` answers with these factors. */
export const mfaState = (
  factors: readonly unknown[] = [],
  over: Partial<{ recoveryCodesLeft: number; required: boolean; enrollBy: string | null }> = {},
) => ({
  status: 200,
  body: {
    factors,
    recoveryCodesLeft: factors.length > 0 ? 10 : 0,
    required: false,
    enrollBy: null,
    ...over,
  },
});

/** The step-up refusal: the change needs a second factor given in the last minutes. */
export const MFA_RECENT_REQUIRED = apiError(
  403,
  'mfa_recent_required',
  'Confirm it is you with your second factor',
);

/** A route that first asks for a recent second factor, then answers `reply` (as after the step-up). */
export function afterStepUp(reply: Reply): Handler {
  let asked = false;
  return () => {
    if (asked) return reply;
    asked = true;
    return MFA_RECENT_REQUIRED;
  };
}

/** Signed in with a second factor due (`mfaSetup`), blocked or not. */
export const signedInWithMfaDue = (
  user: Me,
  mfaSetup: { enrollBy: string | null; blocked: boolean } | null,
) => ({
  status: 200,
  body: { user, mfaSetup },
});
