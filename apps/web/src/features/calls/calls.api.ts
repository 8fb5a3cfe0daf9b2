import type {
  Call,
  CallClientEvent,
  CallListResponse,
  CallPreview,
  JoinCallResponse,
  NotRung,
} from '@parley/shared';
import { CSRF_COOKIE, CSRF_HEADER } from '@parley/shared/constants';
import { apiRequest, readCookie } from '../../api/client';
import { BASE } from '../../api/common';
import { browserCanEncrypt } from './e2ee';

export type CallDirection = 'all' | 'incoming' | 'outgoing' | 'missed';

export interface CallPageRequest {
  before?: string | null;
  limit?: number;
}

const call = (id: string) => `${BASE}/calls/${encodeURIComponent(id)}`;
const roomCalls = (roomId: string) => `${BASE}/rooms/${encodeURIComponent(roomId)}/calls`;

function pageQuery(page: CallPageRequest, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (page.before) params.set('before', page.before);
  params.set('limit', String(page.limit ?? 30));
  return params.toString();
}

async function callAction(id: string, action: 'accept' | 'decline' | 'cancel' | 'end'): Promise<Call> {
  return (await apiRequest(`${call(id)}/${action}`, { method: 'POST', schema: (s) => s.CallResponseSchema }))
    .call;
}

/** The calls feature's HTTP calls. */
export const callsApi = {
  /** Who a call in the room would ring, and the call already going on there, if any. */
  preview: async (roomId: string, signal?: AbortSignal): Promise<CallPreview> =>
    apiRequest(`${roomCalls(roomId)}/preview`, { schema: (s) => s.CallPreviewSchema, signal }),

  /**
   * Starts a call, or answers with the room's ringing or ongoing one; `notRung` says whom a new call
   * did not ring (rung several times in the last few minutes, or they declined this caller a short while ago).
   */
  start: async (roomId: string, title?: string): Promise<{ call: Call; notRung: NotRung[] }> => {
    const answer = await apiRequest(roomCalls(roomId), {
      method: 'POST',
      // A required call is not started from a browser that could not join it.
      body: { ...(title ? { title } : {}), e2eeSupported: browserCanEncrypt() },
      schema: (s) => s.CallResponseSchema.extend({ notRung: s.NotRungSchema.array().optional() }),
    });
    return { call: answer.call, notRung: answer.notRung ?? [] };
  },

  roomCalls: async (
    roomId: string,
    page: CallPageRequest = {},
    signal?: AbortSignal,
  ): Promise<CallListResponse> =>
    apiRequest(`${roomCalls(roomId)}?${pageQuery(page)}`, {
      schema: (s) => s.CallListResponseSchema,
      signal,
    }),

  myCalls: async (
    direction: CallDirection,
    page: CallPageRequest = {},
    signal?: AbortSignal,
  ): Promise<CallListResponse> =>
    apiRequest(`${BASE}/me/calls?${pageQuery(page, { direction })}`, {
      schema: (s) => s.CallListResponseSchema,
      signal,
    }),

  get: async (id: string, signal?: AbortSignal): Promise<Call> =>
    (await apiRequest(call(id), { schema: (s) => s.CallResponseSchema, signal })).call,

  /** A fresh link, token and IFrame options for me; 409 `call_ended` once the call is over. */
  join: async (id: string): Promise<JoinCallResponse> =>
    apiRequest(`${call(id)}/join`, {
      method: 'POST',
      // Whether this browser can encrypt: an encrypted call refuses it (required) or marks it (offered).
      body: { e2eeSupported: browserCanEncrypt() },
      schema: (s) => s.JoinCallResponseSchema,
    }),

  accept: (id: string) => callAction(id, 'accept'),
  decline: (id: string) => callAction(id, 'decline'),
  cancel: (id: string) => callAction(id, 'cancel'),
  end: (id: string) => callAction(id, 'end'),

  /** What the embedded meeting saw. */
  report: async (id: string, event: CallClientEvent): Promise<Call> =>
    (
      await apiRequest(`${call(id)}/events`, {
        method: 'POST',
        body: event,
        schema: (s) => s.CallResponseSchema,
      })
    ).call,

  /**
   * The same report from a page that is going away (`pagehide`): a keepalive request outlives the
   * page, which an ordinary fetch would not. Best effort; the server's empty-call timer backs it up.
   */
  reportWhileLeaving: (id: string, event: CallClientEvent): void => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = readCookie(CSRF_COOKIE);
    if (token) headers[CSRF_HEADER] = token;
    try {
      void fetch(`${call(id)}/events`, {
        method: 'POST',
        headers,
        body: JSON.stringify(event),
        credentials: 'same-origin',
        keepalive: true,
      }).catch(() => undefined);
    } catch {
      // Nothing more can be done from a closing page.
    }
  },
};
