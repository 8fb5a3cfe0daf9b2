import type { Clock } from './clock.js';

export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
}

/**
 * Counts failed sign-ins per account+address and per address. In memory on purpose: it only needs to
 * slow guessing on this node, and a restart forgetting counts is acceptable.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly perAccount: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000 },
    private readonly perAddress: ThrottleRule = { maxFailures: 50, windowMs: 15 * 60_000 },
  ) {}

  /** Seconds to wait before another attempt is allowed, or 0. */
  retryAfter(ip: string, username: string): number {
    return Math.max(this.wait(`a:${ip}:${username}`, this.perAccount), this.wait(`i:${ip}`, this.perAddress));
  }

  recordFailure(ip: string, username: string): void {
    const now = this.clock.now().getTime();
    for (const key of [`a:${ip}:${username}`, `i:${ip}`]) {
      this.failures.set(key, [...(this.failures.get(key) ?? []), now]);
    }
    if (this.failures.size > 10_000) this.prune(now);
  }

  recordSuccess(ip: string, username: string): void {
    this.failures.delete(`a:${ip}:${username}`);
  }

  private wait(key: string, rule: ThrottleRule): number {
    const now = this.clock.now().getTime();
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < rule.windowMs);
    this.failures.set(key, recent);
    if (recent.length < rule.maxFailures) return 0;
    return (recent[recent.length - rule.maxFailures]! + rule.windowMs - now) / 1000;
  }

  private prune(now: number): void {
    const longest = Math.max(this.perAccount.windowMs, this.perAddress.windowMs);
    for (const [key, times] of this.failures) {
      if (times.every((t) => now - t >= longest)) this.failures.delete(key);
    }
  }
}
