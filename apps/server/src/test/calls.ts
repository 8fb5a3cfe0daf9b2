import type { Call, JoinCallResponse } from '@parley/shared';
import type { TestApp, TestClient } from './test-app.js';

export const JITSI_TEST_SETTINGS = {
  domain: 'meet.example.org',
  useAuthToken: true,
  appId: 'parley',
  appSecret: 'a-long-enough-application-secret-0123456789',
  limitTokenToRoom: true,
};

/** Points the workspace at a (pretend) self-hosted Jitsi with tokens limited to their room. */
export async function configureJitsi(app: TestApp, calls: Record<string, unknown> = {}): Promise<void> {
  await app.services.settings.update({ jitsi: JITSI_TEST_SETTINGS, calls });
}

export async function startCall(client: TestClient, roomId: string, title?: string): Promise<Call> {
  const res = await client.post(`/api/v1/rooms/${roomId}/calls`, title === undefined ? {} : { title });
  if (res.statusCode !== 201 && res.statusCode !== 200) {
    throw new Error(`start call failed: ${res.statusCode} ${res.body}`);
  }
  return res.json<{ call: Call }>().call;
}

export async function callAction(
  client: TestClient,
  callId: string,
  action: 'accept' | 'decline' | 'cancel' | 'end',
): Promise<Call> {
  const res = await client.post(`/api/v1/calls/${callId}/${action}`);
  if (res.statusCode !== 200) throw new Error(`${action} failed: ${res.statusCode} ${res.body}`);
  return res.json<{ call: Call }>().call;
}

export async function joinCall(client: TestClient, callId: string): Promise<JoinCallResponse> {
  const res = await client.post(`/api/v1/calls/${callId}/join`);
  if (res.statusCode !== 200) throw new Error(`join failed: ${res.statusCode} ${res.body}`);
  return res.json<JoinCallResponse>();
}

export async function report(client: TestClient, callId: string, type: string, userId?: string) {
  const res = await client.post(`/api/v1/calls/${callId}/events`, userId ? { type, userId } : { type });
  if (res.statusCode !== 200) throw new Error(`report failed: ${res.statusCode} ${res.body}`);
  return res.json<{ call: Call }>().call;
}

export const stateOf = (call: Call, userId: string) =>
  call.participants.find((p) => p.user.id === userId)?.state;
