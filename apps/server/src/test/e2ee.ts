/**
 * What the end-to-end encryption tests of calls and consultations share: the key's form, a test app
 * whose log they can read, the checks that a key handed out by a join is nowhere else (other answers,
 * sockets, the log), and a join that an end from elsewhere overtakes.
 */
import { PassThrough } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { DatabaseKind } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import type { Person } from './factories.js';
import { connectSocket, listening, recorder, settle } from './sockets.js';
import { createTestApp, type TestApp } from './test-app.js';

/** A media key as join answers hand it out: 32 random bytes in hex. */
export const HEX_KEY = /^[0-9a-f]{64}$/;

/** The test app on `clock`, with everything it logs kept as text (`log()`). */
export async function createLoggedTestApp(
  kind: DatabaseKind,
  clock: Clock,
): Promise<{ app: TestApp; log: () => string }> {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const app = await createTestApp(kind, {}, { clock, logStream: stream });
  return { app, log: () => lines.join('') };
}

/** The meeting fields of join answers (URL, IFrame options, token) do not carry `key`. */
export function expectMeetingFieldsWithoutKey(
  answers: { url: string; iframe: unknown; jwt: string | null }[],
  key: string,
): void {
  for (const answer of answers) {
    expect(answer.url).not.toContain(key);
    expect(JSON.stringify(answer.iframe)).not.toContain(key);
    expect(answer.jwt).not.toContain(key);
  }
}

/** Each response has `status` and does not carry `key`. */
export function expectAnswersWithoutKey(responses: LightMyRequestResponse[], status: number, key: string) {
  for (const res of responses) {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.body).not.toContain(key);
  }
}

/**
 * The sockets of `people`, recording everything they receive; `expectNeverSent` then checks that
 * they did receive something, never `key`, and that the log (`log`) never had it either.
 */
export async function watchForKey(app: TestApp, people: Person[], log: () => string) {
  const url = await listening(app);
  const sockets = await Promise.all(
    people.map((p) => connectSocket(url, { cookie: p.client.sessionCookieHeader })),
  );
  const seen = sockets.map(recorder);
  return {
    sockets,
    async expectNeverSent(key: string) {
      for (const s of sockets) await settle(s);
      expect(seen.some((r) => r.received.length > 0)).toBe(true);
      for (const r of seen) expect(JSON.stringify(r.received)).not.toContain(key);
      expect(log()).not.toContain(key);
    },
  };
}

/**
 * A service's dependencies whose `settings()` first runs `during`, once: a join reads the settings
 * after it read the call or consultation and before it decides the encryption, which is where an end
 * from another request or node can land. Build the service under test with them.
 */
export function settingsRacedBy<D extends { settings: () => Promise<unknown> }>(
  deps: D,
  during: () => Promise<unknown>,
): D {
  let pending: (() => Promise<unknown>) | null = during;
  const settings = async () => {
    const answer = await deps.settings();
    const run = pending;
    pending = null;
    if (run) await run();
    return answer;
  };
  return { ...deps, settings };
}
