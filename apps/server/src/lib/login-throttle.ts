import type { Clock } from './clock.js';

export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
}

export interface ThrottleRules {
  /** One account from one address: someone guessing a password. Hard block. */
  accountFromAddress: ThrottleRule;
  /** One address across accounts: spraying one password over many usernames. Hard block. */
  address: ThrottleRule;
  /** One browser that signed in to this account before (device cookie). Hard block for that cookie only. */
  device: ThrottleRule;
  /**
   * One account across addresses (a botnet). Never a block, which would let strangers lock the owner
   * out: past `freeFailures`, each attempt waits twice as long as the one before, up to `maxDelayMs`.
   */
  account: { freeFailures: number; windowMs: number; maxDelayMs: number };
}

const FIFTEEN_MINUTES = 15 * 60_000;

export const DEFAULT_THROTTLE_RULES: ThrottleRules = {
  accountFromAddress: { maxFailures: 5, windowMs: FIFTEEN_MINUTES },
  address: { maxFailures: 50, windowMs: FIFTEEN_MINUTES },
  device: { maxFailures: 5, windowMs: FIFTEEN_MINUTES },
  account: { freeFailures: 10, windowMs: FIFTEEN_MINUTES, maxDelayMs: 30_000 },
};

/** A sign-in attempt that holds its place in the counts until it is settled. */
export interface LoginAttempt {
  failed(): void;
  succeeded(): void;
  /** Neither: the check could not run (a database error). Frees the place without counting. */
  abandoned(): void;
}

export type BeginResult = { attempt: LoginAttempt } | { retryAfterSeconds: number };

export interface AttemptSource {
  ip: string;
  username: string;
  /** Set when the request carries a valid device cookie for this username. */
  deviceId: string | null;
}

/**
 * Slows password guessing without letting anyone deny the owner access (OWASP's authentication
 * guidance): hard limits apply only to what the guesser controls (their address, their device
 * cookie); failures spread over many addresses only add a growing, capped delay to that account;
 * and a browser that signed in to the account before (device cookie) bypasses both the address and
 * the account rules, counted under its own cookie instead.
 *
 * An attempt counts from the moment it begins, so a parallel burst cannot slip past a limit while
 * the password checks run. In memory per node: a restart forgetting counts is acceptable.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly rules: ThrottleRules = DEFAULT_THROTTLE_RULES,
  ) {}

  begin(source: AttemptSource): BeginResult {
    const now = this.clock.now().getTime();
    const keys = source.deviceId
      ? [{ key: `d:${source.deviceId}`, rule: this.rules.device }]
      : [
          { key: `a:${source.ip}:${source.username}`, rule: this.rules.accountFromAddress },
          { key: `i:${source.ip}`, rule: this.rules.address },
        ];
    const accountKey = `u:${source.username}`;
    const wait = Math.max(
      ...keys.map(({ key, rule }) => this.blockedFor(key, rule, now)),
      source.deviceId ? 0 : this.accountDelay(accountKey, now),
    );
    if (wait > 0) return { retryAfterSeconds: wait / 1000 };

    const counted = [...keys.map((k) => k.key), accountKey];
    for (const key of counted) this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    let settled = false;
    const settle = (outcome: 'failed' | 'succeeded' | 'abandoned') => {
      if (settled) return;
      settled = true;
      for (const key of counted) {
        const left = (this.pending.get(key) ?? 1) - 1;
        if (left > 0) this.pending.set(key, left);
        else this.pending.delete(key);
      }
      const at = this.clock.now().getTime();
      if (outcome === 'failed') {
        for (const key of counted) this.failures.set(key, [...(this.failures.get(key) ?? []), at]);
        if (this.failures.size > 10_000) this.prune(at);
      } else if (outcome === 'succeeded') {
        this.failures.delete(counted[0]!);
      }
    };
    return {
      attempt: {
        failed: () => settle('failed'),
        succeeded: () => settle('succeeded'),
        abandoned: () => settle('abandoned'),
      },
    };
  }

  private recent(key: string, windowMs: number, now: number): number[] {
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (recent.length > 0) this.failures.set(key, recent);
    else this.failures.delete(key);
    return recent;
  }

  /** Milliseconds until one more attempt under `key` fits `rule`, counting attempts in flight. */
  private blockedFor(key: string, rule: ThrottleRule, now: number): number {
    const recent = this.recent(key, rule.windowMs, now);
    const inFlight = this.pending.get(key) ?? 0;
    if (recent.length + inFlight < rule.maxFailures) return 0;
    // Only in-flight attempts over the limit: wait for them to settle, briefly.
    if (recent.length < rule.maxFailures) return 1000;
    return recent[recent.length - rule.maxFailures]! + rule.windowMs - now;
  }

  /** Past the free failures, the n-th extra failure makes the next attempt wait 2^n s (capped). */
  private accountDelay(key: string, now: number): number {
    const { freeFailures, windowMs, maxDelayMs } = this.rules.account;
    const recent = this.recent(key, windowMs, now);
    const inFlight = this.pending.get(key) ?? 0;
    const over = recent.length + inFlight - freeFailures;
    if (over < 0) return 0;
    if (inFlight > 0 || recent.length === 0) return 1000;
    const delay = Math.min(maxDelayMs, 1000 * 2 ** over);
    return Math.max(0, recent[recent.length - 1]! + delay - now);
  }

  private prune(now: number): void {
    const longest = Math.max(
      this.rules.accountFromAddress.windowMs,
      this.rules.address.windowMs,
      this.rules.device.windowMs,
      this.rules.account.windowMs,
    );
    for (const [key, times] of this.failures) {
      if (times.every((t) => now - t >= longest)) this.failures.delete(key);
    }
  }
}
