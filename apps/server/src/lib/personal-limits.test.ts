import { DEFAULT_LIMITS_SETTINGS, type LimitsSettings } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { fixedClock } from '../test/fakes.js';
import { startRedis } from '../test/redis-server.js';
import { MemoryLimitStore, PersonalLimits, RedisLimitStore, type LimitStore } from './personal-limits.js';

let redis: Awaited<ReturnType<typeof startRedis>>;
const opened: LimitStore[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await redis.stop();
});

const refusal = async (promise: Promise<unknown>): Promise<AppError> => {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
};

let run = 0;
describe.each(['memory', 'redis'] as const)('personal limits (%s store)', (kind) => {
  const clock = fixedClock('2026-11-23T10:00:10.000Z');
  const store = (): LimitStore => {
    const made = kind === 'memory' ? new MemoryLimitStore(clock) : new RedisLimitStore(redis.url);
    opened.push(made);
    return made;
  };
  const user = () => `user-${kind}-${++run}`;
  let settings: LimitsSettings = { ...DEFAULT_LIMITS_SETTINGS, messagesPerMinute: 3 };
  const limiter = (s = store()) => new PersonalLimits(s, clock, () => Promise.resolve(settings));

  it('counts per person in fixed windows of the clock and says when the window ends', async () => {
    const limits = limiter();
    const [ada, bea] = [user(), user()];
    for (let i = 0; i < 3; i++) await limits.take(ada, 'messagesPerMinute');
    const refused = await refusal(limits.take(ada, 'messagesPerMinute'));
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 50 });
    await limits.take(bea, 'messagesPerMinute');
    // A refusal does not count, and the next minute starts from zero.
    clock.advance(50_000);
    for (let i = 0; i < 3; i++) await limits.take(ada, 'messagesPerMinute');
    await expect(limits.take(ada, 'messagesPerMinute')).rejects.toThrow(AppError);
  });

  it('counts a cost, refuses a cost that does not fit whole, and reads the maximum every time', async () => {
    const limits = limiter();
    const ada = user();
    settings = { ...settings, membersAddedPerHour: 5 };
    await limits.take(ada, 'membersAddedPerHour', 3);
    await expect(limits.take(ada, 'membersAddedPerHour', 3)).rejects.toThrow(AppError);
    await limits.take(ada, 'membersAddedPerHour', 2);
    settings = { ...settings, membersAddedPerHour: 6 };
    await limits.take(ada, 'membersAddedPerHour', 1);
  });

  it('shares counts between nodes using the same store', async () => {
    if (kind === 'memory') return; // one process: nothing to share
    const [node1, node2] = [limiter(), limiter()];
    const ada = user();
    await node1.take(ada, 'messagesPerMinute');
    await node2.take(ada, 'messagesPerMinute');
    await node1.take(ada, 'messagesPerMinute');
    await expect(node2.take(ada, 'messagesPerMinute')).rejects.toThrow(AppError);
  });

  it('rings the same person at most so many times per 10-minute window, and not after a decline', async () => {
    const [node1, node2] = [limiter(), kind === 'redis' ? limiter() : undefined];
    const other = node2 ?? node1;
    const [caller, callee, third] = [user(), user(), user()];
    settings = { ...settings, ringsOfOnePersonPer10Minutes: 3 };
    clock.set('2026-11-23T10:10:00.000Z');
    // Rings in quick succession (a group call, then a direct one; a call cancelled and made again)
    // all ring, counted together on every node, up to the limit.
    expect(await node1.mayRing(caller, callee)).toBe('ok');
    clock.advance(2_000);
    expect(await other.mayRing(caller, callee)).toBe('ok');
    expect(await node1.mayRing(caller, callee)).toBe('ok');
    expect(await other.mayRing(caller, callee)).toBe('recently_rung');
    // A held-back ring does not count, other callers and callees have their own counts.
    expect(await node1.mayRing(third, callee)).toBe('ok');
    expect(await node1.mayRing(caller, third)).toBe('ok');
    // The limit is read every time.
    settings = { ...settings, ringsOfOnePersonPer10Minutes: 4 };
    expect(await node1.mayRing(caller, callee)).toBe('ok');
    expect(await node1.mayRing(caller, callee)).toBe('recently_rung');
    // The next window of the clock starts from zero.
    clock.set('2026-11-23T10:19:59.999Z');
    expect(await other.mayRing(caller, callee)).toBe('recently_rung');
    clock.advance(1);
    expect(await other.mayRing(caller, callee)).toBe('ok');

    await other.declined(callee, caller);
    clock.advance(30_000);
    expect(await node1.mayRing(caller, callee)).toBe('declined');
    // Only that caller: the callee can still be rung by others, and can ring the caller.
    expect(await node1.mayRing(callee, caller)).toBe('ok');
    clock.advance(90_000);
    expect(await node1.mayRing(caller, callee)).toBe('ok');
    settings = {
      ...settings,
      ringsOfOnePersonPer10Minutes: DEFAULT_LIMITS_SETTINGS.ringsOfOnePersonPer10Minutes,
    };
  });
});

describe('personal limits without Redis', () => {
  it('lets actions through (and says so) when the store fails, rather than taking chat down', async () => {
    const warnings: string[] = [];
    const broken = new RedisLimitStore('redis://127.0.0.1:1');
    const limits = new PersonalLimits(
      broken,
      fixedClock(),
      () => Promise.resolve({ ...DEFAULT_LIMITS_SETTINGS, messagesPerMinute: 1 }),
      { warn: (_obj, msg) => void warnings.push(msg) },
    );
    await limits.take('ada', 'messagesPerMinute');
    await limits.take('ada', 'messagesPerMinute');
    expect(await limits.mayRing('ada', 'bea')).toBe('ok');
    expect(warnings.length).toBeGreaterThanOrEqual(3);
    await broken.close();
  });
});
