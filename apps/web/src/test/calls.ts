import type { Call, CallParticipant, JoinCallResponse, ParticipantState, PublicUser } from '@parley/shared';
import { vi } from 'vitest';
import { BOB, GRACE } from './chat';

/** Call fixtures, as the server sends them. */

export function participant(
  user: PublicUser,
  state: ParticipantState,
  over: Partial<CallParticipant> = {},
): CallParticipant {
  const joined = state === 'joined' || state === 'left';
  return {
    user,
    state,
    joinedAt: joined ? '2026-03-02T10:01:00.000Z' : null,
    leftAt: state === 'left' ? '2026-03-02T10:13:00.000Z' : null,
    moderator: false,
    ...over,
  };
}

/** A direct call from Bob to Grace (the signed-in MEMBER), ringing. */
export function call(over: Partial<Call> = {}): Call {
  return {
    id: 'c_1',
    roomId: `r_dm_${BOB.id}`,
    type: 'direct',
    status: 'ringing',
    title: '',
    createdBy: BOB.id,
    createdAt: '2026-03-02T10:00:00.000Z',
    startedAt: null,
    endedAt: null,
    endReason: null,
    roomName: 'parley-0123456789abcdef0123456789abcdef',
    ringing: true,
    ringUntil: null,
    participants: [participant(BOB, 'accepted', { moderator: true }), participant(GRACE, 'ringing')],
    roomDisplayName: BOB.displayName,
    ...over,
  };
}

export function joinAnswer(c: Call, over: Partial<JoinCallResponse> = {}): JoinCallResponse {
  return {
    call: c,
    roomName: c.roomName,
    url: `https://meet.example.org/${c.roomName}?jwt=token`,
    jwt: 'header.payload.signature',
    iframe: { roomName: c.roomName, jwt: 'header.payload.signature', configOverwrite: {}, userInfo: {} },
    domain: 'meet.example.org',
    scriptUrl: 'https://meet.example.org/external_api.js',
    chromeExtensionId: null,
    ...over,
  };
}

/**
 * A stand-in for Jitsi's `JitsiMeetExternalAPI`: records what it was built with, lets a test fire
 * its events, and counts disposals. Install with `vi.mock('../features/calls/jitsi', …)`.
 */
export class FakeJitsiApi {
  static instances: FakeJitsiApi[] = [];
  listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  disposed = false;
  constructor(
    readonly domain: string,
    readonly options: Record<string, unknown>,
  ) {
    FakeJitsiApi.instances.push(this);
    const parent = options.parentNode as HTMLElement;
    const frame = document.createElement('div');
    frame.className = 'fake-jitsi';
    frame.textContent = `Meeting ${String(options.roomName)}`;
    parent.appendChild(frame);
  }
  addListener(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  removeListener(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
  }
  executeCommand = vi.fn();
  dispose() {
    this.disposed = true;
  }
  fire(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}
