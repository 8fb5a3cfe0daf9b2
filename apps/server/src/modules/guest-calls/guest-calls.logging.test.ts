import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../../logger.js';
import { configureJitsi, startCall } from '../../test/calls.js';
import { createRoom, signedInUser, uniqueUsername } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { allowGuests, makeGuestLink, TestGuest } from '../../test/guest-calls.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

describe('guest credentials in the logs', () => {
  let app: TestApp;
  let lines: string[];
  beforeAll(async () => {
    lines = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    app = await createTestApp('sqlite', {}, { logStream: stream, clock: fixedClock() });
    await app.sweeper.stop();
  });
  afterAll(async () => app.close());

  it('redacts the token of guest and visit paths, and nothing else', () => {
    expect(redactUrl('/guest/AbC_d-123')).toBe('/guest/[REDACTED]');
    expect(redactUrl('/api/v1/guest/AbC_d-123/session?x=1')).toBe('/api/v1/guest/[REDACTED]/session?x=1');
    expect(redactUrl('/api/v1/visit/tok3n/session')).toBe('/api/v1/visit/[REDACTED]/session');
    expect(redactUrl('/visit/tok3n#top')).toBe('/visit/[REDACTED]#top');
    expect(redactUrl('/api/v1/calls/c1/guests/g1/admit')).toBe('/api/v1/calls/c1/guests/g1/admit');
    expect(redactUrl('/api/v1/guest-links/l1')).toBe('/api/v1/guest-links/l1');
    expect(redactUrl('/api/v1/admin/guest-links')).toBe('/api/v1/admin/guest-links');
  });

  it("never writes a guest link's token or a guest's secret", async () => {
    const alice = await signedInUser(app);
    await configureJitsi(app);
    await allowGuests(app);
    const room = await createRoom(alice.client, { type: 'channel', name: uniqueUsername('logs') });
    const call = await startCall(alice.client, room.id);
    const link = await makeGuestLink(alice.client, call.id, { lobby: false });
    const guest = new TestGuest(app, link.token);
    await guest.info();
    await guest.joined('Logan');
    await guest.session();
    await guest.report('joined');
    await app.app.inject({ method: 'GET', url: `/guest/${link.token}` });

    const all = lines.join('\n');
    expect(all).toContain('/api/v1/guest/[REDACTED]/session');
    expect(all).not.toContain(link.token);
    expect(all).not.toContain(guest.secret!);
  });
});
