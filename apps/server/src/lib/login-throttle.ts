import type { Clock } from './clock.js';

export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
}

export interface ThrottleRules {
  /** One account from one address: the common case of someone guessing a password. */
  accountFromAddress: ThrottleRule;
  /** One address across accounts: spraying one password over many usernames. */
  address: ThrottleRule;
  /** One account across addresses: guessing from many addresses (a botnet, an IPv6 block). */
  account: ThrottleRule;
}

const FIFTEEN_MINUTES = 15 * 60_000;

export const DEFAULT_THROTTLE_RULES: ThrottleRules = {
  accountFromAddress: { maxFailures: 5, windowMs: FIFTEEN_MINUTES },
  address: { maxFailures: 50, windowMs: FIFTEEN_MINUTES },
  // Higher than the per-address rule so that a stranger's failures cannot easily lock a user out,
  // yet low enough that spreading guesses over addresses buys little.
  account: { maxFailures: 30, windowMs: FIFTEEN_MINUTES },
};

/** A sign-in attempt that holds its place in the counts until it is settled. */
export interface LoginAttempt {
  failed(): void;
  succeeded(): void;
  /** Neither: the check could not run (a database error). Frees the place without counting. */
  abandoned(): void;
}

export type BeginResult = { attempt: LoginAttempt } | { retryAfterSeconds: number };

/**
 * Counts failed sign-ins per account+address, per address and per account. In memory on purpose: it
 * only needs to slow guessing on this node, and a restart forgetting counts is acceptable.
 *
 * An attempt counts against the limits from the moment it begins, not when its password check
 * fails: otherwise a burst of parallel guesses would all pass the check before the first failure
 * was recorded.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly rules: ThrottleRules = DEFAULT_THROTTLE_RULES,
  ) {}

  begin(ip: string, username: string): BeginResult {
    const keys = this.keys(ip, username);
    const wait = Math.max(
      this.wait(keys.accountFromAddress, this.rules.accountFromAddress),
      this.wait(keys.address, this.rules.address),
      this.wait(keys.account, this.rules.account),
    );
    if (wait > 0) return { retryAfterSeconds: wait };
    const all = [keys.accountFromAddress, keys.address, keys.account];
    for (const key of all) this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    let settled = false;
    const settle = (outcome: 'failed' | 'succeeded' | 'abandoned') => {
      if (settled) return;
      settled = true;
      for (const key of all) {
        const left = (this.pending.get(key) ?? 1) - 1;
        if (left > 0) this.pending.set(key, left);
        else this.pending.delete(key);
      }
      const now = this.clock.now().getTime();
      if (outcome === 'failed') {
        for (const key of all) this.failures.set(key, [...(this.failures.get(key) ?? []), now]);
        if (this.failures.size > 10_000) this.prune(now);
      } else if (outcome === 'succeeded') {
        this.failures.delete(keys.accountFromAddress);
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

  private keys(ip: string, username: string) {
    return { accountFromAddress: `a:${ip}:${username}`, address: `i:${ip}`, account: `u:${username}` };
  }

  /** Seconds until one more attempt under `key` fits `rule`, counting attempts still in flight. */
  private wait(key: string, rule: ThrottleRule): number {
    const now = this.clock.now().getTime();
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < rule.windowMs);
    if (recent.length > 0) this.failures.set(key, recent);
    else this.failures.delete(key);
    const inFlight = this.pending.get(key) ?? 0;
    if (recent.length + inFlight < rule.maxFailures) return 0;
    // Only in-flight attempts over the limit: wait for them to settle, briefly.
    if (recent.length < rule.maxFailures) return 1;
    return (recent[recent.length - rule.maxFailures]! + rule.windowMs - now) / 1000;
  }

  private prune(now: number): void {
    const { accountFromAddress, address, account } = this.rules;
    const longest = Math.max(accountFromAddress.windowMs, address.windowMs, account.windowMs);
    for (const [key, times] of this.failures) {
      if (times.every((t) => now - t >= longest)) this.failures.delete(key);
    }
  }
}
