import fastifyRateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createClient } from 'redis';
import type { Config } from '../config.js';
import { Errors } from '../errors.js';
import { currentPrincipal } from '../modules/auth/auth.guards.js';

type RedisClient = ReturnType<typeof createClient>;
type StoreCallback = (err: Error | null, result?: { current: number; ttl: number }) => void;

/** Counts shared by every node (fixed windows in Redis); @fastify/rate-limit's own store wants ioredis. */
function redisStore(client: RedisClient) {
  return class RedisRateLimitStore {
    incr(key: string, callback: StoreCallback, timeWindow: number): void {
      const name = `parley:rate:${key}`;
      client
        .multi()
        .incr(name)
        .pExpire(name, timeWindow, 'NX')
        .pTTL(name)
        .exec()
        .then(
          (replies) => callback(null, { current: Number(replies[0]), ttl: Math.max(0, Number(replies[2])) }),
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
        );
    }
    child() {
      return this;
    }
  };
}

const byUser = async (request: FastifyRequest) =>
  `user:${(await currentPrincipal(request))?.user.id ?? `ip:${request.ip}`}`;

/**
 * Per-route limits for what a script would hammer: creating accounts, guessing the current password,
 * minting tokens. Sign-in has its own throttle (lib/login-throttle.ts).
 */
export const RATE_LIMITS = {
  setup: { max: 10, timeWindow: 15 * 60_000 },
  register: { max: 10, timeWindow: 60 * 60_000 },
  passwordReset: { max: 10, timeWindow: 15 * 60_000 },
  /** Per account, so guesses of the current password spread over sessions and addresses add up. */
  passwordChange: { max: 10, timeWindow: 15 * 60_000, keyGenerator: byUser },
  tokenCreate: { max: 20, timeWindow: 60 * 60_000, keyGenerator: byUser },
  /** Each start rings people on every device: a script must not be able to ring someone all day. */
  callStart: { max: 30, timeWindow: 60_000, keyGenerator: byUser },
  /** Holding slots and proposing sessions: a script must not be able to hold a provider's whole week. */
  consultationCreate: { max: 30, timeWindow: 60_000, keyGenerator: byUser },
  /**
   * Moving a booking (reschedule, propose a new time): each claims time, releases time and tells
   * both parties; a script must not be able to churn a calendar or flood the other party.
   */
  consultationChange: { max: 30, timeWindow: 60_000, keyGenerator: byUser },
  /** Reports become chat lines for the other party: a script toggling a camera must not flood them. */
  consultationReport: { max: 120, timeWindow: 60_000, keyGenerator: byUser },
} satisfies Record<string, RateLimitOptions>;

export async function registerRateLimits(app: FastifyInstance, config: Config): Promise<void> {
  let store: ReturnType<typeof redisStore> | undefined;
  if (config.redis) {
    const client = createClient({ url: config.redis.url });
    await client.connect();
    store = redisStore(client);
    app.addHook('onClose', async () => {
      await client.quit();
    });
  }
  await app.register(fastifyRateLimit, {
    global: false,
    ...(store ? { store } : {}),
    errorResponseBuilder: (_request, context) => Errors.rateLimited(context.ttl / 1000),
  });
}
