import type { GuestJoinRequest, GuestJoinResponse, GuestLinkInfo, GuestSession } from '@parley/shared';
import { apiRequest } from '../../api/client';
import { BASE } from '../../api/common';

const link = (token: string) => `${BASE}/guest/${encodeURIComponent(token)}`;
const guestAuth = (secret: string) => ({ authorization: `Guest ${secret}` });

export type GuestMeetingEvent = 'joined' | 'left';

/** A call guest's HTTP calls (issue 19): public, the guest identified by the secret their join gave. */
export const guestCallApi = {
  /** What the link opens: the workspace, the call's title, whether a passcode is asked. */
  info: (token: string, signal?: AbortSignal): Promise<GuestLinkInfo> =>
    apiRequest(link(token), { schema: (s) => s.GuestLinkInfoSchema, signal, quietUnauthorized: true }),

  join: (token: string, body: GuestJoinRequest): Promise<GuestJoinResponse> =>
    apiRequest(`${link(token)}/join`, {
      method: 'POST',
      body,
      schema: (s) => s.GuestJoinResponseSchema,
      quietUnauthorized: true,
    }),

  /** Where the guest stands; once admitted (and while the call is live), a fresh meeting token. */
  session: (token: string, secret: string, signal?: AbortSignal): Promise<GuestSession> =>
    apiRequest(`${link(token)}/session`, {
      headers: guestAuth(secret),
      schema: (s) => s.GuestSessionSchema,
      signal,
      quietUnauthorized: true,
    }),

  /** What the embedded meeting saw. Best effort. */
  report: (token: string, secret: string, type: GuestMeetingEvent): Promise<void> =>
    apiRequest(`${link(token)}/events`, {
      method: 'POST',
      headers: guestAuth(secret),
      body: { type },
      quietUnauthorized: true,
    }),

  /** The same from a page that is going away (a keepalive request outlives it). */
  reportWhileLeaving: (token: string, secret: string, type: GuestMeetingEvent): void => {
    try {
      void fetch(`${link(token)}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...guestAuth(secret) },
        body: JSON.stringify({ type }),
        credentials: 'same-origin',
        keepalive: true,
      }).catch(() => undefined);
    } catch {
      // Nothing more can be done from a closing page.
    }
  },
};

/** This tab's pass into the call, kept while the tab lives so a reload does not ask again. */
export interface GuestPass {
  guestId: string;
  guestSecret: string;
  name: string;
}

const passKey = (token: string) => `parley.guest.${token}`;

export function savedPass(token: string): GuestPass | null {
  try {
    const raw = window.sessionStorage.getItem(passKey(token));
    if (!raw) return null;
    const pass = JSON.parse(raw) as Partial<GuestPass>;
    return typeof pass.guestId === 'string' && typeof pass.guestSecret === 'string'
      ? { guestId: pass.guestId, guestSecret: pass.guestSecret, name: String(pass.name ?? '') }
      : null;
  } catch {
    return null;
  }
}

export function savePass(token: string, pass: GuestPass | null): void {
  try {
    if (pass) window.sessionStorage.setItem(passKey(token), JSON.stringify(pass));
    else window.sessionStorage.removeItem(passKey(token));
  } catch {
    // Private modes may refuse storage: the pass lives in memory only.
  }
}
