import { describe, expect, it } from 'vitest';
import { Sweeper } from './sweeper.js';

const recordingLog = () => {
  const lines: { level: string; obj: object; msg: string }[] = [];
  return {
    lines,
    info: (obj: object, msg: string) => lines.push({ level: 'info', obj, msg }),
    error: (obj: object, msg: string) => lines.push({ level: 'error', obj, msg }),
  };
};

describe('Sweeper', () => {
  it('runs a pass on demand, logs what it handled, and never overlaps a job with itself', async () => {
    const log = recordingLog();
    let calls = 0;
    let active = 0;
    let mostAtOnce = 0;
    const releases: (() => void)[] = [];
    const sweeper = new Sweeper(
      [
        {
          name: 'slow',
          everyMs: 60_000,
          run: () =>
            new Promise<number>((resolve) => {
              calls++;
              active++;
              mostAtOnce = Math.max(mostAtOnce, active);
              releases.push(() => {
                active--;
                resolve(3);
              });
            }),
        },
      ],
      log,
    );
    const first = sweeper.runOnce('slow');
    // Asked while a pass runs (which may have read the time before the caller's change): a fresh
    // pass follows the running one, never beside it.
    const second = sweeper.runOnce('slow');
    expect(calls).toBe(1);
    releases[0]!();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(2);
    releases[1]!();
    await second;
    expect(mostAtOnce).toBe(1);
    expect(log.lines).toEqual([
      { level: 'info', obj: { job: 'slow', handled: 3 }, msg: 'sweep' },
      { level: 'info', obj: { job: 'slow', handled: 3 }, msg: 'sweep' },
    ]);
  });

  it('logs a failing pass and keeps going; after stop nothing runs', async () => {
    const log = recordingLog();
    let calls = 0;
    const sweeper = new Sweeper(
      [
        {
          name: 'flaky',
          everyMs: 60_000,
          run: () => {
            calls++;
            return calls === 1 ? Promise.reject(new Error('database gone')) : Promise.resolve(0);
          },
        },
      ],
      log,
    );
    await sweeper.runOnce('flaky');
    expect(log.lines[0]).toMatchObject({ level: 'error', msg: 'sweep failed', obj: { job: 'flaky' } });
    await sweeper.runOnce('flaky');
    expect(calls).toBe(2);
    await sweeper.stop();
    await sweeper.runOnce('flaky');
    expect(calls).toBe(2);
    await expect(sweeper.runOnce('missing')).rejects.toThrow(/No sweep job named missing/);
  });
});
