import { describe, expect, it } from 'vitest';
import { fixedClock, recordingRealtime } from '../../test/fakes.js';
import { AuthEvents } from './auth.events.js';
import type { DeviceSessionsRepository } from './device-sessions.repository.js';
import { DeviceSessionsService } from './device-sessions.service.js';

/** The touches the service asked for, or a repository whose writes fail. */
class FakeDeviceSessions implements Pick<DeviceSessionsRepository, 'touch'> {
  readonly touches: { id: string; nowIso: string; ip: string; unlessSinceIso: string }[] = [];
  constructor(private readonly failing = false) {}
  touch(id: string, input: { nowIso: string; ip: string; unlessSinceIso: string }): Promise<void> {
    this.touches.push({ id, ...input });
    return this.failing ? Promise.reject(new Error('database away')) : Promise.resolve();
  }
}

function build(repo: FakeDeviceSessions) {
  const clock = fixedClock('2026-11-23T10:00:00.000Z');
  const errors: string[] = [];
  const devices = new DeviceSessionsService({
    repo: repo as unknown as DeviceSessionsRepository,
    events: new AuthEvents({ realtime: recordingRealtime(), invalidateAuth: () => Promise.resolve() }),
    clock,
    log: { error: (_obj, msg) => void errors.push(msg) },
  });
  return { devices, clock, errors };
}

describe('DeviceSessionsService.noteUse (fakes)', () => {
  it('writes a session’s last use at most once a minute, conditional on the stored one being older', async () => {
    const repo = new FakeDeviceSessions();
    const { devices, clock } = build(repo);
    for (let i = 0; i < 50; i++) devices.noteUse('s1', '203.0.113.1');
    devices.noteUse('s2', '203.0.113.2');
    clock.advance(59_999);
    devices.noteUse('s1', '203.0.113.3');
    clock.advance(1);
    devices.noteUse('s1', '203.0.113.4');
    await devices.settled();
    expect(repo.touches).toEqual([
      {
        id: 's1',
        ip: '203.0.113.1',
        nowIso: '2026-11-23T10:00:00.000Z',
        unlessSinceIso: '2026-11-23T09:59:00.000Z',
      },
      {
        id: 's2',
        ip: '203.0.113.2',
        nowIso: '2026-11-23T10:00:00.000Z',
        unlessSinceIso: '2026-11-23T09:59:00.000Z',
      },
      {
        id: 's1',
        ip: '203.0.113.4',
        nowIso: '2026-11-23T10:01:00.000Z',
        unlessSinceIso: '2026-11-23T10:00:00.000Z',
      },
    ]);
  });

  it('logs a failed write and never throws it at the request', async () => {
    const { devices, errors } = build(new FakeDeviceSessions(true));
    expect(() => devices.noteUse('s1', '203.0.113.1')).not.toThrow();
    await devices.settled();
    expect(errors).toEqual(['a session’s last use could not be recorded']);
  });
});
